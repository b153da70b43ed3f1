"""Meeting reminders and log nudges: sent once however often the task runs, in each person's
language, not to those who turned them off, and only for meetings with a time."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from puente.mentoring import services
from puente.mentoring.models import Meeting, Relationship
from puente.mentoring.tasks import reminders_task

pytestmark = pytest.mark.django_db

STARTS = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def meeting(relationship: Relationship) -> Meeting:
    made = relationship.meetings.get(number=2)
    made.planned_on = STARTS.date()
    made.starts_at = STARTS
    made.ends_at = STARTS + dt.timedelta(hours=1)
    made.time_zone = "America/Bogota"
    made.status = Meeting.Status.SCHEDULED
    made.save()
    return made


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(at: dt.datetime, times: int = 1) -> None:
        with time_machine.travel(at, tick=False):
            for _ in range(times):
                with django_capture_on_commit_callbacks(execute=True):
                    reminders_task.enqueue()

    return _run


def _to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


def test_a_reminder_goes_once_to_both_sides_even_when_the_task_runs_twice(world, meeting, run):
    run(STARTS - dt.timedelta(hours=23), times=2)
    assert sorted(m.to[0] for m in mail.outbox) == [world.mentee.email, world.mentor.email]
    meeting.refresh_from_db()
    assert meeting.reminded_at == STARTS - dt.timedelta(hours=23)
    run(STARTS - dt.timedelta(hours=1))
    assert len(mail.outbox) == 2


def test_no_reminder_too_early(world, meeting, run):
    run(STARTS - dt.timedelta(hours=25))
    assert mail.outbox == []


def test_a_claimed_meeting_is_not_sent_again(world, meeting):
    now = STARTS - dt.timedelta(hours=2)
    # Of two workers racing for the same meeting, only the one whose UPDATE took the row sends.
    assert services._claim(meeting, "reminded_at", now) is True
    assert services._claim(meeting, "reminded_at", now) is False
    assert services.reminders_send(now=now) == (0, 0)


def test_no_reminder_for_someone_who_turned_them_off(world, meeting, run):
    world.mentee.meeting_reminders = False
    world.mentee.save()
    run(STARTS - dt.timedelta(hours=3))
    assert [m.to for m in mail.outbox] == [[world.mentor.email]]


def test_the_reminder_is_in_the_recipients_language(world, meeting, run):
    world.mentee.language = "es"
    world.mentee.save()
    world.mentor.language = "en"
    world.mentor.save()
    run(STARTS - dt.timedelta(hours=3))
    (spanish,) = _to(world.mentee.email)
    (english,) = _to(world.mentor.email)
    assert "Recordatorio" in spanish.subject
    assert "Reminder" in english.subject
    # The time is given in the recipient's own time zone (Bogotá is UTC−5).
    assert "10:00" in english.body or "10 a.m." in english.body


def test_the_nudge_to_log_comes_after_the_meeting_not_before(world, meeting, run):
    ends = STARTS + dt.timedelta(hours=1)
    run(ends + dt.timedelta(hours=1))
    assert mail.outbox == []
    run(ends + dt.timedelta(hours=3), times=2)
    (nudge,) = mail.outbox
    assert nudge.to == [world.mentor.email]
    assert "How did mentoring meeting 2 go?" in nudge.subject
    assert "/mentoring/" in nudge.body


def test_nudges_are_turned_off_apart_from_reminders(world, meeting, run):
    world.mentor.log_nudges = False
    world.mentor.save()
    run(STARTS - dt.timedelta(hours=3))
    assert sorted(m.to[0] for m in mail.outbox) == [world.mentee.email, world.mentor.email]
    mail.outbox.clear()
    run(STARTS + dt.timedelta(hours=4))
    assert mail.outbox == []


def _one_click(message: mail.EmailMessage) -> int:
    """What a mail program does with List-Unsubscribe-Post (RFC 8058): POST, no session."""
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"}
    )
    return response.status_code


def test_one_click_in_a_reminder_turns_off_reminders_not_nudges(world, meeting, run):
    run(STARTS - dt.timedelta(hours=3))
    (reminder,) = _to(world.mentor.email)
    assert _one_click(reminder) == 200
    world.mentor.refresh_from_db()
    world.mentee.refresh_from_db()
    assert (world.mentor.meeting_reminders, world.mentor.log_nudges) == (False, True)
    assert world.mentee.meeting_reminders is True
    # The nudge still comes.
    run(STARTS + dt.timedelta(hours=4))
    assert [m.subject for m in _to(world.mentor.email)][1:] == [
        "How did mentoring meeting 2 go? (Programa piloto)"
    ]


def test_one_click_in_a_nudge_turns_off_nudges_not_reminders(world, meeting, run):
    run(STARTS + dt.timedelta(hours=4))
    (nudge,) = _to(world.mentor.email)
    assert _one_click(nudge) == 200
    world.mentor.refresh_from_db()
    assert (world.mentor.meeting_reminders, world.mentor.log_nudges) == (True, False)


def test_no_nudge_once_the_meeting_is_logged(world, meeting, run):
    services.meeting_log(meeting=meeting, by=world.mentor, data={"held": True, "topics": "Metas"})
    run(STARTS + dt.timedelta(hours=5))
    assert mail.outbox == []


def test_nothing_for_meetings_without_a_time(world, relationship, run):
    Meeting.objects.filter(relationship=relationship).update(planned_on=STARTS.date())
    run(STARTS - dt.timedelta(hours=3))
    run(STARTS + dt.timedelta(days=2))
    assert mail.outbox == []
    assert not Meeting.objects.filter(reminded_at__isnull=False).exists()


def test_run_daily_enqueues_the_reminders(world, meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(STARTS - dt.timedelta(hours=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_daily", verbosity=0)
            call_command("run_daily", verbosity=0)
    # run_daily also enqueues later apps' daily tasks (the weekly digest to the coordinator and
    # tutor); the reminders went once.
    assert len([m for m in mail.outbox if m.subject.startswith("Reminder")]) == 2
