"""The weekly digest: who gets what, once per person, program and ISO week, in their language, not
to those who turned it off, and not when there is nothing to say; a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from puente.core.hooks import daily_tasks
from puente.core.permissions import Role
from puente.factories import UserFactory
from puente.matching.models import TutorAssignment
from puente.mentoring.models import Meeting, RiskFlag
from puente.notifications import selectors, services
from puente.notifications.models import DigestSent, NotificationPreference
from puente.notifications.tasks import weekly_digest_task
from puente.notifications.tests.conftest import MONDAY_MORNING, WEEK, add_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(at: dt.datetime = MONDAY_MORNING, times: int = 1) -> None:
        with time_machine.travel(at, tick=False):
            for _ in range(times):
                with django_capture_on_commit_callbacks(execute=True):
                    weekly_digest_task.enqueue()

    return _run


def _to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def _digests(program) -> dict[str, selectors.Digest]:
    return {d.user.email: d for d in selectors.weekly_digests(program=program, week=WEEK)}


def test_the_coordinator_reads_about_every_active_relationship_and_the_applications(
    world, digest_world
):
    digest = _digests(world.program)[world.coordinator.email]
    assert digest.relationships == 2
    assert [f.flag.relationship_id for f in digest.new_flags] == [digest_world.followed.pk]
    (still,) = digest.open_flags
    assert still.flag.relationship_id == digest_world.unfollowed.pk
    assert still.flag.follow_up
    # The paused relationship, the resolved flag and the other program are left out.
    assert (digest.counts.held, digest.counts.missed) == (1, 1)
    assert digest.counts.logs_missing == 1
    assert digest.counts.upcoming == 2
    assert [(line.relationship.pk, n) for line, n in digest.logs_missing] == [
        (digest_world.followed.pk, 1)
    ]
    assert (
        digest.applications_new,
        digest.applications_to_decide,
        digest.reviews_pending,
    ) == (1, 2, 1)
    assert digest.has_news


def test_a_tutor_reads_only_about_the_relationships_they_follow(world, digest_world):
    digest = _digests(world.program)[world.tutor.email]
    assert digest.relationships == 1
    assert [f.flag.relationship_id for f in digest.new_flags] == [digest_world.followed.pk]
    assert digest.open_flags == []
    assert (digest.counts.held, digest.counts.missed, digest.counts.upcoming) == (1, 1, 1)
    assert digest.applications_new is None


def test_a_tutor_assigned_after_the_relationship_was_made_follows_it(world, digest_world):
    TutorAssignment.objects.all().delete()
    TutorAssignment.objects.create(
        program=world.program,
        tutor=world.program.memberships.get(role=Role.TUTOR),
        mentee=digest_world.unfollowed.mentees.get(),
    )
    digest = _digests(world.program)[world.tutor.email]
    assert [f.flag.relationship_id for f in digest.open_flags] == [digest_world.unfollowed.pk]
    assert digest.new_flags == []


def test_only_coordinators_and_tutors_of_the_program_get_its_digest(world, digest_world, run):
    assert set(_digests(world.program)) == {world.coordinator.email, world.tutor.email}
    run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.coordinator.email, world.tutor.email, world.other_coordinator.email]
    )
    (other,) = _to(world.other_coordinator.email)
    assert world.other_program.name in other.subject
    # Nothing of this program reaches the other program's coordinator.
    assert "Mentora 3" in other.body
    assert world.program.name not in other.body
    assert "Mentora 1" not in other.body
    assert world.mentor.full_name not in other.body


def test_organization_admins_get_the_coordinators_digest(world, digest_world, run):
    admin = UserFactory(email="admin@example.org", full_name="Admin de la organización")
    world.program.organization.admins.add(admin)
    digest = _digests(world.program)[admin.email]
    assert digest.sees_all and digest.runs_calls
    assert digest.relationships == _digests(world.program)[world.coordinator.email].relationships
    run()
    (email,) = _to(admin.email)
    assert "Mentora 1 — Emprendedora 1" in email.body
    assert "Waiting for a decision: 2" in email.body


def test_the_emails_say_what_happened_with_links(world, digest_world, run):
    run()
    (coordinator,) = _to(world.coordinator.email)
    assert "Weekly digest: Programa piloto" in coordinator.subject
    body = coordinator.body
    assert "Two meetings missed in a row" in body
    assert "Too few meetings held in a calendar month" in body
    assert "follow-up recorded" in body
    assert "Mentora 1 — Emprendedora 1" in body
    assert "Mentora 2" not in body  # paused
    assert f"/p/programa-piloto/mentoring/{digest_world.followed.pk}/" in body
    assert "http://testserver/p/programa-piloto/mentoring/board/?at_risk=on" in body
    assert "http://testserver/p/programa-piloto/calls/" in body
    assert "Waiting for a decision: 2" in body
    assert "http://testserver/me/notifications/" in body
    (tutor,) = _to(world.tutor.email)
    assert "Two meetings missed in a row" in tutor.body
    assert "Mentora 1" not in tutor.body
    assert "/mentoring/board/" not in tutor.body
    assert "http://testserver/p/programa-piloto/mentoring/" in tutor.body
    assert "Waiting for a decision" not in tutor.body


def test_one_digest_per_person_program_and_week_however_often_it_runs(world, digest_world, run):
    run(times=2)
    assert len(mail.outbox) == 3
    run(MONDAY_MORNING + dt.timedelta(days=2))
    assert len(mail.outbox) == 3
    assert DigestSent.objects.filter(week=WEEK, emailed=True).count() == 3
    run(MONDAY_MORNING + dt.timedelta(days=7))
    assert len(mail.outbox) == 6
    assert DigestSent.objects.filter(week=WEEK + dt.timedelta(days=7)).count() == 3


def test_of_two_racing_runs_only_the_one_whose_claim_took_the_row_sends(
    world, digest_world, django_capture_on_commit_callbacks
):
    now = MONDAY_MORNING
    # Both runs read the digests before either claimed them...
    first = _digests(world.program)
    second = _digests(world.program)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_deliver(digest=first[world.coordinator.email], now=now) is True
        # ...the second's INSERT meets the unique constraint: it sends nothing.
        assert services.digest_deliver(digest=second[world.coordinator.email], now=now) is False
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    assert DigestSent.objects.filter(user=world.coordinator).count() == 1


def test_a_failed_send_transaction_leaves_the_digest_unclaimed(world, digest_world):
    digest = _digests(world.program)[world.coordinator.email]
    with pytest.raises(RuntimeError), time_machine.travel(MONDAY_MORNING, tick=False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(services, "send_templated_email", _boom)
            services.digest_deliver(digest=digest, now=MONDAY_MORNING)
    # The claim rolled back with the email: the next run sends it.
    assert not DigestSent.objects.exists()
    assert world.coordinator.email in _digests(world.program)


def _boom(**kwargs):
    raise RuntimeError("mail template broken")


def test_no_digest_for_someone_who_turned_it_off(world, digest_world, run):
    NotificationPreference.objects.create(user=world.coordinator, weekly_digest=False)
    run()
    assert _to(world.coordinator.email) == []
    assert not DigestSent.objects.filter(user=world.coordinator).exists()
    # Turned back on during the week: this week's digest still comes, once.
    NotificationPreference.objects.filter(user=world.coordinator).update(weekly_digest=True)
    run(MONDAY_MORNING + dt.timedelta(days=1), times=2)
    assert len(_to(world.coordinator.email)) == 1


def test_one_click_in_the_digest_turns_the_digest_off_for_next_week(world, digest_world, run):
    """The digest's List-Unsubscribe address, POSTed as a mail program does (RFC 8058: no
    session, no CSRF token), turns off that person's digest and nothing else."""
    run()
    (digest,) = _to(world.tutor.email)
    header = digest.extra_headers["List-Unsubscribe"]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in digest.body  # also offered in the text, for programs without the button
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=world.tutor).weekly_digest is False
    world.tutor.refresh_from_db()
    assert (world.tutor.meeting_reminders, world.tutor.log_nudges) == (True, True)
    mail.outbox.clear()
    run(MONDAY_MORNING + dt.timedelta(days=7))
    assert _to(world.tutor.email) == []
    assert len(_to(world.coordinator.email)) == 1


