"""Backing up and restoring Puente: the database and the uploaded files in one .tar.gz.

The archive holds:
- `manifest.json`: format, Puente's version, when, the database vendor, the latest applied
  migration of every app, and what the database part is;
- the database, either `database.sqlite3` (SQLite's online backup API: a consistent copy of the
  live file, taken while Puente keeps running) or `data.jsonl` (every row as Django JSON Lines,
  read inside one REPEATABLE READ, READ ONLY transaction on PostgreSQL, so every table is seen at
  the same instant while Puente keeps running);
- `media/`: the uploaded files (MEDIA_ROOT).

PostgreSQL backups use Django's own serialisation rather than `pg_dump`: no client binary whose
version must match the server, the same code path in tests, and a backup that restores into any
database Puente supports (so the JSON format also moves an installation from SQLite to
PostgreSQL). Very large installations can add `pg_dump` or continuous archiving on top
(docs/operations.md).

A restore goes into a database that is migrated to exactly the backup's migrations and holds no
data yet (`force` replaces whatever is there).
"""

import datetime as dt
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from puente.core.version import puente_version

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
JSON_FILE = "data.jsonl"
MEDIA_DIR = "media"
# Rows that a freshly migrated database already has, and that do not count as data.
NOT_DATA = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (ECMA-262); a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why, for an operator."""


@dataclass(frozen=True)
class Summary:
    path: Path
    database: str
    rows: int | None
    media_files: int


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The latest applied migration of every app (migration names start with their number)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _data_models() -> list[type[models.Model]]:
    """Every concrete model with a table of its own (auto-created m2m tables travel with their
    models)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


# backup


def backup(path: Path, *, fmt: str = "auto", using: str = DEFAULT_DB_ALIAS) -> Summary:
    connection = connections[using]
    vendor = connection.vendor
    if fmt == "auto":
        fmt = "sqlite" if vendor == "sqlite" else "json"
    if fmt == "sqlite" and vendor != "sqlite":
        raise BackupError("The sqlite format needs a SQLite database; use --format json.")
    with tempfile.TemporaryDirectory(prefix="puente-backup-") as work:
        workdir = Path(work)
        rows: int | None = None
        if fmt == "sqlite":
            database = SQLITE_FILE
            connection.ensure_connection()
            _sqlite_copy(connection.connection, workdir / database)
        else:
            database = JSON_FILE
            rows = _json_dump(workdir / database, using=using)
        manifest = {
            "format": FORMAT,
            "puente_version": puente_version(),
            "created_at": timezone.now().isoformat(),
            "database_vendor": vendor,
            "database": database,
            "rows": rows,
            "migrations": applied_migrations(using),
        }
        (workdir / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(workdir / MANIFEST, arcname=MANIFEST)
            archive.add(workdir / database, arcname=database)
            media_files = _add_media(archive)
        os.replace(partial, path)  # a reader never sees half an archive under the final name
    return Summary(path=path, database=database, rows=rows, media_files=media_files)


def _sqlite_copy(source: Any, target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()


def _json_dump(target: Path, *, using: str) -> int:
    connection = connections[using]
    rows = 0
    with transaction.atomic(using=using), target.open("w", encoding="utf-8") as stream:
        if connection.vendor == "postgresql":
            # Must be the transaction's first statement: every table read below sees one snapshot.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in _data_models():
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            count = queryset.count()
            if not count:
                continue
            serializers.serialize(
                "jsonl",
                queryset.iterator(chunk_size=2000),
                stream=stream,
                cls=FullPrecisionEncoder,
            )
            rows += count
    return rows


def _add_media(archive: tarfile.TarFile) -> int:
    root = Path(settings.MEDIA_ROOT)
    count = 0
    if not root.is_dir():
        return 0
    for file in sorted(root.rglob("*")):
        if file.is_file() and not file.is_symlink():
            archive.add(file, arcname=f"{MEDIA_DIR}/{file.relative_to(root).as_posix()}")
            count += 1
    return count


# restore


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{path} is not a Puente backup ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def has_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    return any(
        model._base_manager.using(using).exists()
        for model in _data_models()
        if model._meta.label_lower not in NOT_DATA
    )


def restore(path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Summary:
    manifest = read_manifest(path)
    connection = connections[using]
    current = applied_migrations(using)
    if manifest["migrations"] != current:
        differ = sorted(
            app
            for app in set(manifest["migrations"]) | set(current)
            if manifest["migrations"].get(app) != current.get(app)
        )
        raise BackupError(
            "The backup was taken at other migrations than this database has "
            f"({', '.join(differ)}). Install the Puente version of the backup "
            f"({manifest['puente_version']}), run `manage.py migrate`, restore, then upgrade."
        )
    if not force and has_data(using):
        raise BackupError("This database already holds data; restore into an empty one or --force.")
    database = manifest["database"]
    if database == SQLITE_FILE and connection.vendor != "sqlite":
        raise BackupError("This backup is a SQLite file; it restores into SQLite only.")
    with tempfile.TemporaryDirectory(prefix="puente-restore-") as work:
        workdir = Path(work)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(workdir, filter="data")  # refuses absolute paths and "../"
        rows: int | None = None
        if database == SQLITE_FILE:
            _sqlite_restore(workdir / SQLITE_FILE, using=using)
        elif database == JSON_FILE:
            rows = _json_load(workdir / JSON_FILE, using=using)
        else:
            raise BackupError(f"Unknown database part {database!r}.")
        media_files = _restore_media(workdir / MEDIA_DIR)
    return Summary(path=path, database=database, rows=rows, media_files=media_files)


def _sqlite_restore(source_file: Path, *, using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A SQLite restore cannot run inside a transaction.")
    source = sqlite3.connect(source_file)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


@contextmanager
def _quiet_restore() -> Iterator[None]:
    """Rows come back as they were: no audit entries, no signals' side effects on raw saves."""
    with disable_auditlog():
        yield


def _json_load(source_file: Path, *, using: str) -> int:
    connection = connections[using]
    data_models = _data_models()
    rows = 0
    with transaction.atomic(using=using), _quiet_restore():
        tables = [
            table
            for table in connection.introspection.django_table_names(include_views=False)
            if table != MigrationRecorder.Migration._meta.db_table
        ]
        statements = connection.ops.sql_flush(
            no_style(), tables, reset_sequences=True, allow_cascade=True
        )
        connection.ops.execute_sql_flush(statements)
        with connection.constraint_checks_disabled(), source_file.open(encoding="utf-8") as f:
            for item in serializers.deserialize("jsonl", f, using=using):
                item.save(using=using)
                rows += 1
        connection.check_constraints()
        sequences = connection.ops.sequence_reset_sql(no_style(), data_models)
        if sequences:
            with connection.cursor() as cursor:
                for sql in sequences:
                    cursor.execute(sql)
    return rows


def _restore_media(source: Path) -> int:
    if not source.is_dir():
        return 0
    root = Path(settings.MEDIA_ROOT)
    count = 0
    for file in sorted(source.rglob("*")):
        if file.is_file():
            target = root / file.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)
            count += 1
    return count
