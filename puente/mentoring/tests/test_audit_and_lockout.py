"""The audit trail records who changed a membership and a relationship; calendar-feed tokens cannot
be guessed by brute force."""

import datetime as dt
import re
import uuid

import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import UserFactory
from puente.mentoring import services
from puente.mentoring.models import PrivateNote, Relationship
from puente.programs.models import Membership

INVITATION_LINK = re.compile(r"http://testserver(/invitations/[\w-]+/)")


def _entries(obj) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        ).order_by("timestamp", "pk")
    )


def test_joining_a_program_by_invitation_is_logged_with_the_actor(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.coordinator).post(
            reverse("programs:invite", args=[world.program.slug]),
            {
                "submit_key": str(uuid.uuid4()),
                "email": "outsider@example.org",
                "full_name": "",
                "role": Role.MENTOR,
                "wave": str(world.wave.pk),
                "track": "",
                "language": "",
            },
        )
    path = INVITATION_LINK.search(mail.outbox[-1].body).group(1)
    response = client_for(world.outsider).post(path)
    assert response.status_code == 302

    membership = Membership.objects.get(user=world.outsider, program=world.program)
    (entry,) = _entries(membership)
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == world.outsider
    assert entry.changes_dict["role"] == ["None", "mentor"]
    assert "updated_at" not in entry.changes_dict


def test_pausing_a_relationship_is_logged_with_the_coordinator(world, relationship):
    response = client_for(world.coordinator).post(
        reverse("mentoring:relationship-status", args=[world.program.slug, relationship.pk]),
        {"status": Relationship.Status.PAUSED, "reason": "Vacaciones"},
    )
    assert response.status_code == 302

    entry = _entries(relationship)[-1]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == world.coordinator
    assert entry.changes_dict["status"] == ["active", "paused"]
    assert entry.remote_addr == "127.0.0.1"


def test_a_private_note_is_logged_without_its_text(world, relationship):
    meeting = relationship.meetings.first()
    note = PrivateNote.objects.create(meeting=meeting, author=world.mentor, text="Solo para mí")
    note.text = "Sigue siendo solo para mí"
    note.save()

    (created,) = _entries(note)  # a change to the text alone leaves no entry
    assert created.action == LogEntry.Action.CREATE
    assert "text" not in created.changes_dict
    assert "Solo para mí" not in str(created.changes) + created.object_repr


def test_a_password_change_is_logged_without_the_hash(world):
    world.mentor.set_password("another-long-password")
    world.mentor.full_name = "Marta Nueva"
    world.mentor.save()
    entry = _entries(world.mentor)[-1]
    assert set(entry.changes_dict) == {"full_name"}


# calendar-feed tokens


def _feed(client: Client, token: str) -> int:
    return client.get(reverse("mentoring:calendar-feed", args=[token])).status_code


def test_guessing_calendar_tokens_locks_the_address_for_a_while(world, relationship, settings):
    cache.clear()
    settings.LOCKOUT_FEED_FAILURES = 3
    token = services.calendar_feed_renew(user=world.mentor)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert [_feed(guesser, f"guess-{n}") for n in range(4)] == [404, 404, 429, 429]
        locked = guesser.get(reverse("mentoring:calendar-feed", args=["guess-5"]))
        assertContains(locked, "Too many attempts", status_code=429)
        # A real feed is never refused, from anywhere, the locked address included: one
        # misconfigured client behind a shared address must not lock everyone's calendars out.
        assert _feed(Client(REMOTE_ADDR="192.0.2.1"), token) == 200
        assert _feed(guesser, token) == 200
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert _feed(guesser, "guess-6") == 404


def test_operators_read_the_audit_trail_and_the_lockouts_in_the_admin(world, relationship):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(operator)
    log = client.get("/operators/auditlog/logentry/")
    assertContains(log, "mentoring relationship")
    assert client.get("/operators/axes/accessattempt/").status_code == 200
    # Nobody else gets in.
    assert client_for(world.coordinator).get("/operators/auditlog/logentry/").status_code == 302
