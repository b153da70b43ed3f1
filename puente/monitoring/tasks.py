"""Background work of the monitoring app: thin, idempotent wrappers around its services."""

from django.utils import timezone
from django_tasks import task

from puente.monitoring.services import reminders_send


@task()
def round_reminders_task() -> int:
    """Remind those who have not answered an open round. Running it again the same day sends
    nothing more (one reminder per person, round and day). Returns the reminders sent."""
    return reminders_send(today=timezone.localdate())
