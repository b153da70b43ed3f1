"""Background work of the mentoring app: thin, idempotent wrappers around its services."""

from django.utils import timezone
from django_tasks import task

from puente.mentoring.models import Relationship
from puente.mentoring.services import (
    busy_calendar_refresh,
    busy_calendars_due,
    reminders_send,
    watch_evaluate,
)
from puente.programs.models import Program


@task()
def watch_task() -> int:
    """The monthly-contact watch of every program with active relationships, as of today.
    Running it twice a day raises nothing new (flags are unique per relationship and month)."""
    today = timezone.localdate()
    programs = Program.objects.filter(
        pk__in=Relationship.objects.filter(status=Relationship.Status.ACTIVE).values("program_id")
    )
    return sum(len(watch_evaluate(program=program, today=today)) for program in programs)


@task()
def reminders_task() -> int:
    """Meeting reminders and log nudges due now; each meeting's emails go out once however often
    (or however concurrently) it runs. Returns how many meetings got a reminder or a nudge."""
    return sum(reminders_send(now=timezone.now()))


@task()
def busy_calendar_refresh_task(calendar_id: int) -> str:
    """Read one person's calendar address for their busy times (when it is due)."""
    return busy_calendar_refresh(calendar_id=calendar_id)


@task()
def busy_calendars_refresh_task() -> int:
    """Enqueue a read of every calendar address whose next read is due (every few hours each).
    Returns how many were enqueued."""
    due = busy_calendars_due()
    for calendar_id in due:
        busy_calendar_refresh_task.enqueue(calendar_id=calendar_id)
    return len(due)
