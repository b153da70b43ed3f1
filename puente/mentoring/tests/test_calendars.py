"""Meeting invites parsed back with icalendar: times keep their time zone."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.mentoring import services

pytestmark = pytest.mark.django_db


def _ics_url(world, relationship, number):
    return reverse("mentoring:meeting-ics", args=[world.program.slug, relationship.pk, number])


def test_a_scheduled_meeting_carries_its_time_zone(world, relationship):
    meeting = relationship.meetings.get(number=1)
    lima = zoneinfo.ZoneInfo("America/Lima")
    services.meeting_move(
        meeting=meeting,
        on=meeting.planned_on,
        by=world.mentor,
        starts_at=dt.datetime(2026, 3, 2, 18, 30, tzinfo=lima),
        ends_at=dt.datetime(2026, 3, 2, 20, 30, tzinfo=lima),
        time_zone="America/Lima",
    )
    response = client_for(world.mentee).get(_ics_url(world, relationship, 1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)
    assert str(start.tzinfo) == "America/Lima"
    assert event.decoded("dtend") - start == dt.timedelta(hours=2)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Lima"]
    assert event["description"] == "Presentaciones"


def test_an_unscheduled_meeting_is_an_all_day_event(world, relationship):
    meeting = relationship.meetings.get(number=2)
    response = client_for(world.mentor).get(_ics_url(world, relationship, 2))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.planned_on


@pytest.mark.parametrize(("role", "status"), [("tutor", 200), ("observer", 404), ("outsider", 404)])
def test_invite_by_role(world, relationship, role, status):
    response = client_for(getattr(world, role)).get(_ics_url(world, relationship, 1))
    assert response.status_code == status
