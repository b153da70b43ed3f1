from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "puente.programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        # The audit trail (puente/core/audit.py): programs, who holds which role in them, the
        # corporate buyers and which businesses target them.
        from puente.core.audit import audit
        from puente.programs.models import (
            Break,
            BuyerOrganization,
            FocusArea,
            Membership,
            Program,
            Track,
            Wave,
        )

        audit(Program)
        audit(Break)
        audit(Wave)
        audit(Track)
        audit(FocusArea)
        audit(Membership, m2m=["focus_areas", "buyers"])
        audit(BuyerOrganization)

        # The program's own step of the next-steps checklist on the program home; later apps
        # register theirs the same way.
        from puente.core.hooks import on_checklist
        from puente.programs.checklist import steps

        on_checklist(steps)
