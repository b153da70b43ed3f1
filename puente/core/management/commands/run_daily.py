"""Cron-friendly: enqueue the daily background work; the ``db_worker`` process runs it."""

from typing import Any

from django.core.management.base import BaseCommand

from puente.core.hooks import daily_tasks


class Command(BaseCommand):
    help = (
        "Enqueue the daily tasks (the monthly-contact watch, meeting reminders and log nudges, "
        "then those registered by later apps, such as the weekly digest). "
        "Safe to run more than once a day; run it hourly for timely reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The tasks each app registered through core.hooks.on_daily in its AppConfig.ready, in
        # the order of INSTALLED_APPS: mentoring's watch and reminders before the weekly digest
        # (which reads the flags the watch raised).
        for task in daily_tasks():
            result = task.enqueue()
            if options["verbosity"] > 0:
                self.stdout.write(f"Enqueued {task.name} ({result.id}).")
