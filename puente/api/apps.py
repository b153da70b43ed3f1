from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "puente.api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Webhooks: the services of earlier apps name their events through puente.core.hooks.
        from puente.api import schema  # noqa: F401 - registers the token scheme in the schema
        from puente.api.models import WebhookEvent
        from puente.api.services import event_record
        from puente.api.tasks import webhook_retry_task
        from puente.core.hooks import on_daily, on_event

        for name in WebhookEvent.values:
            on_event(name, event_record)
        on_daily(webhook_retry_task)

        # The audit trail: who created or revoked a token or a webhook (never keys or secrets).
        from puente.api.models import ApiToken, Webhook
        from puente.core.audit import audit

        audit(ApiToken, exclude=["key_hash"])
        audit(Webhook, exclude=["secret"])
