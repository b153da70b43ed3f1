"""A meeting reaches each of its people as a calendar invitation their calendar adds with one
click: scheduled (its time confirmed), moved and cancelled, each read by a second parser
(``puente/tests/calendar_checks.py``) that finds the METHOD, the SEQUENCE raised at every
change, the ORGANIZER (the address Puente sends from), the recipient as ATTENDEE and a UID on
the site's own domain."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.mentoring import services
from puente.mentoring.models import Meeting, Relationship
from puente.tests.calendar_checks import READERS, Sent, invitation_text, take

pytestmark = pytest.mark.django_db

DOMAIN = "mentoria.example.org"
SENDER = "programas@mentoria.example.org"
BOGOTA = zoneinfo.ZoneInfo("America/Bogota")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = f"https://{DOMAIN}"
    settings.DEFAULT_FROM_EMAIL = f"Puente <{SENDER}>"


# --- Meetings ----------------------------------------------------------------------------------


def _meeting_invitations(world, relationship: Relationship, capture) -> tuple[Meeting, list]:
    """Meeting 2 given a time by the mentor and confirmed by the mentee (scheduled), moved by
    the mentee, then cancelled when the coordinator ends the relationship."""
    world.mentor.language = "en"
    world.mentor.save()
    world.mentee.language = "es"
    world.mentee.save()
    meeting = relationship.meetings.get(number=2)
    day = timezone.localdate() + dt.timedelta(days=10)
    starts = dt.datetime.combine(day, dt.time(18, 0), tzinfo=BOGOTA)
    with capture(execute=True):
        services.meeting_move(
            meeting=meeting,
            on=day,
            by=world.mentor,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            time_zone="America/Bogota",
        )
    proposed = take("meeting proposed")
    with capture(execute=True):
        services.meeting_confirm(meeting=Meeting.objects.get(pk=meeting.pk), by=world.mentee)
    scheduled = take("meeting scheduled")
    later = starts + dt.timedelta(days=1, hours=1)
    with capture(execute=True):
        services.meeting_move(
            meeting=Meeting.objects.get(pk=meeting.pk),
            on=later.date(),
            by=world.mentee,
            starts_at=later,
            ends_at=later + dt.timedelta(hours=1),
            time_zone="America/Bogota",
        )
    moved = take("meeting moved")
    with capture(execute=True):
        services.relationship_status_change(
            relationship=relationship,
            status=Relationship.Status.ENDED_EARLY,
            by=world.coordinator,
            reason="La emprendedora cerró su negocio.",
        )
    # The relationship's own status email goes too; the cancellations are the invitations.
    cancelled = [
        Sent("meeting cancelled", message.to[0], invitation_text(message))
        for message in mail.outbox
        if "invite.ics" in str(message.attachments)
    ]
    mail.outbox.clear()
    return meeting, [proposed, scheduled, moved, cancelled]


@pytest.mark.parametrize("reader", READERS)
def test_meeting_invitations_read_by_a_second_parser(
    world, relationship, django_capture_on_commit_callbacks, reader
):
    meeting, (proposed, scheduled, moved, cancelled) = _meeting_invitations(
        world, relationship, django_capture_on_commit_callbacks
    )
    read = READERS[reader]
    mentor, mentee = world.mentor.email, world.mentee.email
    # Who gets which message, with which method, revision and status.
    expected = [
        (proposed, {mentee}, "REQUEST", 1, "TENTATIVE"),
        (scheduled, {mentor, mentee}, "REQUEST", 2, "CONFIRMED"),
        (moved, {mentor, mentee}, "REQUEST", 3, "TENTATIVE"),
        (cancelled, {mentor, mentee}, "CANCEL", 4, "CANCELLED"),
    ]
    for sent, people, method, sequence, status in expected:
        assert {s.to for s in sent} == people, sent[0].what
        for one in sent:
            invitation = read(one.text)
            assert (invitation.method, invitation.sequence, invitation.status) == (
                method,
                sequence,
                status,
            ), one.what
            assert invitation.uid == f"meeting-{meeting.pk}@{DOMAIN}"
            assert invitation.organizer.value.lower() == f"mailto:{SENDER}"
            assert invitation.organizer.params["CN"] == world.program.name
            (attendee,) = invitation.attendees
            assert attendee.value.lower() == f"mailto:{one.to}"
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            assert attendee.params["RSVP"] == "FALSE"
    # Each in the recipient's language: the mentor reads English, the mentee Spanish.
    by_person = {s.to: read(s.text).summary for s in scheduled}
    assert by_person[mentor].startswith("Mentoring meeting 2")
    assert by_person[mentee].startswith("Reunión de mentoría 2")


def test_the_download_and_the_feed_carry_the_sequence_and_the_sites_uid(
    world, relationship, django_capture_on_commit_callbacks
):
    meeting, _sent = _meeting_invitations(world, relationship, django_capture_on_commit_callbacks)
    # Meeting 2 was deleted with the relationship's end; meeting 1 is moved once, with a time.
    first = Meeting.objects.filter(relationship=relationship).order_by("number").first()
    assert first is not None
    starts = dt.datetime.combine(first.planned_on, dt.time(9, 0), tzinfo=BOGOTA)
    services.meeting_move(
        meeting=first,
        on=first.planned_on,
        by=world.mentor,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        time_zone="America/Bogota",
    )
    url = reverse("mentoring:meeting-ics", args=[world.program.slug, relationship.pk, first.number])
    text = client_for(world.mentor).get(url).content.decode()
    assert f"UID:meeting-{first.pk}@{DOMAIN}\r\n" in text
    assert "SEQUENCE:1\r\n" in text
    assert "METHOD" not in text  # a download is a file to import, not an iTIP message
    mail.outbox.clear()
    token = services.calendar_feed_renew(user=world.mentor)
    feed = client_for(None).get(reverse("mentoring:calendar-feed", args=[token])).content.decode()
    assert f"UID:meeting-{first.pk}@{DOMAIN}\r\nSEQUENCE:1\r\n" in feed


@pytest.mark.parametrize("reader", READERS)
def test_an_invitation_carries_the_pairs_link_and_the_agenda(
    world, relationship, django_capture_on_commit_callbacks, reader
):
    """The pair's own link as LOCATION and CONFERENCE (RFC 7986), and in DESCRIPTION the
    meeting's theme and the next steps logged at the meeting before it."""
    services.meeting_log(
        meeting=relationship.meetings.get(number=1),
        by=world.mentor,
        data={"held": True, "duration_minutes": 60, "next_steps": "Traer el flujo de caja"},
    )
    meeting = relationship.meetings.get(number=2)
    starts = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=10), dt.time(18), tzinfo=BOGOTA
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_move(
            meeting=meeting,
            on=starts.date(),
            by=world.mentor,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            mode=Meeting.Mode.VIRTUAL,
            video_link="https://meet.example.net/abc-defg",
        )
    (sent,) = take("meeting proposed", to=world.mentee.email)
    invitation = READERS[reader](sent.text)
    assert invitation.location == "https://meet.example.net/abc-defg"
    assert [c.value for c in invitation.conferences] == ["https://meet.example.net/abc-defg"]
    assert "Metas" in invitation.description
    assert "Traer el flujo de caja" in invitation.description
    assert "https://meet.example.net/abc-defg" in invitation.description
