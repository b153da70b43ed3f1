from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "puente.mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        # Its steps (the session plan, the contact rule) on the program home's next-steps checklist
        # (core.hooks.on_checklist).
        from puente.core.hooks import on_checklist
        from puente.mentoring.checklist import steps as checklist_steps

        on_checklist(checklist_steps)

        # Confirming matches lays out the relationships and their meetings, once it has committed.
        from puente.core.hooks import on_matches_confirmed
        from puente.mentoring.services import relationships_from_matches_for

        on_matches_confirmed(relationships_from_matches_for)

        # Starting the next wave copies the wave's session plan, in the same transaction.
        from puente.core.hooks import on_wave_cloned
        from puente.mentoring.wave_copy import copy_wave_settings

        on_wave_cloned(copy_wave_settings)

        # The call page and the program home write the program's commitment from its plan.
        from puente.core.hooks import on_commitment
        from puente.mentoring.services import plan_commitment

        on_commitment(plan_commitment)

        # The audit trail (puente/core/audit.py). A private note's text is for its author alone, so
        # the log records that a note was written or deleted, never what it says. Reminder stamps
        # are bookkeeping of the daily job, not decisions.
        from puente.core.audit import audit
        from puente.mentoring.models import (
            Agreement,
            AgreementConfirmation,
            Meeting,
            MeetingLog,
            MeetingVenue,
            PrivateNote,
            Relationship,
            RelationshipStatusChange,
            RiskFlag,
        )

        audit(Relationship, m2m=["mentees"])
        audit(RelationshipStatusChange)
        # A meeting's room name is a secret (its video link), not a decision.
        audit(Meeting, exclude=["reminded_at", "nudged_at", "room"])
        audit(MeetingVenue)
        audit(MeetingLog, m2m=["attended", "focus_areas"])
        audit(PrivateNote, exclude=["text"])
        audit(Agreement)
        audit(AgreementConfirmation)
        audit(RiskFlag)

        # `manage.py run_daily` (in core) enqueues the monthly-contact watch, then the meeting
        # reminders and log nudges; later apps' daily tasks (the weekly digest, which reads the
        # watch's flags) come after, being registered after these.
        from puente.core.hooks import on_daily
        from puente.mentoring.tasks import busy_calendars_refresh_task, reminders_task, watch_task

        on_daily(watch_task)
        on_daily(reminders_task)
        # People's own calendar addresses, each read again every BUSY_CALENDAR_REFRESH_HOURS.
        on_daily(busy_calendars_refresh_task)
