"""Background work of the api app: sending webhook deliveries, thin and idempotent."""

from django.utils import timezone
from django_tasks import task

from puente.api import services
from puente.api.models import WebhookDelivery


@task()
def webhook_deliver_task(delivery_id: str) -> str:
    """One attempt at a delivery; when it failed and may be retried, the next attempt is queued
    for after its backoff (on backends that can defer; the sweep below catches the rest).
    Running it again before the next attempt is due sends nothing."""
    status = services.delivery_attempt(delivery_id=delivery_id)
    if status == WebhookDelivery.Status.PENDING:
        delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
        backend = webhook_deliver_task.get_backend()
        if delivery and delivery.next_attempt_at and backend.supports_defer:
            webhook_deliver_task.using(run_after=delivery.next_attempt_at).enqueue(
                delivery_id=delivery_id
            )
    return status


@task()
def webhook_retry_task() -> int:
    """Send every pending delivery whose next attempt is due (a safety net for lost tasks)."""
    due = services.deliveries_due(now=timezone.now())
    for delivery_id in due:
        services.delivery_attempt(delivery_id=delivery_id)
    return len(due)
