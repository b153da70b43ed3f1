"""Cron-friendly: enqueue the daily background work; the ``db_worker`` process runs it."""

from typing import Any

from django.core.management.base import BaseCommand

from puente.core.hooks import daily_tasks
from puente.mentoring.tasks import reminders_task, watch_task


class Command(BaseCommand):
    help = (
        "Enqueue the daily tasks (the monthly-contact watch, meeting reminders and log nudges, "
        "then those registered by later apps, such as the weekly digest). "
        "Safe to run more than once a day; run it hourly for timely reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Its own tasks first (the digest reads the flags the watch raised), then those of later
        # apps registered through the hook (the weekly digest).
        for task in (watch_task, reminders_task, *daily_tasks()):
            result = task.enqueue()
            if options["verbosity"] > 0:
                self.stdout.write(f"Enqueued {task.name} ({result.id}).")
