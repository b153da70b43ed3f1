"""Existing relationships are not moved silently: a new break or plan applies to relationships
created afterwards; the coordinator re-lays out the *planned* meetings of existing ones through
a page that says how many move. Fixed dates, with the clock travelled for the pages."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.matching.models import Match
from puente.mentoring import layout, services
from puente.mentoring.models import Meeting, Relationship, SessionPlan
from puente.programs.models import Break

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
HOLY_WEEK = (dt.date(2026, 3, 30), dt.date(2026, 4, 5))


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _url(world, name, *args):
    return reverse(f"mentoring:{name}", args=[world.program.slug, *args])


@pytest.fixture
def colombian(world):
    """The world's program meets Monday to Friday and keeps Colombia's public holidays."""
    world.program.country, world.program.working_days = "CO", "12345"
    world.program.save()
    return world


def _relationship(world, **plan) -> Relationship:
    SessionPlan.objects.create(program=world.program, **plan)
    Match.objects.create(
        program=world.program,
        wave=world.wave,
        mentor=world.program.memberships.get(role=Role.MENTOR),
        mentee=world.program.memberships.get(role=Role.MENTEE),
    )
    (made,) = services.relationships_from_matches(program=world.program, today=MONDAY)
    return made


def _days(relationship):
    return list(relationship.meetings.order_by("number").values_list("planned_on", flat=True))


def _count(page) -> int:
    found = re.search(r'id="relayout-count">\D*(\d+)', page.text)
    return int(found.group(1)) if found else 0


def test_new_relationships_skip_the_holidays_and_a_later_break_moves_nothing_by_itself(colombian):
    relationship = _relationship(colombian, meetings=12, span_weeks=16)
    days = _days(relationship)
    # Saturday 21 March, then the San José holiday on Monday 23: the meeting falls on Tuesday 24.
    assert days[2] == dt.date(2026, 3, 24)
    assert all(day.isoweekday() <= 5 for day in days)
    assert days[3] == dt.date(2026, 3, 30)

    client = client_for(colombian.coordinator)
    with time_machine.travel(_at(dt.date(2026, 2, 20)), tick=False):
        response = client.post(
            _url(colombian, "break-add"),
            {
                "break-submit_key": "6b1f6f39-7f43-4a43-9a3e-0c2f2b3a1d11",
                "break-name": "Semana Santa",
                "break-wave": "",
                "break-starts_on": str(HOLY_WEEK[0]),
                "break-ends_on": str(HOLY_WEEK[1]),
            },
        )
        assert response.status_code == 302
        assert Break.objects.filter(program=colombian.program, name="Semana Santa").exists()
        # Declaring the break moved nobody's meeting.
        assert _days(relationship) == days

        page = client.get(_url(colombian, "session-plans-relayout"))
        assert page.status_code == 200
        assert _count(page) == 1
        assert "Semana Santa" in page.text
        assert client.post(_url(colombian, "session-plans-relayout")).status_code == 302

    moved = _days(relationship)
    assert moved[3] == dt.date(2026, 4, 6)  # the Monday after Holy Week
    assert moved[:3] == days[:3] and moved[4:] == days[4:]

    # Idempotent: a second re-layout finds nothing to move.
    with time_machine.travel(_at(dt.date(2026, 2, 20)), tick=False):
        again = client.get(_url(colombian, "session-plans-relayout"))
        assert _count(again) == 0
        assert 'id="relayout-moves"' not in again.text
    assert (
        services.meetings_relayout(
            program=colombian.program, by=colombian.coordinator, today=dt.date(2026, 2, 20)
        )
        == 0
    )
    assert _days(relationship) == moved


def test_a_changed_plan_moves_only_planned_meetings_from_today_on(colombian):
    relationship = _relationship(colombian, meetings=10, cadence="biweekly")
    before = _days(relationship)
    assert before[-1] == dt.date(2026, 7, 6)  # ten meetings every two weeks: four months
    Meeting.objects.filter(relationship=relationship, number=1).update(status=Meeting.Status.HELD)
    scheduled = relationship.meetings.get(number=5)
    services.meeting_move(
        meeting=scheduled,
        on=scheduled.planned_on,
        by=colombian.mentor,
        starts_at=_at(scheduled.planned_on),
        ends_at=_at(scheduled.planned_on) + dt.timedelta(hours=1),
    )
    services.session_plan_save(
        program=colombian.program,
        wave=None,
        by=colombian.coordinator,
        data={
            "meetings": 10,
            "span_months": 6,
            "hours_per_meeting": 1,
            "cadence": "biweekly",
            "themes": [],
        },
    )
    # Saving the plan moved nothing.
    assert _days(relationship) == before

    today = dt.date(2026, 4, 1)
    moves = services.relayout_moves(program=colombian.program, today=today)
    moved_numbers = {move.meeting.number for move in moves}
    # Held (1), past and still planned (2, 3: 16 and 30 March) and given a time (5) stay.
    assert moved_numbers.isdisjoint({1, 2, 3, 5})
    assert all(move.to >= today for move in moves)
    assert services.meetings_relayout(
        program=colombian.program, by=colombian.coordinator, today=today
    ) == len(moves)

    after = _days(relationship)
    assert after[:3] == before[:3] and after[4] == before[4]
    assert len(set(after)) == 10 and after == sorted(after)
    assert all(day.isoweekday() <= 5 for day in after)
    # Ten meetings in six months now last more than five.
    assert layout.add_months(MONDAY, 5) < after[-1] < layout.add_months(MONDAY, 6)
    relationship.refresh_from_db()
    assert relationship.ends_on >= after[-1]
    assert services.relayout_moves(program=colombian.program, today=today) == []


def test_relationships_that_ended_are_left_as_they_are(colombian):
    relationship = _relationship(colombian, meetings=12, span_weeks=16)
    services.relationship_status_change(
        relationship=relationship,
        status=Relationship.Status.COMPLETED,
        by=colombian.coordinator,
        today=dt.date(2026, 2, 1),
        notify=False,
    )
    Break.objects.create(
        program=colombian.program, name="Cierre", starts_on=MONDAY, ends_on=dt.date(2026, 6, 30)
    )
    assert services.relayout_moves(program=colombian.program, today=dt.date(2026, 2, 1)) == []


def test_a_break_of_one_wave_moves_only_that_waves_meetings(colombian):
    relationship = _relationship(colombian, meetings=12, span_weeks=16)
    other_wave = colombian.program.waves.create(
        number=2, starts_on=colombian.wave.starts_on, ends_on=colombian.wave.ends_on
    )
    Break.objects.create(
        program=colombian.program,
        wave=other_wave,
        name="Semana Santa",
        starts_on=HOLY_WEEK[0],
        ends_on=HOLY_WEEK[1],
    )
    assert services.relayout_moves(program=colombian.program, today=dt.date(2026, 2, 1)) == []
    Break.objects.filter(wave=other_wave).update(wave=colombian.wave)
    (move,) = services.relayout_moves(program=colombian.program, today=dt.date(2026, 2, 1))
    assert (move.meeting.relationship_id, move.meeting.number) == (relationship.pk, 4)
    assert move.because == "Semana Santa"
