"""Small-group suppression wherever aggregates leave Puente, on the case an outside review found.

"Barranquilla" has 9 mentees of whom 1 is in a relationship: the group is large enough, but its
meetings, hours and mean usefulness (2.07) are that one person's. They must be hidden — on the
funder's dashboard, in its CSV and XLSX, in the final report's PDF (of the wave Barranquilla
makes up) and in the API's indicators — and a second figure must go with each, so that the "All"
row minus the groups shown cannot give them back. Figures from 5 people or more stay visible.
"""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from puente.api.tests.conftest import api_client_for
from puente.conftest import client_for
from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.factories import MembershipFactory, UserFactory, WaveFactory
from puente.feedback.models import MeetingFeedback
from puente.instruments.services import instrument_from_template, version_publish
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.monitoring.models import Indicator, Round
from puente.reports import program_report

pytestmark = pytest.mark.django_db

FEW = "Hidden: fewer than 5 people contributed (appears when 5 do)"
COMPLEMENT = "Hidden so that another hidden figure cannot be worked out"
# Barranquilla's one mentee rates 15 meetings: (1 + 12 × 2 + 2 × 3) / 15 = 2.07.
BARRANQUILLA_RATINGS = [1] + [2] * 12 + [3] * 2


def _mentee(world, wave, city, n):
    user = UserFactory(email=f"{city.lower()}{n}@example.org", city=city, gender="Mujer")
    return MembershipFactory(
        user=user, program=world.program, role=Role.MENTEE, wave=wave, track=world.track
    )


def _pair(world, wave, mentee, ratings, *, minutes):
    """A relationship of ``mentee`` with one meeting held (and rated) per rating, all before
    today (every date is built from today)."""
    today = timezone.localdate()
    mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=wave)
    relationship = Relationship.objects.create(
        program=world.program,
        wave=wave,
        track=world.track,
        mentor=mentor,
        status=Relationship.Status.ACTIVE,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=60),
    )
    relationship.mentees.add(mentee)
    for number, rating in enumerate(ratings, start=1):
        meeting = Meeting.objects.create(
            relationship=relationship,
            number=number,
            planned_on=today - dt.timedelta(days=3 * number),
            status=Meeting.Status.HELD,
        )
        MeetingLog.objects.create(
            meeting=meeting, held=True, duration_minutes=minutes, written_at=timezone.now()
        )
        MeetingFeedback.objects.create(
            meeting=meeting, author=mentee.user, side=MeetingFeedback.Side.MENTEE, usefulness=rating
        )
    return relationship


def _event(world, wave, invited, attended):
    start = timezone.now() - dt.timedelta(days=5)
    event = Event.objects.create(
        program=world.program,
        wave=wave,
        title=f"Taller {wave.number}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        attendance_taken_at=start,
    )
    for index, membership in enumerate(invited):
        EventInvitation.objects.create(
            event=event, user=membership.user, membership=membership, attended=index < attended
        )