def test_nothing_is_sent_when_there_is_nothing_to_say(world, digest_world, run):
    # The tutor follows nobody any more: their digest is decided empty, and not emailed.
    TutorAssignment.objects.all().delete()
    run()
    assert _to(world.tutor.email) == []
    assert DigestSent.objects.get(user=world.tutor).emailed is False
    # The decision holds for the week, even if something happens later in it.
    digest_world.unfollowed.tutor = world.program.memberships.get(role=Role.TUTOR)
    digest_world.unfollowed.save()
    run(MONDAY_MORNING + dt.timedelta(days=2))
    assert _to(world.tutor.email) == []


def test_a_quiet_program_sends_nothing(world, run):
    run()
    assert mail.outbox == []
    assert not DigestSent.objects.filter(emailed=True).exists()


def test_not_before_five_on_monday_morning(world, digest_world, run):
    # 03:00 in Bogotá on Monday: too early; at 06:00 it goes.
    run(dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC))
    assert mail.outbox == []
    run(dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC))
    assert len(mail.outbox) == 3


def test_the_digest_is_in_the_recipients_language(world, digest_world, run):
    world.coordinator.language = "es"
    world.coordinator.save()
    world.tutor.language = "en"
    world.tutor.save()
    run()
    (spanish,) = _to(world.coordinator.email)
    (english,) = _to(world.tutor.email)
    # The reasons are rendered by the email template, inside the recipient's language.
    assert "Dos reuniones perdidas seguidas" in spanish.body
    assert "Muy pocas reuniones realizadas en un mes calendario" in spanish.body
    assert "noviembre" in spanish.subject
    assert "Two meetings missed in a row" in english.body
    assert "Nov. 23, 2026" in english.subject


