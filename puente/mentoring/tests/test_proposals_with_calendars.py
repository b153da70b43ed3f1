"""The done-when test of proposed times: a real calendar served over HTTP on this machine, with
recurring busy events (RRULE with EXDATE, in time zones other than its owner's), read through
the outbound guard and expanded by ``mentoring.busy``; every time Puente proposes avoids every
busy interval — those stored, and those a second parser (vobject) expands from the same file."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
import vobject
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.matching.models import Match
from puente.mentoring import selectors, services
from puente.mentoring.models import BusyInterval, Meeting, Relationship, SessionPlan
from puente.mentoring.tests.test_busy_calendars import CalendarServer

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 1, 12, tzinfo=UTC)
CALENDAR = (Path(__file__).parent / "data" / "busy_weekly.ics").read_bytes()


@pytest.fixture
def calendar_server(settings):
    """The HTTP server of the busy-calendar tests, serving this file, and the guard allowing
    this machine: only for these tests."""
    settings.BUSY_CALENDAR_ALLOW_PRIVATE = True
    made = CalendarServer()
    made.body = CALENDAR
    yield made
    made.close()


def _relationship(world) -> Relationship:
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16, cadence="weekly")
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=mentee)
    (made,) = services.relationships_from_matches(program=program)
    return Relationship.objects.select_related("program", "wave", "mentor__user").get(pk=made.pk)


def _second_parser(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """The same file's busy intervals as vobject expands them (its own RRULE and EXDATE code)."""
    found = []
    for event in vobject.readOne(CALENDAR.decode()).vevent_list:
        length = event.dtend.value - event.dtstart.value
        for begin in event.getrruleset(addRDate=True).between(start - length, end, inc=True):
            found.append((begin.astimezone(UTC), (begin + length).astimezone(UTC)))
    return found


def _overlaps(a: tuple[dt.datetime, dt.datetime], b: tuple[dt.datetime, dt.datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def test_proposals_avoid_every_busy_interval_of_a_calendar_served_over_http(
    world,
    calendar_server,
    django_capture_on_commit_callbacks,
):
    world.mentor.time_zone = "Europe/Madrid"
    world.mentor.save()
    world.mentee.time_zone = "America/Bogota"
    world.mentee.save()
    world.program.working_days = "12345"
    world.program.save()
    with time_machine.travel(NOW, tick=False):
        relationship = _relationship(world)
        meetings = list(relationship.meetings.order_by("number"))
        # Before the calendar: what would be proposed, to show the calendar matters below.
        before = {
            m.pk: selectors.meeting_proposals(relationship, m, now=NOW, count=50) for m in meetings
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(world.mentee).post(
                reverse("mentoring:busy-calendar-save", args=[world.program.slug]),
                {"url": calendar_server.url},
            )
        assert response.status_code == 302
        stored = [
            (s.astimezone(UTC), e.astimezone(UTC))
            for s, e in BusyInterval.objects.filter(calendar__user=world.mentee).values_list(
                "start", "end"
            )
        ]
        after = {
            m.pk: selectors.meeting_proposals(relationship, m, now=NOW, count=50) for m in meetings
        }
        plan = selectors.plan_proposals(relationship, meetings, now=NOW)

    expanded = _second_parser(NOW, NOW + dt.timedelta(days=140))
    assert len(expanded) == 82 + 57 + 15  # the three series less their EXDATEs
    assert len(stored) >= 100  # merged where the evening class touches nothing else
    # Every expanded interval is inside what was stored (the two parsers agree)…
    for interval in expanded:
        assert any(s <= interval[0] and interval[1] <= e for s, e in stored), interval
    # …the calendar took times away that would have been proposed without it…
    lost = [
        p
        for pk in before
        for p in before[pk]
        if any(_overlaps((p.start, p.end), i) for i in expanded)
    ]
    assert lost
    # …and no proposal, for the next meeting or the rest of the plan, touches a busy interval.
    proposed = [(p.start, p.end) for pk in after for p in after[pk]]
    proposed += [(p.start, p.end) for p in plan.values() if p is not None]
    assert len(proposed) > len(meetings)
    for time in proposed:
        for interval in [*stored, *expanded]:
            assert not _overlaps(time, interval), (time, interval)
    # Each proposal is inside both people's day (08:00–21:00 on their own clock, since neither
    # filled the weekly grid) and on a working day of the program (Monday to Friday).
    for start, end in proposed:
        for zone in ("Europe/Madrid", "America/Bogota"):
            local_start, local_end = (
                start.astimezone(ZoneInfo(zone)),
                end.astimezone(ZoneInfo(zone)),
            )
            assert local_start.hour >= 8 and (local_end.hour, local_end.minute) <= (21, 0)
        assert start.astimezone(ZoneInfo("Europe/Madrid")).isoweekday() <= 5
    assert all(m.status == Meeting.Status.PLANNED for m in meetings)
