"""Background work of conversations: thin, idempotent wrappers around its services."""

from django.utils import timezone
from django_tasks import task

from puente.conversations.services import daily_summary_send


@task()
def daily_summary_task() -> int:
    """Today's summaries of unread messages not sent yet; ``run_daily`` enqueues it (hourly is
    fine): each person gets at most one a day. Returns how many emails were queued."""
    return daily_summary_send(now=timezone.now())
