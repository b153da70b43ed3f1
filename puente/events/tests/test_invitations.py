"""An event reaches each invitee as a calendar invitation their calendar adds with one click:
invited, moved and cancelled, each read by a second parser (``puente/tests/calendar_checks.py``)
that finds the METHOD, the SEQUENCE raised at every change, the ORGANIZER (the address Puente
sends from), the recipient as ATTENDEE and a UID on the site's own domain."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from puente.core.permissions import Role
from puente.events import services as event_services
from puente.events.models import Event
from puente.tests.calendar_checks import READERS, read_content_lines, take

pytestmark = pytest.mark.django_db

DOMAIN = "mentoria.example.org"
SENDER = "programas@mentoria.example.org"
BOGOTA = zoneinfo.ZoneInfo("America/Bogota")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = f"https://{DOMAIN}"
    settings.DEFAULT_FROM_EMAIL = f"Puente <{SENDER}>"


# --- Events ------------------------------------------------------------------------------------


def _event_invitations(world, capture) -> tuple[Event, list]:
    """An event for the whole program: invited, moved an hour later, cancelled."""
    starts = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=20), dt.time(10, 0), tzinfo=BOGOTA
    )
    data = {
        "kind": Event.Kind.KICK_OFF,
        "title": "Lanzamiento",
        "description": "Bienvenida.",
        "wave": None,
        "track": None,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "time_zone": "America/Bogota",
        "mode": Event.Mode.IN_PERSON,
        "place": "Cámara de Comercio",
        "video_link": "",
    }
    event = event_services.event_save(program=world.program, by=world.coordinator, data=data)
    mentor = world.mentor.email
    with capture(execute=True):
        event_services.event_invite(event=event, by=world.coordinator)
    invited = take("event invited", to=mentor)
    with capture(execute=True):
        event_services.event_update(
            event=Event.objects.get(pk=event.pk),
            by=world.coordinator,
            data={**data, "starts_at": starts + dt.timedelta(hours=1)},
        )
    moved = take("event moved", to=mentor)
    with capture(execute=True):
        event_services.event_cancel(
            event=Event.objects.get(pk=event.pk), by=world.coordinator, reason="Lluvias."
        )
    cancelled = take("event cancelled", to=mentor)
    return event, [invited, moved, cancelled]


@pytest.mark.parametrize("reader", READERS)
def test_event_invitations_read_by_a_second_parser(
    world, django_capture_on_commit_callbacks, reader
):
    with time_machine.travel(timezone.now(), tick=False):
        event, (invited, moved, cancelled) = _event_invitations(
            world, django_capture_on_commit_callbacks
        )
    read = READERS[reader]
    expected = [
        (invited, "REQUEST", 0, ""),
        (moved, "REQUEST", 1, ""),
        (cancelled, "CANCEL", 2, "CANCELLED"),
    ]
    for sent, method, sequence, status in expected:
        (one,) = sent
        invitation = read(one.text)
        assert (invitation.method, invitation.sequence) == (method, sequence), one.what
        if status:
            assert invitation.status == status
        assert invitation.uid == f"event-{event.pk}@{DOMAIN}"
        assert invitation.organizer.value.lower() == f"mailto:{SENDER}"
        (attendee,) = invitation.attendees
        assert attendee.value.lower() == f"mailto:{world.mentor.email}"
        assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "FALSE")
        assert invitation.summary == "Lanzamiento"


def test_everyone_invited_gets_an_invitation_and_observers_none(
    world, django_capture_on_commit_callbacks
):
    event = event_services.event_save(
        program=world.program,
        by=world.coordinator,
        data={
            "kind": Event.Kind.TRAINING,
            "title": "Taller",
            "starts_at": timezone.now() + dt.timedelta(days=3),
            "ends_at": timezone.now() + dt.timedelta(days=3, hours=2),
            "time_zone": "America/Bogota",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_invite(event=event, by=world.coordinator)
    sent = {s.to: read_content_lines(s.text) for s in take("event invited")}
    observer = world.program.memberships.get(role=Role.OBSERVER).user.email
    assert observer not in sent
    assert world.mentee.email in sent and world.tutor.email in sent
    for to, invitation in sent.items():
        assert [a.value.lower() for a in invitation.attendees] == [f"mailto:{to}"]
