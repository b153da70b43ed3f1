"""`manage.py backup` and `manage.py restore`: a round trip gives back every row and every file.

Runs on SQLite by default and on PostgreSQL with scripts/with-postgres.sh.
"""

import io
import json
import tarfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from puente.accounts.models import User
from puente.core.backup import MANIFEST, _data_models, applied_migrations
from puente.programs.models import Membership


def _snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in _data_models()
    }


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "library" / "guía de inicio.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 contenido")
    return upload


@pytest.mark.parametrize("fmt", ["auto", "json"])
def test_a_backup_restores_every_row_and_file_into_an_emptied_database(
    transactional_db, world, media, tmp_path, fmt
):
    # Some history too: a change made through the audit trail and a many-to-many link.
    world.mentor.full_name = "Marta Cambiada"
    world.mentor.save()
    assert LogEntry.objects.exists()
    before = _snapshot()
    archive = tmp_path / "backups" / "puente.tar.gz"

    output = _run("backup", str(archive), "--format", fmt)

    assert "Backup written" in output
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
    expected_database = (
        "database.sqlite3" if fmt == "auto" and connection.vendor == "sqlite" else "data.jsonl"
    )
    assert set(names) == {MANIFEST, expected_database, "media/library/guía de inicio.pdf"}
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["migrations"] == applied_migrations()
    assert manifest["migrations"]["programs"].startswith("00")
    assert manifest["puente_version"] == "0.1.0"

    # A database that holds data is refused ...
    with pytest.raises(CommandError, match="already holds data"):
        _run("restore", str(archive))

    # ... an emptied one takes it back whole.
    call_command("flush", interactive=False, verbosity=0)
    media.unlink()
    assert not User.objects.exists()

    output = _run("restore", str(archive))

    assert "Restored" in output
    assert _snapshot() == before
    assert media.read_bytes() == b"%PDF-1.4 contenido"
    # Ids keep counting after the restored rows.
    new = Membership.objects.create(user=world.outsider, program=world.program, role="mentor")
    assert new.pk > max(row["id"] for row in before["programs.Membership"])


def test_restore_refuses_a_backup_from_other_migrations(transactional_db, media, tmp_path):
    archive = tmp_path / "puente.tar.gz"
    _run("backup", str(archive))
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    manifest = json.loads(members[MANIFEST])
    manifest["migrations"]["programs"] = "9999_from_the_future"
    members[MANIFEST] = json.dumps(manifest).encode()
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(altered, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))

    with pytest.raises(CommandError, match="other migrations.*programs"):
        _run("restore", str(altered))


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a Puente backup"):
        _run("restore", str(bogus))
