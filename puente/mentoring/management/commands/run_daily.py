"""Cron-friendly: enqueue the daily background work; the ``db_worker`` process runs it."""

from typing import Any

from django.core.management.base import BaseCommand

from puente.mentoring.tasks import watch_task


class Command(BaseCommand):
    help = "Enqueue the daily tasks (the monthly-contact watch). Safe to run more than once a day."

    def handle(self, *args: Any, **options: Any) -> None:
        result = watch_task.enqueue()
        if options["verbosity"] > 0:
            self.stdout.write(f"Enqueued watch_task ({result.id}).")
