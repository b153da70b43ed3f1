"""A download holds the person's own data, and what others wrote about them under its own
heading; never other people's names or emails."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from puente.conftest import client_for
from puente.privacy.tests.conftest import EMAIL, NAME

DOWNLOAD = reverse("privacy:download")
ABOUT = "What others wrote about you"

pytestmark = pytest.mark.django_db


def _json(user) -> tuple[dict, str]:
    response = client_for(user).post(DOWNLOAD, {"file_format": "json"})
    assert response.status_code == 200
    return json.loads(response.content), response.content.decode()


def _xlsx_cells(user) -> dict[str, list[str]]:
    response = client_for(user).post(DOWNLOAD, {"file_format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [
            str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell
        ]
        for sheet in workbook
    }


def _mentee_name_or_email_in(text: str) -> bool:
    text = text.lower()
    return NAME.lower() in text or EMAIL.lower() in text


def test_a_mentors_download_never_names_the_mentee(person):
    """The mentee wrote her own name and email into shared texts (a log, the agreement): the
    mentor's download shows what she wrote about him, never who she is."""
    _data, text = _json(person.mentor)
    assert not _mentee_name_or_email_in(text)
    for title, cells in _xlsx_cells(person.mentor).items():
        assert not any(_mentee_name_or_email_in(cell) for cell in cells), title


def test_a_mentees_download_never_names_the_mentor(person):
    _data, text = _json(person.user)
    mentor = person.mentor
    assert mentor.full_name.lower() not in text.lower()
    assert mentor.email.lower() not in text.lower()
    for title, cells in _xlsx_cells(person.user).items():
        assert not any(mentor.full_name in cell or mentor.email in cell for cell in cells), title


def test_what_the_mentor_wrote_in_a_log_is_under_its_own_heading(person):
    data, _text = _json(person.user)
    about = data["about_you"]
    assert about["title"] == ABOUT
    logs = about["kinds"]["meeting_logs_by_others"]["rows"]
    assert [row["shared_notes"] for row in logs] == ["Notas del mentor"]
    # Not among the mentee's own logs.
    own = [row["shared_notes"] for row in data["kinds"]["meeting_logs"]["rows"]]
    assert "Notas del mentor" not in own
    assert own == [f"Notas de {EMAIL}"]

    sheets = _xlsx_cells(person.user)
    assert "Notas del mentor" in sheets[ABOUT]
    assert "Notas del mentor" not in sheets["Meeting logs"]


def test_what_the_mentee_wrote_about_the_mentor_is_in_his_download_without_her_name(person):
    data, _text = _json(person.mentor)
    logs = data["about_you"]["kinds"]["meeting_logs_by_others"]["rows"]
    assert [row["topics"] for row in logs] == ["Temas de […]"]
    own = [row["shared_notes"] for row in data["kinds"]["meeting_logs"]["rows"]]
    assert own == ["Notas del mentor"]


def test_progress_on_her_goals_and_comments_on_his_reports_are_about_them(person, world):
    from decimal import Decimal

    from django.utils import timezone

    from puente.plans.models import Goal, ProgressUpdate
    from puente.reports.models import MentorReport

    goal = Goal.objects.get(plan__mentee__user=person.user)
    ProgressUpdate.objects.create(
        goal=goal,
        value=Decimal(6),
        note="Buen avance este mes",
        written_by=person.mentor,
        written_at=timezone.now(),
    )
    MentorReport.objects.filter(author=person.mentor).update(
        review_comment="Faltan las horas", reviewed_by=world.tutor, reviewed_at=timezone.now()
    )

    mentee, _text = _json(person.user)
    updates = mentee["about_you"]["kinds"]["progress_updates_by_others"]["rows"]
    assert [row["note"] for row in updates] == ["Buen avance este mes"]
    assert [r["note"] for r in mentee["kinds"]["progress_updates"]["rows"]] == [f"Avance {NAME}"]

    mentor, text = _json(person.mentor)
    comments = mentor["about_you"]["kinds"]["report_comments"]["rows"]
    assert [row["review_comment"] for row in comments] == ["Faltan las horas"]
    # His own update on her goal is his data; her goal's title does not name her.
    assert [row["note"] for row in mentor["kinds"]["progress_updates"]["rows"]] == [
        "Buen avance este mes"
    ]
    assert not _mentee_name_or_email_in(text)
    assert world.tutor.full_name not in text
