"""Background work of the notifications app: thin, idempotent wrappers around its services."""

from django.utils import timezone
from django_tasks import task

from puente.notifications.services import weekly_digest_send


@task()
def weekly_digest_task() -> int:
    """This week's digests not sent yet; ``run_daily`` enqueues it every day, and each person gets
    one per program and week however often (or however concurrently) it runs. Returns how many
    emails were queued."""
    return weekly_digest_send(now=timezone.now())
