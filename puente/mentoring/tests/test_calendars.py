"""Meeting invites parsed back with icalendar: times keep their time zone."""

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.mentoring import services

pytestmark = pytest.mark.django_db

FEED_URL = re.compile(r'value="http://testserver/calendar/([\w-]+)\.ics"')


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
    assert event["description"].startswith("Presentaciones")


def test_an_unscheduled_meeting_is_an_all_day_event(world, relationship):
    meeting = relationship.meetings.get(number=2)
    response = client_for(world.mentor).get(_ics_url(world, relationship, 2))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.planned_on


def _schedule(meeting, starts_at: dt.datetime, zone: str) -> None:
    services.meeting_move(
        meeting=meeting,
        on=meeting.planned_on,
        by=meeting.relationship.mentor.user,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        time_zone=zone,
    )


def _feed_token(client, world) -> str:
    renew = reverse("mentoring:calendar-feed-renew", args=[world.program.slug])
    assert client.post(renew).status_code == 302
    page = client.get(reverse("mentoring:mine", args=[world.program.slug])).text
    return FEED_URL.search(page).group(1)


def test_the_feed_lists_the_persons_own_meetings_in_their_time_zones(world, relationship):
    lima = zoneinfo.ZoneInfo("America/Lima")
    _schedule(
        relationship.meetings.get(number=1),
        dt.datetime(2026, 3, 2, 18, 0, tzinfo=lima),
        "America/Lima",
    )
    _schedule(
        relationship.meetings.get(number=2),
        dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC),
        "Europe/Madrid",
    )
    token = _feed_token(client_for(world.mentee), world)
    response = client_for(None).get(reverse("mentoring:calendar-feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    starts = {str(e["uid"]): e.decoded("dtstart") for e in events}
    first = relationship.meetings.get(number=1)
    assert starts[f"meeting-{first.pk}@testserver"] == dt.datetime(2026, 3, 2, 18, 0, tzinfo=lima)
    assert starts[f"meeting-{first.pk}@testserver"].tzinfo.key == "America/Lima"
    madrid = [s for s in starts.values() if getattr(s.tzinfo, "key", "") == "Europe/Madrid"]
    assert madrid == [dt.datetime(2026, 3, 9, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Madrid"))]
    # Meetings without a time are not in the feed.
    assert len(events) == 2


def test_someone_elses_feed_does_not_list_the_meetings(world, relationship):
    _schedule(
        relationship.meetings.get(number=1), dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC), "UTC"
    )
    token = _feed_token(client_for(world.tutor), world)
    response = client_for(None).get(reverse("mentoring:calendar-feed", args=[token]))
    assert response.status_code == 200
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT") == []


def test_renewing_revokes_the_old_address(world, relationship):
    client = client_for(world.mentor)
    old = _feed_token(client, world)
    new = _feed_token(client, world)
    assert old != new
    anonymous = client_for(None)
    assert anonymous.get(reverse("mentoring:calendar-feed", args=[old])).status_code == 404
    assert anonymous.get(reverse("mentoring:calendar-feed", args=[new])).status_code == 200
    # The address is shown once; afterwards the page only says a link exists.
    page = client.get(reverse("mentoring:mine", args=[world.program.slug])).text
    assert FEED_URL.search(page) is None
    assert "Renew link" in page


def test_an_unknown_token_is_not_found(db):
    url = reverse("mentoring:calendar-feed", args=["no-such-token"])
    assert client_for(None).get(url).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("mentor", 302), ("outsider", 404)])
def test_renewing_needs_a_place_in_the_program(world, role, status):
    url = reverse("mentoring:calendar-feed-renew", args=[world.program.slug])
    client = client_for(getattr(world, role))
    assert client.post(url).status_code == status
    assert client.get(url).status_code == 405
