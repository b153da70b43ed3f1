from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "puente.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # `manage.py run_daily` (in mentoring, an earlier app) enqueues the weekly digest too.
        from puente.core.hooks import on_daily
        from puente.notifications.tasks import weekly_digest_task

        on_daily(weekly_digest_task)

        # The audit trail (puente/core/audit.py): a person's choices about the emails they get.
        from puente.core.audit import audit
        from puente.notifications.models import NotificationPreference

        audit(NotificationPreference)

        # One click in a digest's email turns the digest off (puente/accounts/unsubscribe.py).
        from puente.accounts import unsubscribe
        from puente.notifications import selectors, services

        unsubscribe.register(
            services.WEEKLY_DIGEST,
            name=NotificationPreference._meta.get_field("weekly_digest").verbose_name,
            is_on=lambda user: selectors.preference_for(user).weekly_digest,
            turn_off=lambda user: services.weekly_digest_turn_off(user=user),
        )
        unsubscribe.register(
            services.MESSAGE_EMAILS,
            name=NotificationPreference._meta.get_field("message_emails").verbose_name,
            is_on=lambda user: selectors.preference_for(user).message_emails != "none",
            turn_off=lambda user: services.message_emails_turn_off(user=user),
        )
