"""Calendar files (.ics) of program events, with their time zone and revision carried
(RFC 5545), their entries in a person's private feed (mentoring's) and the invitations
(iTIP, RFC 5546) emailed to the invitees."""

import zoneinfo

import icalendar
from django.utils import timezone, translation

from puente.accounts.models import User
from puente.events import selectors
from puente.events.models import Event
from puente.mentoring.calendars import invitation, new_calendar, uid


def program_event(event: Event, *, url: str = "") -> icalendar.Event:
    """A program event (kick-off, workshop, training...) at its time in its time zone."""
    component = icalendar.Event()
    component.add("uid", uid("event", event.pk))
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
    calendar = new_calendar()
    calendar.add_component(program_event(event, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_entries(user: User) -> list[icalendar.Event]:
    """The entries of ``user``'s private calendar feed: the events they are invited to and have
    not declined (``core.hooks.on_calendar_feed``)."""
    return [program_event(event) for event in selectors.calendar_feed_events(user)]


def event_invitation(event: Event, *, method: str, attendee: User, url: str = "") -> str:
    """The invitation to ``event`` for ``attendee`` (REQUEST, or CANCEL once cancelled), in
    their language; the organizer is the program."""
    with translation.override(attendee.language):
        return invitation(
            program_event(event, url=url),
            method=method,
            attendee=attendee,
            organizer_name=event.program.name,
        )
