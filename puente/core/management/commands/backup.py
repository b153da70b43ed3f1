from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from puente.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database and the uploaded files into one .tar.gz "
        "(see docs/operations.md). Safe while Puente is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="where to write the archive, e.g. x.tar.gz")
        parser.add_argument(
            "--format",
            choices=["auto", "sqlite", "json"],
            default="auto",
            help="auto: a SQLite file copy on SQLite, JSON rows on PostgreSQL; json also "
            "restores into another database vendor",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["path"], fmt=options["format"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = "" if summary.rows is None else f", {summary.rows} rows"
        self.stdout.write(
            f"Backup written to {summary.path} ({summary.database}{rows}, "
            f"{summary.media_files} media files)."
        )
