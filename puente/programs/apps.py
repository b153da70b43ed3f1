from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "puente.programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        # The audit trail (puente/core/audit.py): programs, who holds which role in them, the
        # corporate buyers and which businesses target them.
        from puente.core.audit import audit
        from puente.programs.models import BuyerOrganization, Membership, Program, Track, Wave

        audit(Program)
        audit(Wave)
        audit(Track)
        audit(Membership, m2m=["focus_areas", "buyers"])
        audit(BuyerOrganization)