@pytest.fixture
def barranquilla(world):
    """Wave 1 ("Cohorte 1"): Bogotá, 9 mentees (the world's own among them), each in a pair;
    Medellín, 6 mentees, 5 in a pair; each pair with 3 meetings held (60 minutes), rated 4. Wave 2
    ("Caribe"): Barranquilla, 9 mentees, one in a pair with 15 meetings (45 minutes) rated to a
    mean of 2.07. Events: in wave 1 everyone is invited, all but one came; in wave 2, 1 of 9.
    Indicators of meetings, hours and attendance by location, with a baseline open in both
    waves (activity counts up to today)."""
    caribe = WaveFactory(program=world.program, number=2, name="Caribe")
    world.mentee.city, world.mentee.gender = "Bogotá", "Mujer"
    world.mentee.save()
    bogota = [world.program.memberships.get(role=Role.MENTEE)]
    bogota += [_mentee(world, world.wave, "Bogotá", n) for n in range(8)]
    medellin = [_mentee(world, world.wave, "Medellín", n) for n in range(6)]
    barranquilla = [_mentee(world, caribe, "Barranquilla", n) for n in range(9)]
    for mentee in bogota + medellin[:5]:
        _pair(world, world.wave, mentee, [4, 4, 4], minutes=60)
    _pair(world, caribe, barranquilla[0], BARRANQUILLA_RATINGS, minutes=45)
    _event(world, world.wave, bogota + medellin, attended=14)
    _event(world, caribe, barranquilla, attended=1)
    survey = instrument_from_template(program=world.program, template_key="baseline-survey")
    version_publish(version=survey.versions.get(), by=world.coordinator)
    for wave in (world.wave, caribe):
        Round.objects.create(
            program=world.program,
            wave=wave,
            kind="baseline",
            instrument=survey,
            version=survey.versions.get(),
            roles=["mentee"],
            opened_on=timezone.localdate() - dt.timedelta(days=90),
        )
    for name, computation in [
        ("Reuniones realizadas", Indicator.Computation.MEETINGS_HELD),
        ("Horas de mentoría", Indicator.Computation.MENTORING_HOURS),
        ("Asistencia a eventos", Indicator.Computation.EVENT_ATTENDANCE),
    ]:
        Indicator.objects.create(
            program=world.program,
            name=name,
            computation=computation,
            disaggregation=Indicator.Disaggregation.LOCATION,
        )
    world.caribe = caribe
    return world


def _cities(board):
    (rows,) = [rows for dimension, _title, rows in board.groups if dimension == "location"]
    return {row.label: row for row in rows}


def test_the_figures_are_what_the_review_found(barranquilla):
    board = program_report.dashboard(barranquilla.program, today=timezone.localdate())
    city = _cities(board)["Barranquilla"]
    assert (city.mentees.value, city.active.value) == (9, 1)
    assert (city.meetings.held.value, city.meetings.hours.value) == (15, Decimal("11.3"))
    assert city.feedback_mean.value == Decimal("2.07")


def test_barranquilla_meetings_hours_and_usefulness_are_hidden_on_the_dashboard(barranquilla):
    html = (
        client_for(barranquilla.observer)
        .get(reverse("reports:funder-dashboard", args=[barranquilla.program.slug]))
        .text
    )
    row = html.split('<th scope="row">Barranquilla</th>')[1].split("</tr>")[0]
    assert "2.07" not in row and "11.3" not in row and "15" not in row
    assert '<td class="group-count">9</td>' in row  # nine people may be counted…
    assert row.count(FEW) >= 4  # …but not what one of them did, and the page says why

    board = program_report.dashboard(barranquilla.program, today=timezone.localdate())
    city = _cities(board)["Barranquilla"]
    assert city.mentees.shown == 9
    for figure in (city.active, city.meetings.held, city.meetings.hours, city.feedback_mean):
        assert figure.hidden == "few" and figure.shown is None
    assert city.attendance.hidden == "few"  # 1 of 9 came


