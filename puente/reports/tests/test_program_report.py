"""The program's final and monthly reports and the funder's dashboard: figures on a hand-worked
program (computed, and hidden where fewer than 5 people stand behind them, with their
complements), the PDFs' text, who may open what and query counts that do not grow with the
program. ``test_suppression.py`` has the cases built for the rule itself."""

import datetime as dt
import io
import re
import secrets

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from puente.community.models import Story
from puente.conftest import client_for
from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.factories import MembershipFactory, UserFactory, WaveFactory
from puente.feedback.models import Lesson, MeetingFeedback
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.monitoring.models import Indicator
from puente.programs.access import ProgramAccess, program_roles
from puente.recruitment.models import Application, Call
from puente.reports import program_report, services
from puente.reports.models import ReportStory

TODAY = dt.date(2026, 11, 10)
NOW = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)


def _mentee(world, *, wave, gender, city, name):
    user = UserFactory(full_name=name, gender=gender, city=city)
    return MembershipFactory(
        user=user, program=world.program, role=Role.MENTEE, wave=wave, track=world.track
    )


def _relationship(world, mentor, mentees, status, wave, **extra):
    relationship = Relationship.objects.create(
        program=world.program,
        wave=wave,
        track=world.track,
        mentor=mentor,
        status=status,
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 20),
        kind=Relationship.Kind.CIRCLE if len(mentees) > 1 else Relationship.Kind.PAIR,
        **extra,
    )
    relationship.mentees.set(mentees)
    return relationship


def _meeting(relationship, number, day, *, held=None, minutes=None):
    status = {None: Meeting.Status.PLANNED, True: Meeting.Status.HELD, False: Meeting.Status.MISSED}
    meeting = Meeting.objects.create(
        relationship=relationship, number=number, planned_on=day, status=status[held]
    )
    if held is not None:
        MeetingLog.objects.create(
            meeting=meeting, held=held, duration_minutes=minutes, written_at=NOW
        )
    return meeting