def test_run_daily_enqueues_the_digest(world, digest_world, django_capture_on_commit_callbacks):
    assert weekly_digest_task in daily_tasks()
    with time_machine.travel(MONDAY_MORNING, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_daily", verbosity=0)
            call_command("run_daily", verbosity=0)
    assert len(_to(world.coordinator.email)) == 1
    assert len(_to(world.tutor.email)) == 1


def _grow(world, size: int, first: int) -> None:
    """``size`` more active pairs, each with meetings, a flag and the world's tutor following it."""
    tutor = world.program.memberships.get(role=Role.TUTOR)
    for index in range(first, first + size):
        relationship = add_pair(
            world.program,
            index,
            meetings=[
                (dt.date(2026, 11, 16), Meeting.Status.HELD),
                (dt.date(2026, 11, 20), Meeting.Status.PLANNED),
                (dt.date(2026, 11, 24), Meeting.Status.PLANNED),
            ],
        )
        TutorAssignment.objects.create(
            program=world.program, tutor=tutor, mentee=relationship.mentees.get()
        )
        RiskFlag.objects.create(
            relationship=relationship,
            reason=RiskFlag.Reason.NO_CONTACT,
            month=dt.date(2026, 10, 1),
            raised_on=dt.date(2026, 11, 2),
        )


def _queries(world, django_capture_on_commit_callbacks) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as read:
        digests = selectors.weekly_digests(program=world.program, week=WEEK)
    with time_machine.travel(MONDAY_MORNING, tick=False):
        with CaptureQueriesContext(connection) as send:
            with django_capture_on_commit_callbacks(execute=False):
                for digest in digests:
                    services.digest_deliver(digest=digest, now=MONDAY_MORNING)
    DigestSent.objects.all().delete()
    return len(read), len(send)


def test_the_digest_takes_a_fixed_number_of_queries(
    world, digest_world, django_capture_on_commit_callbacks
):
    _grow(world, 2, first=10)
    small = _queries(world, django_capture_on_commit_callbacks)
    _grow(world, 25, first=100)
    large = _queries(world, django_capture_on_commit_callbacks)
    assert small == large
    # Recipients and their roles (two), relationships, their mentees, flags, meetings, who
    # follows which relationship (two) and the applications (two): however many relationships
    # and people there are.
    assert small[0] <= 10
    digest = _digests(world.program)[world.tutor.email]
    assert digest.relationships == 28
    assert len(digest.flags_shown) == selectors.MAX_LINES
    assert digest.flags_more == 28 - selectors.MAX_LINES