def test_barranquilla_is_hidden_in_the_dashboards_csv_and_xlsx(barranquilla):
    client = client_for(barranquilla.observer)
    slug = barranquilla.program.slug
    url = reverse("reports:funder-dashboard-export", args=[slug, "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    headers = rows[0]
    (row,) = [r for r in rows if r[:2] == ["By location", "Barranquilla"]]
    cells = dict(zip(headers, row, strict=True))
    assert cells["Mentees"] == "9"
    for column in ["Meetings held", "Hours", "Mean usefulness (1–5)", "In active relationships"]:
        assert cells[column] == "fewer than 5", column
    assert "2.07" not in text
    assert ["README", "fewer than 5", FEW] in rows

    url = reverse("reports:funder-dashboard-export", args=[slug, "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url).content))
    sheet = list(book["Dashboard"].iter_rows(values_only=True))
    (row,) = [r for r in sheet if r[:2] == ("By location", "Barranquilla")]
    cells = dict(zip(sheet[0], row, strict=True))
    assert cells["Mentees"] == 9
    for column in ["Meetings held", "Hours", "Mean usefulness (1–5)"]:
        assert cells[column] == "fewer than 5", column
    readme = [row for row in book["README"].iter_rows(values_only=True)]
    assert any(FEW in str(row[2]) for row in readme)


def _pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_barranquillas_wave_report_pdf_hides_its_one_persons_figures(barranquilla):
    client = client_for(barranquilla.coordinator)
    url = reverse("reports:program-final-pdf", args=[barranquilla.program.slug])
    text = _pdf_text(client.get(url, {"wave": barranquilla.caribe.pk}).content)
    assert "2.07" not in text and "11.3" not in text
    assert not re.search(r"Meetings held 15\b", text)
    assert FEW in text
    # A figure of five people or more stays: wave 1's 14 pairs and their 42 meetings.
    text = _pdf_text(client.get(url, {"wave": barranquilla.wave.pk}).content)
    assert "Meetings held 42" in text and "Hours of mentoring 42" in text
    assert "Mean usefulness 4.00 out of 5, from 42 answers." in text


def test_barranquilla_is_hidden_in_the_apis_indicators(barranquilla):
    response = api_client_for(barranquilla.observer).get(
        reverse("api:indicator-list", args=[barranquilla.program.slug])
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [i["name"] for i in results] == [
        "Reuniones realizadas",
        "Horas de mentoría",
        "Asistencia a eventos",  # 1 of the 9 invited came: a share of one person
    ]
    baselines = [{g["label"]: g["values"][0] for g in i["groups"]} for i in results]
    assert [groups["Barranquilla"]["value"] for groups in baselines] == [None, None, None]
    for indicator in results:
        groups = {group["label"]: group["values"][0] for group in indicator["groups"]}
        assert groups["Barranquilla"]["hidden_because"] == "few"
        # All − Bogotá − Medellín would give Barranquilla back: one of them goes too.
        second = [groups[c] for c in ("Bogotá", "Medellín") if groups[c]["suppressed"]]
        assert second and second[0]["hidden_because"] == "complement", indicator["name"]
        assert indicator["overall"]["values"][0]["value"] is not None


def test_one_cell_under_five_takes_a_second_so_the_total_cannot_give_it_back(barranquilla):
    board = program_report.dashboard(barranquilla.program, today=timezone.localdate())
    cities = _cities(board)
    held = {label: row.meetings.held for label, row in cities.items()}
    total = board.total.meetings.held
    assert [label for label, f in held.items() if f.hidden == "few"] == ["Barranquilla"]
    # Medellín (5 mentees' meetings) is the next smallest: it is hidden too, Bogotá stays.
    assert held["Medellín"].hidden == "complement" and held["Bogotá"].shown == 27
    assert total.shown == 15 + 15 + 27
    worked_out = total.shown - sum(f.shown for f in held.values() if f.shown is not None)
    assert worked_out == held["Barranquilla"].value + held["Medellín"].value != 15
    # The same holds for the mean usefulness, the hours and the waves' table.
    means = {label: row.feedback_mean for label, row in cities.items()}
    assert sum(1 for f in means.values() if f.hidden) >= 2
    (waves,) = [rows for dimension, _t, rows in board.groups if dimension == "wave"]
    assert all(row.meetings.held.hidden for row in waves)


def test_figures_of_five_people_or_more_stay_visible(barranquilla):
    board = program_report.dashboard(barranquilla.program, today=timezone.localdate())
    bogota = _cities(board)["Bogotá"]
    assert bogota.mentees.shown == 9
    assert bogota.active.shown == 9
    assert bogota.meetings.held.shown == 27 and bogota.meetings.hours.shown == Decimal("27.0")
    assert bogota.feedback_mean.shown == Decimal("4.00")
    assert bogota.attendance.shown == 100  # the nine of Bogotá all came