@pytest.fixture
def worked(world):
    """Ten mentees: wave 1 has 7 (world's mentee and six more), wave 2 has 3; gender: 6 Mujer,
    4 Hombre; city: 5 Lima, 3 Cusco, 2 Arequipa.

    - R1 (world's mentor, world's mentee), completed: 4 meetings to date, 3 held (60, 90 and
      30 minutes), 1 missed.
    - R2 (a circle of two), active: 2 meetings to date, 1 held (60 minutes); 1 in the future.
    - R3 (a wave-2 mentee), ended early: its meetings are left out.
    """
    wave2 = WaveFactory(program=world.program, number=2)
    world_mentee = world.program.memberships.get(role=Role.MENTEE)
    world.mentee.gender, world.mentee.city = "Mujer", "Lima"
    world.mentee.save()
    people = [
        (world.wave, "Mujer", "Lima"),
        (world.wave, "Mujer", "Lima"),
        (world.wave, "Mujer", "Lima"),
        (world.wave, "Mujer", "Lima"),
        (world.wave, "Hombre", "Cusco"),
        (world.wave, "Hombre", "Cusco"),
        (wave2, "Mujer", "Cusco"),
        (wave2, "Hombre", "Arequipa"),
        (wave2, "Hombre", "Arequipa"),
    ]
    mentees = [world_mentee] + [
        _mentee(world, wave=w, gender=g, city=c, name=f"Mentee {i}")
        for i, (w, g, c) in enumerate(people)
    ]
    mentor = world.program.memberships.get(role=Role.MENTOR)
    r1 = _relationship(world, mentor, [mentees[0]], Relationship.Status.COMPLETED, world.wave)
    r2 = _relationship(world, mentor, mentees[1:3], Relationship.Status.ACTIVE, world.wave)
    r3 = _relationship(
        world, mentor, [mentees[7]], Relationship.Status.ENDED_EARLY, wave2, end_reason="Se mudó"
    )
    m1 = _meeting(r1, 1, dt.date(2026, 9, 10), held=True, minutes=60)
    m2 = _meeting(r1, 2, dt.date(2026, 10, 8), held=True, minutes=90)
    _meeting(r1, 3, dt.date(2026, 10, 20), held=False)
    _meeting(r1, 4, dt.date(2026, 11, 2), held=True, minutes=30)
    _meeting(r2, 1, dt.date(2026, 10, 15), held=True, minutes=60)
    _meeting(r2, 2, dt.date(2026, 10, 29))
    _meeting(r2, 3, dt.date(2026, 12, 1))
    _meeting(r3, 1, dt.date(2026, 9, 20), held=True, minutes=45)
    _meeting(r3, 2, dt.date(2026, 10, 20))
    MeetingFeedback.objects.create(
        meeting=m1, author=world.mentee, side=MeetingFeedback.Side.MENTEE, usefulness=4
    )
    MeetingFeedback.objects.create(
        meeting=m2, author=world.mentee, side=MeetingFeedback.Side.MENTEE, usefulness=5
    )
    MeetingFeedback.objects.create(
        meeting=m2, author=world.mentor, side=MeetingFeedback.Side.MENTOR, usefulness=3
    )
    event = Event.objects.create(
        program=world.program,
        wave=world.wave,
        title="Taller de precios",
        starts_at=NOW - dt.timedelta(days=20),
        ends_at=NOW - dt.timedelta(days=20, hours=-2),
        attendance_taken_at=NOW - dt.timedelta(days=19),
        lessons_written_at=NOW - dt.timedelta(days=19),
        lessons_what_worked="Los ejemplos con costos reales.",
    )
    for i, membership in enumerate(mentees[:4]):
        EventInvitation.objects.create(
            event=event, user=membership.user, membership=membership, attended=i < 3
        )
    Lesson.objects.create(
        program=world.program,
        wave=world.wave,
        author=world.coordinator,
        author_role=Role.COORDINATOR,
        theme=Lesson.Theme.MATCHING,
        worked="Emparejar por sector.",
    )
    call = Call.objects.create(
        program=world.program,
        wave=world.wave,
        title="Convocatoria",
        slug="convocatoria",
        opens_at=NOW - dt.timedelta(days=120),
        closes_at=NOW - dt.timedelta(days=90),
    )
    for status in ["accepted", "accepted", "rejected", "waitlisted", "draft"]:
        Application.objects.create(
            call=call,
            role=Role.MENTEE,
            email=f"{secrets.token_hex(4)}@example.org",
            status=status,
            token_hash=secrets.token_hex(32),
        )
    return world


def _access(world, user):
    return ProgramAccess(world.program, user, program_roles(user, world.program))


# --- Figures -----------------------------------------------------------------------------------


def test_final_report_figures_on_a_hand_worked_program(worked):
    report = program_report.final_report(
        _access(worked, worked.coordinator), wave=None, today=TODAY
    )
    assert (report.applicants.value, report.accepted.value) == (4, 2)
    assert (report.mentees.value, report.matched.value) == (10, 4)
    counts = {value: n.value for value, _label, n in report.statuses}
    assert counts == {"active": 1, "paused": 0, "ended_early": 1, "completed": 1}
    assert report.completion_percent.value == 50
    assert (report.meetings.planned.value, report.meetings.held.value) == (6, 4)
    assert str(report.meetings.hours.value) == "4.0"
    (event,) = report.events
    assert (event.invited.value, event.attended.value, event.percent.value) == (4, 3, 75)
    assert report.feedback.count.value == 3
    assert str(report.feedback.mean.value) == "4.00"
    # A small program: what fewer than 5 people stand behind is hidden, each with its reason.
    assert report.mentees.shown == 10
    assert report.matched.hidden == "few"  # 4 mentees
    assert report.meetings.held.hidden == "few"  # the meetings of 3 mentees
    assert report.meetings.hours.shown is None and report.feedback.mean.shown is None
    assert event.percent.hidden == "few"  # 3 of 4 invited
    assert [theme for theme, _lessons in report.lessons] == ["Matching"]
    assert [e.title for e in report.event_lessons] == ["Taller de precios"]


