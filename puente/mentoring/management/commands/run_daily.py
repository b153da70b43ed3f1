"""Cron-friendly: enqueue the daily background work; the ``db_worker`` process runs it."""

from typing import Any

from django.core.management.base import BaseCommand

from puente.mentoring.tasks import reminders_task, watch_task


class Command(BaseCommand):
    help = (
        "Enqueue the daily tasks (the monthly-contact watch, meeting reminders and log nudges). "
        "Safe to run more than once a day; run it hourly for timely reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for task in (watch_task, reminders_task):
            result = task.enqueue()
            if options["verbosity"] > 0:
                self.stdout.write(f"Enqueued {task.name} ({result.id}).")
