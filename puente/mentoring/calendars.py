"""Calendar invites (.ics) for meetings, with their time zone carried (RFC 5545)."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.mentoring.models import Meeting


def new_calendar() -> icalendar.Calendar:
    """An empty calendar with Puente's product id (meetings' and events' files alike)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Puente//Mentoring//ES")
    calendar.add("version", "2.0")
    return calendar


def meeting_event(meeting: Meeting, *, url: str = "") -> icalendar.Event:
    """One meeting: at its time in its time zone once scheduled, else all day on its date."""
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@puente")
    event.add("dtstamp", timezone.now())
    relationship = meeting.relationship
    summary = _("Mentoring meeting %(number)s with %(mentor)s") % {
        "number": meeting.number,
        "mentor": relationship.mentor.user.full_name,
    }
    event.add("summary", summary)
    if meeting.starts_at and meeting.ends_at:
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
        event.add("dtstart", meeting.starts_at.astimezone(zone))
        event.add("dtend", meeting.ends_at.astimezone(zone))
        # A proposed time stays tentative in calendars until the other side confirms it.
        event.add("status", "TENTATIVE" if meeting.awaiting_confirmation else "CONFIRMED")
    else:
        event.add("dtstart", meeting.planned_on)
        event.add("dtend", meeting.planned_on + dt.timedelta(days=1))
    if meeting.theme:
        event.add("description", meeting.theme)
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    return event


def meeting_ics(meeting: Meeting, *, url: str = "") -> bytes:
    """One meeting as a calendar with one event."""
    calendar = new_calendar()
    calendar.add_component(meeting_event(meeting, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(
    meetings: Iterable[Meeting], *, name: str, entries: Iterable[icalendar.Event] = ()
) -> bytes:
    """A person's calendar feed: one event per meeting, then the ``entries`` later apps add
    (``core.hooks.on_calendar_feed``: the program events they are invited to), each in its own
    time zone."""
    calendar = new_calendar()
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    for entry in entries:
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