def test_final_report_of_one_wave(worked):
    wave2 = worked.program.waves.get(number=2)
    report = program_report.final_report(
        _access(worked, worked.coordinator), wave=wave2, today=TODAY
    )
    assert (report.applicants.value, report.mentees.value, report.matched.value) == (0, 3, 1)
    assert report.ended_early.value == 1
    assert report.completion_percent.value == 0
    assert report.meetings.planned.value == 0
    assert report.events == []
    # A wave of three: its size, its relationship and its completion are all hidden.
    assert report.mentees.hidden == report.ended_early.hidden == "few"
    assert report.completion_percent.shown is None


def test_monthly_report_counts_the_month_only(worked):
    report = program_report.monthly_report(
        _access(worked, worked.coordinator), month=dt.date(2026, 10, 1)
    )
    # October: R1's meetings 2 (held, 90 min) and 3 (missed); R2's 1 (held, 60) and 2.
    assert (report.meetings.planned.value, report.meetings.held.value) == (4, 2)
    assert str(report.meetings.hours.value) == "2.5"
    assert report.reports_expected.value == 2
    assert report.reports_filed.value == 0
    assert report.feedback.count.value == 2
    assert report.meetings.held.hidden == "few" and report.reports_expected.hidden == "few"
    assert [row.event.title for row in report.events] == ["Taller de precios"]


def test_dashboard_totals_count_mentees(worked):
    board = program_report.dashboard(worked.program, today=TODAY)
    total = board.total
    assert total.shown and total.mentees.value == 10
    assert (total.active.value, total.completed.value, total.ended_early.value) == (2, 1, 1)
    # R1's 4 meetings for its mentee, R2's 2 for each of its two mentees.
    assert (total.meetings.planned.value, total.meetings.held.value) == (8, 5)
    assert str(total.meetings.hours.value) == "5.0"
    assert total.attendance.value == 75
    assert (total.attendance.people, total.attendance.base) == (3, 4)  # attended, invited
    # Ten mentees may be counted; what only 1 to 4 of them did may not.
    assert total.mentees.shown == 10
    assert all(
        figure.hidden == "few"
        for figure in (total.active, total.completed, total.meetings.held, total.attendance)
    )


def _groups(board, dimension):
    return {g.label: g for d, _title, groups in board.groups if d == dimension for g in groups}


def test_dashboard_suppresses_small_groups(worked):
    board = program_report.dashboard(worked.program, today=TODAY)
    cities = _groups(board, "location")
    assert {label: g.mentees.value for label, g in cities.items()} == {
        "Arequipa": 2,
        "Cusco": 3,
        "Lima": 5,
    }
    # Cusco (3) and Arequipa (2) are hidden; together 5, so Lima may be shown.
    assert [label for label, g in sorted(cities.items()) if g.shown] == ["Lima"]
    track = _groups(board, "track")
    assert [g.mentees.value for g in track.values() if g.shown] == [10]


def test_dashboard_complementary_suppression(worked):
    board = program_report.dashboard(worked.program, today=TODAY)
    # Hombre has 4: hidden; then total 10 − Mujer 6 would give it away, so Mujer goes too.
    genders = _groups(board, "gender")
    assert genders["Hombre"].mentees.value == 4 and genders["Mujer"].mentees.value == 6
    assert not genders["Hombre"].shown and not genders["Mujer"].shown
    assert genders["Hombre"].mentees.hidden == "few"
    assert genders["Mujer"].mentees.hidden == "complement"
    waves = _groups(board, "wave")
    assert not any(g.shown for g in waves.values())


