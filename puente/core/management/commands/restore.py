from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from puente.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into a migrated, empty database "
        "(see docs/operations.md). Stop the web processes and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data of a database that is not empty",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(options["path"], force=options["force"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = "" if summary.rows is None else f", {summary.rows} rows"
        self.stdout.write(
            f"Restored {summary.path} ({summary.database}{rows}, "
            f"{summary.media_files} media files)."
        )
