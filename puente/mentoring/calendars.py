"""Calendar files (.ics) for meetings, with their time zone and revision carried (RFC 5545),
and the invitations (iTIP, RFC 5546) emailed for meetings and events."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core.site import site_domain
from puente.mentoring import venues
from puente.mentoring.models import Meeting, MeetingVenue
from puente.mentoring.selectors import Agenda, meeting_agenda

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def new_calendar() -> icalendar.Calendar:
    """An empty calendar with Puente's product id (meetings' and events' files alike)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Puente//Mentoring//ES")
    calendar.add("version", "2.0")
    return calendar


def uid(kind: str, pk: int) -> str:
    """The UID of a meeting's or an event's calendar entry: the same in every file, feed and
    invitation about it, and unique to this installation (the site's domain)."""
    return f"{kind}-{pk}@{site_domain()}"


def meeting_event(
    meeting: Meeting,
    *,
    url: str = "",
    agenda: Agenda | None = None,
    venue: MeetingVenue | None = None,
) -> icalendar.Event:
    """One meeting: at its time in its time zone once scheduled, else all day on its date; where
    it happens (``venues.where``) as LOCATION and, online, as CONFERENCE (RFC 7986); the agenda
    (the theme, and with ``agenda`` the next steps agreed last time) and the link to join in
    DESCRIPTION, which every calendar shows. Build it in the reader's language."""
    event = icalendar.Event()
    event.add("uid", uid("meeting", meeting.pk))
    # Same UID with a higher SEQUENCE: calendar apps replace their copy instead of adding one.
    event.add("sequence", meeting.sequence)
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
    place = venues.where(meeting, venue)
    description = _description(agenda or Agenda(theme=meeting.theme), place, url)
    if description:
        event.add("description", description)
    if place.location:
        event.add("location", place.location)
    if place.is_video and place.url:
        event.conferences = [
            icalendar.Conference(place.url, feature="AUDIO,VIDEO", label=_("Video call"))
        ]
    if url:
        event.add("url", url)
    return event


def _description(agenda: Agenda, place: venues.Where, url: str) -> str:
    """The agenda and how to join, one paragraph each, as calendars show DESCRIPTION."""
    parts = []
    if agenda.theme:
        parts.append(agenda.theme)
    if agenda.next_steps:
        parts.append(
            _("Agreed at meeting %(number)s: %(steps)s")
            % {"number": agenda.agreed_at, "steps": agenda.next_steps}
        )
    if place.is_video and place.url:
        parts.append(_("Join the video call: %(url)s") % {"url": place.url})
    elif place.place:
        parts.append(_("Place: %(place)s") % {"place": place.place})
    if url and parts:
        parts.append(_("In Puente: %(url)s") % {"url": url})
    return "\n\n".join(parts)


def meeting_ics(meeting: Meeting, *, url: str = "") -> bytes:
    """One meeting as a calendar with one event, with its agenda."""
    calendar = new_calendar()
    calendar.add_component(meeting_event(meeting, url=url, agenda=meeting_agenda(meeting)))
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


def organizer_address() -> str:
    """The address invitations come from: the sender of Puente's emails (``DEFAULT_FROM_EMAIL``).
    iMIP expects the ORGANIZER to be who sends the invitation (RFC 6047, 2.2)."""
    return parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1]


def invitation(
    component: icalendar.Event, *, method: str, attendee: User, organizer_name: str
) -> str:
    """An iTIP message (RFC 5546) for one person: ``component`` (a meeting's or an event's
    entry, as built for downloads and the feed: same UID and SEQUENCE) with METHOD, ORGANIZER
    and the person as ATTENDEE. REQUEST adds or updates the entry; CANCEL takes it off
    (STATUS:CANCELLED). Puente reads no replies, so the attendee is asked for none
    (PARTSTAT=NEEDS-ACTION, RSVP=FALSE): people answer on Puente's pages. Build ``component``
    in the person's language (its summary is translated)."""
    calendar = new_calendar()
    calendar.add("method", method)
    organizer = icalendar.vCalAddress(f"mailto:{organizer_address()}")
    organizer.params["CN"] = organizer_name
    component.add("organizer", organizer)
    person = icalendar.vCalAddress(f"mailto:{attendee.email}")
    person.params["CN"] = attendee.full_name or attendee.email
    person.params["CUTYPE"] = "INDIVIDUAL"
    person.params["ROLE"] = "REQ-PARTICIPANT"
    person.params["PARTSTAT"] = "NEEDS-ACTION"
    person.params["RSVP"] = "FALSE"
    component.add("attendee", person)
    if method == CANCEL and "status" in component:
        del component["status"]
    if method == CANCEL:
        component.add("status", "CANCELLED")
    calendar.add_component(component)
    calendar.add_missing_timezones()
    return str(calendar.to_ical().decode())


def meeting_invitation(meeting: Meeting, *, method: str, attendee: User, url: str = "") -> str:
    """The invitation to ``meeting`` for ``attendee``, in their language, with its agenda (the
    theme and the next steps agreed at the meeting held before it); the organizer is the
    program."""
    agenda = meeting_agenda(meeting)
    with translation.override(attendee.language):
        return invitation(
            meeting_event(meeting, url=url, agenda=agenda),
            method=method,
            attendee=attendee,
            organizer_name=meeting.relationship.program.name,
        )
