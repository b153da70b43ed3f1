from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "puente.recruitment"
    verbose_name = _("Calls and selection")

    def ready(self) -> None:
        # Its steps (a call opened, reviewers assigned) on the program home's next-steps checklist
        # (core.hooks.on_checklist).
        from puente.core.hooks import on_checklist
        from puente.recruitment.checklist import steps as checklist_steps

        on_checklist(checklist_steps)

        # The audit trail (puente/core/audit.py): applications and their decisions, review scores.
        # The applicant's answers live in instruments' submissions; the token hash is a secret.
        from puente.core.audit import audit
        from puente.recruitment.models import Application, Lottery, ReviewAssignment

        audit(Application, exclude=["token_hash"])
        audit(ReviewAssignment)
        audit(Lottery)
