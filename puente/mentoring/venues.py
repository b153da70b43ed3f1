"""Where a meeting happens: the one rule, read by the relationship page, the emails (proposals,
confirmations, reminders) and the calendar entries and invitations.

The pair's own choice for one meeting comes first (a video link typed on the meeting, or a place
for a meeting they set in person); otherwise the program's setting (``MeetingVenue``): a Jitsi
Meet room generated for the meeting on ``settings.JITSI_URL``, a room on another server from the
program's address template, the mentor's own link from their profile, or the program's place.
Programs without a setting leave it to each pair. Room names are the meeting's random ``room``,
so a meeting's link is the same in every email and invitation, and nobody finds it by counting.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from puente.mentoring.models import Meeting, MeetingVenue
from puente.programs.models import Program

VIDEO = "video"
IN_PERSON = "in_person"


@dataclass(frozen=True)
class Where:
    """A meeting's "where": online at ``url`` or in person at ``place``; either may be empty
    (not set yet). ``source`` says which rule gave it (a ``MeetingVenue.Mode``, or "meeting" for
    the pair's own choice)."""

    kind: str
    url: str = ""
    place: str = ""
    source: str = ""

    @property
    def is_video(self) -> bool:
        return self.kind == VIDEO

    @property
    def is_set(self) -> bool:
        return bool(self.url or self.place)

    @property
    def location(self) -> str:
        """What a calendar's LOCATION says: the address of the call, or the place."""
        return self.url or self.place


def venue_of(program: Program) -> MeetingVenue:
    """The program's setting, or the default (each pair sets its own) when it has none. Read
    with ``select_related("…program__meeting_venue")`` to ask no query."""
    try:
        return program.meeting_venue
    except ObjectDoesNotExist:
        return MeetingVenue(program=program)


def room_url(venue: MeetingVenue, meeting: Meeting) -> str:
    """The address of the meeting's own room under the venue's mode (Jitsi or a template)."""
    if venue.mode == MeetingVenue.Mode.JITSI:
        return f"{settings.JITSI_URL}/{meeting.room}"
    if venue.mode == MeetingVenue.Mode.TEMPLATE and venue.url_template:
        return venue.url_template.strip().replace("{room}", meeting.room)
    return ""


def where(meeting: Meeting, venue: MeetingVenue | None = None) -> Where:
    """Where ``meeting`` happens (see the module's docstring). ``venue`` is its program's setting
    when the caller has it (a page of one relationship reads it once); else it is read from the
    meeting's program. The mentor's link is read from ``meeting.relationship.mentor.user``."""
    if meeting.mode == Meeting.Mode.VIRTUAL and meeting.video_link:
        return Where(VIDEO, url=meeting.video_link, source="meeting")
    if meeting.mode == Meeting.Mode.IN_PERSON and meeting.place:
        return Where(IN_PERSON, place=meeting.place, source="meeting")
    if venue is None:
        venue = venue_of(meeting.relationship.program)
    mode = venue.mode
    if mode == MeetingVenue.Mode.IN_PERSON:
        return Where(IN_PERSON, place=venue.place, source=mode)
    if mode in (MeetingVenue.Mode.JITSI, MeetingVenue.Mode.TEMPLATE):
        return Where(VIDEO, url=room_url(venue, meeting), source=mode)
    if mode == MeetingVenue.Mode.MENTOR_LINK:
        return Where(VIDEO, url=meeting.relationship.mentor.user.video_link, source=mode)
    kind = IN_PERSON if meeting.mode == Meeting.Mode.IN_PERSON else VIDEO
    return Where(kind, source=mode)
