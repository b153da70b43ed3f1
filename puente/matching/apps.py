from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "puente.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Its steps (a run confirmed, tutors assigned) on the program home's next-steps checklist
        # (core.hooks.on_checklist).
        from puente.core.hooks import on_checklist
        from puente.matching.checklist import steps as checklist_steps

        on_checklist(checklist_steps)

        # Texts are encoded when they change, in the background, never during a match run.
        from puente.core.hooks import on_profile_changed
        from puente.matching.tasks import enqueue_refresh_for_user

        on_profile_changed(enqueue_refresh_for_user)

        # The audit trail (puente/core/audit.py): the pairs decided and who decided them. A run's
        # inputs, timings and proposals are large, computed and kept on the run itself.
        from puente.core.audit import audit
        from puente.matching.models import Match, MatchRun, TutorAssignment

        audit(Match, exclude=["breakdown"])
        audit(MatchRun, include=["status", "confirmed_at", "confirmed_by", "wave", "track"])
        audit(TutorAssignment)
