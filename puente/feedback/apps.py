from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "puente.feedback"
    verbose_name = _("Feedback and lessons learned")

    def ready(self) -> None:
        # The audit trail (puente/core/audit.py). Pulse and retro results are shown without names,
        # so the log records who answered a pulse, never what they answered.
        from puente.core.audit import audit
        from puente.feedback.models import Lesson, MeetingFeedback, Pulse, PulseAnswer

        audit(MeetingFeedback)
        audit(Pulse)
        audit(PulseAnswer, include=["pulse", "author"])
        audit(Lesson)
