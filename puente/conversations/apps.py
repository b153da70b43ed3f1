from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "puente.conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from puente.conversations import panels, scopes  # noqa: F401 - registers the scopes
        from puente.conversations.tasks import daily_summary_task
        from puente.core.hooks import on_daily, on_moderation_queue, on_relationship_page

        on_relationship_page("next", panels.relationship_link)
        on_moderation_queue(panels.moderation_queue)
        on_daily(daily_summary_task)

        # The audit trail (puente/core/audit.py): that a message was written, hidden or reported,
        # never what it says (the conversation is its members' alone).
        from puente.conversations.models import Message, MessageReport, TutorInvitation
        from puente.core.audit import audit

        audit(Message, exclude=("body", "attachment", "attachment_name"))
        audit(MessageReport, exclude=("reason",))
        audit(TutorInvitation)