def test_dashboard_page_never_shows_a_small_group_nor_a_name(worked):
    Story.objects.create(
        program=worked.program,
        author=worked.mentee,
        title="Lo que aprendí",
        body="Un texto personal",
        status=Story.Status.PUBLISHED,
        consent_text="Acepto",
        consent_given_at=NOW,
        published_at=NOW,
    )
    response = client_for(worked.observer).get(
        reverse("reports:funder-dashboard", args=[worked.program.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Persona Mentee", "Mentee 1", "Lo que aprendí", "Emparejar por sector", "costos"]:
        assert text not in html
    assert "Hidden: fewer than 5 people contributed (appears when 5 do)" in html
    assert "Hidden so that another hidden figure cannot be worked out" in html

    counts = [int(n) for n in re.findall(r'<td class="group-count">(\d+)</td>', html)]
    assert counts and min(counts) >= 5


def test_dashboard_export_xlsx_and_csv(worked):
    client = client_for(worked.observer)
    url = reverse("reports:funder-dashboard-export", args=[worked.program.slug, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["README", "Dashboard"]
    readme = " ".join(str(v) for row in book["README"].iter_rows(values_only=True) for v in row)
    assert "“fewer than 5”: Hidden: fewer than 5 people contributed" in readme
    assert "“withheld”: Hidden so that another hidden figure cannot be worked out" in readme
    rows = list(book["Dashboard"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Grouping", "Group", "Mentees")
    by_group = {(r[0], r[1]): r for r in rows[1:]}
    assert by_group[("All", "All")][2] == 10
    assert by_group[("By location", "Lima")][2] == 5
    assert by_group[("By location", "Cusco")][2] == "fewer than 5"
    assert by_group[("By gender", "Mujer")][2] == "withheld"
    for row in rows[1:]:
        assert not isinstance(row[2], int) or row[2] >= 5
    csv = client.get(reverse("reports:funder-dashboard-export", args=[worked.program.slug, "csv"]))
    assert csv.status_code == 200
    text = csv.content.decode()
    assert "fewer than 5" in text
    assert "README,fewer than 5,Hidden: fewer than 5 people contributed" in text
    assert (
        client.get(
            reverse("reports:funder-dashboard-export", args=[worked.program.slug, "pdf"])
        ).status_code
        == 404
    )


def test_dashboard_with_an_indicator(worked):
    Indicator.objects.create(
        program=worked.program,
        name="Horas de mentoría",
        computation=Indicator.Computation.MENTORING_HOURS,
    )
    board = program_report.dashboard(worked.program, today=TODAY)
    assert [result.indicator.name for result, _chart in board.indicators] == ["Horas de mentoría"]


# --- Stories -----------------------------------------------------------------------------------


def _story(world, author, status=Story.Status.PUBLISHED, **extra):
    return Story.objects.create(
        program=world.program,
        author=author,
        title=f"Historia de {author.full_name}",
        body="Aprendí a poner precios.",
        status=status,
        consent_text="Acepto" if status != Story.Status.DRAFT else "",
        consent_given_at=NOW if status != Story.Status.DRAFT else None,
        published_at=NOW if status == Story.Status.PUBLISHED else None,
        **extra,
    )


def test_choosing_stories_keeps_only_published_consented_ones(world):
    published = _story(world, world.mentee)
    draft = _story(world, world.mentor, status=Story.Status.DRAFT)
    chosen = services.report_stories_choose(
        program=world.program, story_ids=[published.pk, draft.pk], by=world.coordinator
    )
    assert chosen == [published.pk]
    assert services.report_stories_choose(
        program=world.program, story_ids=[published.pk], by=world.coordinator
    ) == [published.pk]
    assert ReportStory.objects.count() == 1
    report = program_report.final_report(_access(world, world.coordinator), wave=None, today=TODAY)
    assert [s.title for s in report.stories] == [published.title]
    published.consent_withdrawn_at = NOW
    published.save()
    report = program_report.final_report(_access(world, world.coordinator), wave=None, today=TODAY)
    assert report.stories == []


def test_story_page_saves_the_choice(world):
    story = _story(world, world.mentee)
    url = reverse("reports:program-stories", args=[world.program.slug])
    client = client_for(world.coordinator)
    assert story.title in client.get(url).content.decode()
    response = client.post(url, {"stories": [str(story.pk), "x"]})
    assert response.status_code == 302
    assert list(ReportStory.objects.values_list("story_id", flat=True)) == [story.pk]
    client.post(url, {})
    assert not ReportStory.objects.exists()


# --- Pages and PDFs ----------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_final_report_page_and_pdf(worked):
    Indicator.objects.create(
        program=worked.program,
        name="Horas de mentoría",
        computation=Indicator.Computation.MENTORING_HOURS,
    )
    story = _story(worked, worked.mentee)
    ReportStory.objects.create(program=worked.program, story=story)
    client = client_for(worked.coordinator)
    page = client.get(reverse("reports:program-final", args=[worked.program.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    # The hours are those of three mentees' meetings: hidden, and the page says why.
    hidden = '<span class="hidden-figure">Hidden: fewer than 5 people contributed'
    assert f'id="fig-hours">{hidden}' in html and "<svg" in html and story.title in html
    response = client.get(reverse("reports:program-final-pdf", args=[worked.program.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for heading in [
        "Final report of the program",
        "Participation",
        "Meetings and hours",
        "Attendance at events",
        "Indicators from baseline to endline",
        "Lessons learned",
        "Stories",
        # Chart captions and axis labels, drawn from the inline SVG.
        "Meetings held against planned",
        "Usefulness of meetings, week by week",
        # An indicator with no figure that may be shown: its table says why, no empty chart.
        "Horas de mentoría",
        "Matched mentees",
        story.title,
        "Taller de precios",
    ]:
        assert heading in text, heading
    assert "Horas de mentoría at baseline, midline and endline" not in text


def test_final_report_of_a_wave_and_of_another_programs_wave(worked):
    client = client_for(worked.coordinator)
    url = reverse("reports:program-final", args=[worked.program.slug])
    wave2 = worked.program.waves.get(number=2)
    assert client.get(url, {"wave": wave2.pk}).status_code == 200
    other = WaveFactory(program=worked.other_program, number=1)
    assert client.get(url, {"wave": other.pk}).status_code == 404
    assert client.get(url, {"wave": "x"}).status_code == 404


def test_monthly_report_page_and_pdf(worked):
    client = client_for(worked.coordinator)
    url = reverse("reports:program-monthly", args=[worked.program.slug])
    page = client.get(url, {"month": "2026-10"})
    assert page.status_code == 200
    assert 'id="fig-held"><span class="hidden-figure">Hidden: fewer' in page.content.decode()
    assert client.get(url, {"month": "2026-13"}).status_code == 404
    pdf = client.get(
        reverse("reports:program-monthly-pdf", args=[worked.program.slug]), {"month": "2026-10"}
    )
    text = _pdf_text(pdf.content)
    assert "Progress report" in text and "Mentor reports" in text
    assert "Usefulness of meetings, week by week" in text


# --- Permissions -------------------------------------------------------------------------------

COORDINATOR_PAGES = [
    "reports:program-final",
    "reports:program-final-pdf",
    "reports:program-monthly",
    "reports:program-monthly-pdf",
    "reports:program-stories",
]
DASHBOARD_PAGES = ["reports:funder-dashboard"]


def _url(name, world):
    return reverse(name, args=[world.program.slug])


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_coordinator_pages_permissions(world, name):
    url = _url(name, world)
    assert client_for(world.coordinator).get(url).status_code == 200
    for person in [world.observer, world.mentor, world.mentee, world.tutor, world.reviewer]:
        assert client_for(person).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.other_coordinator).get(url).status_code == 404
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


@pytest.mark.parametrize(
    "name", [n for n in COORDINATOR_PAGES if n != "reports:program-stories"] + DASHBOARD_PAGES
)
def test_read_only_pages_refuse_post(world, name):
    assert client_for(world.coordinator).post(_url(name, world)).status_code == 405


def test_stories_page_refuses_put(world):
    response = client_for(world.coordinator).put(_url("reports:program-stories", world))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("reports:funder-dashboard", args=[w.program.slug]),
        lambda w: reverse("reports:funder-dashboard-export", args=[w.program.slug, "xlsx"]),
    ],
)
def test_dashboard_permissions(world, url):
    address = url(world)
    assert client_for(world.observer).get(address).status_code == 200
    assert client_for(world.coordinator).get(address).status_code == 200
    for person in [world.mentor, world.mentee, world.tutor, world.reviewer]:
        assert client_for(person).get(address).status_code == 403
    assert client_for(world.outsider).get(address).status_code == 404
    anonymous = client_for(None).get(address)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_observer_nav_has_the_dashboard(world):
    html = client_for(world.observer).get(world.program.get_absolute_url()).content.decode()
    assert reverse("reports:funder-dashboard", args=[world.program.slug]) in html
    html = client_for(world.mentor).get(world.program.get_absolute_url()).content.decode()
    assert reverse("reports:funder-dashboard", args=[world.program.slug]) not in html


# --- Query counts ------------------------------------------------------------------------------


def _grow(world, n):
    """``n`` more mentees in a relationship each, with a held meeting and feedback."""
    mentor = world.program.memberships.get(role=Role.MENTOR)
    for i in range(n):
        membership = _mentee(
            world, wave=world.wave, gender="Mujer", city=f"Ciudad {i % 3}", name=f"Extra {i}"
        )
        relationship = _relationship(
            world, mentor, [membership], Relationship.Status.ACTIVE, world.wave
        )
        meeting = _meeting(relationship, 1, dt.date(2026, 10, 1), held=True, minutes=60)
        MeetingFeedback.objects.create(
            meeting=meeting, author=membership.user, side="mentee", usefulness=4
        )
        _story(world, membership.user)


@pytest.mark.parametrize(
    "name",
    [
        "reports:program-final",
        "reports:program-monthly",
        "reports:program-stories",
        "reports:funder-dashboard",
    ],
)
def test_query_counts_do_not_grow(worked, name):
    Indicator.objects.create(
        program=worked.program,
        name="Horas de mentoría",
        computation=Indicator.Computation.MENTORING_HOURS,
        disaggregation=Indicator.Disaggregation.WAVE,
    )
    client = client_for(worked.coordinator)
    url = _url(name, worked)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"month": "2026-10"} if "monthly" in name else {}).status_code == 200
    _grow(worked, 12)
    stories = Story.objects.filter(program=worked.program)
    services.report_stories_choose(
        program=worked.program,
        story_ids=list(stories.values_list("pk", flat=True)),
        by=worked.coordinator,
    )
    cache.clear()  # the indicators' figures are cached: count the queries that compute them
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, {"month": "2026-10"} if "monthly" in name else {}).status_code == 200
    assert len(large) == len(small)


# --- Cancelled events ---------------------------------------------------------------------------


def _cancelled_event(world):
    """A workshop of October called off after attendance had been ticked: listed as
    cancelled, never counted as held."""
    event = Event.objects.create(
        program=world.program,
        wave=world.wave,
        title="Feria suspendida",
        starts_at=NOW - dt.timedelta(days=15),
        ends_at=NOW - dt.timedelta(days=15, hours=-2),
        attendance_taken_at=NOW - dt.timedelta(days=15),
        cancelled_at=NOW - dt.timedelta(days=15),
        cancelled_by=world.coordinator,
        cancel_reason="Lluvia torrencial",
    )
    for membership in world.program.memberships.filter(role=Role.MENTEE)[:4]:
        EventInvitation.objects.create(
            event=event, user=membership.user, membership=membership, attended=True
        )
    return event


def test_reports_list_a_cancelled_event_as_cancelled_and_never_count_it_held(worked):
    _cancelled_event(worked)
    report = program_report.final_report(
        _access(worked, worked.coordinator), wave=None, today=TODAY
    )
    held, called_off = report.events
    assert (held.percent.value, held.cancelled) == (75, False)
    assert (called_off.event.title, called_off.cancelled, called_off.percent.value) == (
        "Feria suspendida",
        True,
        None,
    )
    # The funder's attendance figures are those of the held event alone.
    total = program_report.dashboard(worked.program, today=TODAY).total
    assert total.attendance.value == 75
    assert (total.attendance.people, total.attendance.base) == (3, 4)

    client = client_for(worked.coordinator)
    final = client.get(reverse("reports:program-final", args=[worked.program.slug])).text
    row = final.split(f'id="event-{called_off.event.pk}"')[1].split("</tr>")[0]
    assert "cancelled" in row and "%" not in row
    monthly = client.get(
        reverse("reports:program-monthly", args=[worked.program.slug]), {"month": "2026-10"}
    ).text
    assert "Feria suspendida" in monthly and "cancelled (Lluvia torrencial)." in monthly
