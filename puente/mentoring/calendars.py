"""Calendar invites (.ics) for meetings, with their time zone carried (RFC 5545)."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.mentoring.models import Event, Meeting


def _calendar() -> icalendar.Calendar:
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
    calendar = _calendar()
    calendar.add_component(meeting_event(meeting, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(meetings: Iterable[Meeting], *, name: str, events: Iterable[Event] = ()) -> bytes:
    """A person's calendar feed: one event per meeting and per program event they are invited
    to, each in its own time zone."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    for event in events:
        calendar.add_component(program_event(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def program_event(event: Event, *, url: str = "") -> icalendar.Event:
    """A program event (kick-off, workshop, training...) at its time in its time zone."""
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@puente")
    # Same UID with a higher SEQUENCE: calendar apps replace their copy instead of adding one.
    component.add("sequence", event.sequence)
    component.add("dtstamp", timezone.now())
    component.add("summary", event.title)
    if event.cancelled_at is not None:
        # With the raised SEQUENCE, calendar apps take the event off (RFC 5545, 3.8.1.11).
        component.add("status", "CANCELLED")
    zone = zoneinfo.ZoneInfo(event.time_zone)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    description = "\n\n".join(part for part in (event.description, event.video_link) if part)
    if description:
        component.add("description", description)
    location = event.place or event.video_link
    if location:
        component.add("location", location)
    if url:
        component.add("url", url)
    return component


def event_ics(event: Event, *, url: str = "") -> bytes:
    """One program event as a calendar with one event."""
    calendar = _calendar()
    calendar.add_component(program_event(event, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
