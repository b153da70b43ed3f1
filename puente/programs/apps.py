from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "puente.programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        # The audit trail (puente/core/audit.py): programs and who holds which role in them.
        from puente.core.audit import audit
        from puente.programs.models import Break, Membership, Program, Track, Wave

        audit(Program)
        audit(Break)
        audit(Wave)
        audit(Track)
        audit(Membership, m2m=["focus_areas"])
