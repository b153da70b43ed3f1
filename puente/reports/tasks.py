"""Background work of the reports app: thin, idempotent wrappers around its services."""

from django.utils import timezone
from django_tasks import task

from puente.reports import exports, services


@task()
def report_reminders_task() -> int:
    """From the 1st of a month, remind each mentor with a report missing for the month before;
    once per mentor and month however often it runs. Returns how many mentors were reminded."""
    return services.reminders_send(today=timezone.localdate())


@task()
def export_build_task(export_id: int) -> str:
    """Write a large export to its file and email its link; a finished export is left as is."""
    return exports.export_build(export_id=export_id)


@task()
def exports_clean_task() -> int:
    """Delete the files of expired export links (safe to run any number of times)."""
    return exports.exports_clean()
