"""Every CSV export opened as people open it: double-clicked in a spreadsheet program set to
their language (LibreOffice headless, ``core/tests/libreoffice.py``). In Spanish each column
lands in its own column and numbers are numbers (3,3 hours is 3.3, not the text "3.3")."""

import datetime as dt
import io
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.core.tests.libreoffice import by_header, open_in_spreadsheet
from puente.plans import services as plans
from puente.programs.models import Membership
from puente.reports import exports

URL = "/p/programa-piloto/exports/"

pytestmark = pytest.mark.slow


def _speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return client_for(user)


@pytest.fixture
def goal(world, october):
    mentee = world.program.memberships.get(role=Role.MENTEE)
    plan = plans.plan_open(relationship=october, mentee=mentee)
    return plans.goal_create(
        plan=plan,
        title="Vender a dos empresas",
        indicator="ventas mensuales",
        target_value=Decimal("2500000.5"),
        target_date=dt.date(2026, 12, 15),
        starts_on=dt.date(2026, 9, 15),
    )


def _program_csvs(client):
    response = client.post(
        URL,
        {"file_format": "csv", "submit_key": str(uuid.uuid4()), "tables": list(exports.TABLES)},
    )
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {Path(name).stem: archive.read(name) for name in archive.namelist()}


def test_spanish_excel_reads_every_program_export_in_columns_with_numbers(world, october, goal):
    client = _speaking(world.coordinator, "es")
    files = _program_csvs(client)
    files["dashboard"] = client.get("/p/programa-piloto/dashboard/export.csv").content
    assert set(files) == {"README", *exports.TABLES, "dashboard"}
    opened = open_in_spreadsheet(files, "es")
    for key, table in exports.TABLES.items():
        with translation.override("es"):
            headers = table.headers()
        assert opened[key][0] == headers, key  # each header in its own column, in Spanish
    assert opened["README"][0] == ["Hoja", "Columna", "Descripción"]
    (relationship,) = by_header(opened["relationships"])
    assert relationship["Relación"] == october.pk
    assert relationship["Reuniones realizadas"] == 3
    assert relationship["Horas"] == 3.3  # a number, not the text "3,3" nor "3.3"
    assert isinstance(relationship["Empieza el"], dt.datetime)  # an ISO date read as a date
    meetings = by_header(opened["meetings"])
    assert sorted(m["Minutos"] for m in meetings if m["Minutos"] is not None) == [45, 60, 90]
    (goal_row,) = by_header(opened["goals"])
    assert goal_row["Valor meta"] == 2500000.5
    people = by_header(opened["people"])
    assert len(people) == Membership.objects.filter(program=world.program).count()
    dashboard = opened["dashboard"]
    assert len(dashboard[0]) == 11 and dashboard[0][:2] == ["Agrupación", "Grupo"]


def test_english_spreadsheets_read_the_english_dialect(world, october, goal):
    client = _speaking(world.coordinator, "en")
    files = _program_csvs(client)
    opened = open_in_spreadsheet(
        {"relationships": files["relationships"], "goals": files["goals"]}, "en"
    )
    (relationship,) = by_header(opened["relationships"])
    assert relationship["Hours"] == 3.3 and relationship["Meetings held"] == 3
    (goal_row,) = by_header(opened["goals"])
    assert goal_row["Target value"] == 2500000.5
