import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from puente.core.outbox import deliver_pending_emails


class Command(BaseCommand):
    help = (
        "Send now, one by one, every outbox email not sent yet whose lease is free (e.g. after a "
        "worker crash); the hourly run_daily does the same in the background. Safe while the "
        "worker runs: each email is taken by one sender only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--grace",
            type=int,
            default=None,
            help="leave emails younger than this many seconds to their own task "
            "(default: EMAIL_OUTBOX_LEASE_SECONDS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        grace = options["grace"]
        sent = deliver_pending_emails(grace=None if grace is None else dt.timedelta(seconds=grace))
        self.stdout.write(f"Sent {sent} pending email(s).")
