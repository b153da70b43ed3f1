import csv
import datetime as dt
import io
import re
import uuid
import zipfile

import pytest
import time_machine
from django.core import mail
from openpyxl import load_workbook

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.programs.models import Membership
from puente.reports import exports
from puente.reports.models import ExportFile

URL = "/p/programa-piloto/exports/"


def post(client, **data):
    return client.post(URL, {"file_format": "xlsx", "submit_key": str(uuid.uuid4()), **data})


@pytest.fixture
def formula_person(world):
    person = UserFactory(full_name='=HYPERLINK("http://x")', organization="+57 Compañía")
    MembershipFactory(user=person, program=world.program, role=Role.MENTEE, wave=world.wave)
    return person


def test_xlsx_has_a_readme_and_one_sheet_per_table(world, october, formula_person):
    response = post(
        client_for(world.coordinator),
        tables=["people", "applications", "relationships", "meetings"],
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["README", "People", "Applications", "Relationships", "Meetings"]
    readme = [row for row in book["README"].iter_rows(values_only=True)]
    assert ("Relationships", "Hours", "Hours of the held meetings, from their logs.") in readme
    people = list(book["People"].iter_rows(values_only=True))
    names = [row[0] for row in people[1:]]
    assert '\'=HYPERLINK("http://x")' in names  # escaped: stays text
    assert any(row[5] == "'+57 Compañía" for row in people[1:])
    assert len(people) - 1 == Membership.objects.filter(program=world.program).count()
    relationships = list(book["Relationships"].iter_rows(values_only=True))
    header, row = relationships[0], relationships[1]
    figures = dict(zip(header, row, strict=True))
    assert figures["Meetings held"] == 3 and figures["Meetings missed"] == 1
    assert figures["Hours"] == 3.3  # 60 + 90 + 45 minutes, rounded half up
    assert figures["Mentees"] == world.mentee.full_name
    meetings = list(book["Meetings"].iter_rows(values_only=True))
    assert len(meetings) - 1 == 12
    assert any(r[8] == "Precios de temporada" and r[7] == 90 for r in meetings[1:])


def test_filters_apply_as_on_screen(world, october, formula_person):
    response = post(client_for(world.coordinator), tables=["people"], role="mentor")
    rows = list(load_workbook(io.BytesIO(response.content))["People"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [world.mentor.full_name]
    response = post(client_for(world.coordinator), tables=["relationships"], status="completed")
    rows = list(
        load_workbook(io.BytesIO(response.content))["Relationships"].iter_rows(values_only=True)
    )
    assert len(rows) == 1  # headers only


def test_csv_of_one_table_and_zip_of_several(world, october, formula_person):
    client = client_for(world.coordinator)
    response = post(client, file_format="csv", tables=["people"])
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Name", "Email", "Role"]
    assert any(r[0] == '\'=HYPERLINK("http://x")' for r in rows[1:])
    response = post(client, file_format="csv", tables=["people", "meetings"])
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["README.csv", "meetings.csv", "people.csv"]


def test_the_form_needs_a_table(world):
    response = post(client_for(world.coordinator))
    assert response.status_code == 422
    assert "Choose at least one table" in response.content.decode()


def test_export_page_coordinator_outsider_anonymous_405(world):
    assert client_for(world.coordinator).get(URL).status_code == 200
    assert client_for(world.outsider).get(URL).status_code == 404
    assert client_for(None).get(URL).status_code == 302
    assert client_for(world.coordinator).put(URL).status_code == 405


@pytest.fixture
def small_inline_limit(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(exports, "INLINE_MAX_ROWS", 3)
    settings.MEDIA_ROOT = tmp_path


def _link(message) -> str:
    return re.search(r"http://testserver(/exports/\S+/)", message.body).group(1)


def test_a_large_export_is_emailed_as_a_link_for_that_coordinator_only(
    world, october, small_inline_limit, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, tables=["meetings"], submit_key="3f1c2d1e-4b5a-4c3d-9e8f-0a1b2c3d4e5f"
        )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        post(client, tables=["meetings"], submit_key="3f1c2d1e-4b5a-4c3d-9e8f-0a1b2c3d4e5f")
    export = ExportFile.objects.get()  # a double submit queues one export
    assert export.status == ExportFile.Status.READY and export.rows == 12
    assert (tmp_path / "exports" / export.file_name).is_file()
    assert world.program.slug not in export.file_name
    (message,) = mail.outbox
    assert message.to == [world.coordinator.email]
    link = _link(message)
    download = client.get(link)
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames == ["README", "Meetings"]
    assert client_for(world.other_coordinator).get(link).status_code == 404
    other = UserFactory()
    MembershipFactory(user=other, program=world.program, role=Role.COORDINATOR)
    assert client_for(other).get(link).status_code == 404
    assert client_for(None).get(link).status_code == 302
    assert client_for(world.coordinator).get(link[:-3] + "xx/").status_code == 404


def test_an_expired_link_gets_404(
    world, october, small_inline_limit, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, tables=["meetings"])
    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 200
    later = dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC) + dt.timedelta(
        days=exports.LINK_MAX_AGE_DAYS, minutes=1
    )
    with time_machine.travel(later, tick=False):
        assert client.get(link).status_code == 404


def test_a_former_coordinator_cannot_download(
    world, october, small_inline_limit, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, tables=["meetings"])
    link = _link(mail.outbox[0])
    Membership.objects.filter(user=world.coordinator, role=Role.COORDINATOR).update(
        role=Role.OBSERVER
    )
    assert client.get(link).status_code == 404


def test_the_build_task_is_idempotent(world, october, small_inline_limit):
    access = exports.access_for(world.program, world.coordinator)
    export = exports.ExportFile.objects.create(
        program=world.program, requested_by=world.coordinator, tables=["people"], file_format="csv"
    )
    assert access is not None
    assert exports.export_build(export_id=export.pk) == "ready"
    assert exports.export_build(export_id=export.pk) == "ready"
    export.refresh_from_db()
    assert export.file_name.endswith(".csv")


def test_the_form_is_prefilled_from_the_address(world):
    response = client_for(world.coordinator).get(URL, {"role": "mentor", "tables": "people"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<option value="mentor" selected>' in page
    assert 'value="people" id="id_tables_0" checked>' in page


def test_expired_export_files_are_removed(
    world, october, small_inline_limit, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(world.coordinator), tables=["meetings"])
    export = ExportFile.objects.get()
    path = tmp_path / "exports" / export.file_name
    assert path.is_file()
    assert exports.exports_clean() == 0
    later = dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC) + dt.timedelta(days=8)
    assert exports.exports_clean(now=later) == 1
    assert not path.exists()
    export.refresh_from_db()
    assert export.file_name == ""
