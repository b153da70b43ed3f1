"""The email outbox: an email exists iff its transaction committed, and is sent once."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from puente.core import outbox
from puente.core.emails import send_templated_email
from puente.core.hooks import daily_tasks
from puente.core.models import OutboxEmail
from puente.core.outbox import deliver, deliver_pending_emails, outbox_purge
from puente.core.tasks import deliver_outbox_task

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("relay down")


@pytest.fixture
def template(settings, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "note_subject.txt").write_text("Hello {{ name }}")
    (folder / "note_body.txt").write_text("Body for {{ name }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    settings.EMAIL_OUTBOX_LEASE_SECONDS = 300
    return "mail/note"


def _send(template, to="ana@example.org"):
    send_templated_email(to=to, language="en", template=template, context={"name": "Ana"})


def _row(**fields):
    return OutboxEmail.objects.create(
        **{"to": "ana@example.org", "subject": "S", "body": "B", **fields}
    )


def test_a_rolled_back_action_writes_no_email_and_sends_nothing(
    template, django_capture_on_commit_callbacks
):
    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Abort), transaction.atomic():
            _send(template)
            raise Abort
    assert callbacks == []
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_a_committed_action_sends_once_with_a_stable_message_id(
    template, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "Puente <puente@localhost>"
    settings.SITE_URL = "https://example.org"
    with django_capture_on_commit_callbacks(execute=True):
        _send(template)
    email = OutboxEmail.objects.get()
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["ana@example.org"],
        "Hello Ana",
        "Body for Ana",
    )
    stamp = int(email.created_at.timestamp())
    assert message.extra_headers["Message-ID"] == f"<outbox-{email.pk}.{stamp}@example.org>"
    assert message.message()["Message-ID"] == f"<outbox-{email.pk}.{stamp}@example.org>"
    assert email.sent_at is not None
    assert (email.attempts, email.sending_until, email.last_error) == (1, None, "")


@pytest.mark.parametrize(
    ("site_url", "domain"),
    [
        ("https://puente.example.org", "puente.example.org"),
        ("https://Puente.Example.org:8443/sub", "puente.example.org"),
        ("http://127.0.0.1:8000", "127.0.0.1"),
        ("http://localhost:8000", "puente.invalid"),
        ("http://app.localhost", "puente.invalid"),
        ("", "puente.invalid"),
    ],
)
def test_the_message_id_is_on_the_sites_domain_never_localhost(settings, site_url, domain):
    settings.SITE_URL = site_url
    settings.DEFAULT_FROM_EMAIL = "Puente <puente@localhost>"
    email = _row()
    assert outbox.message_id(email).endswith(f"@{domain}>")


def test_delivering_the_same_email_twice_sends_it_once():
    email = _row()
    assert deliver(email.pk) is True
    assert deliver(email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_leased_email_is_not_sent_again_before_its_lease_ends(settings):
    settings.EMAIL_OUTBOX_LEASE_SECONDS = 300
    with time_machine.travel(NOW, tick=False):
        # Another sender took it (and perhaps died while sending).
        email = _row(sending_until=NOW + dt.timedelta(seconds=300), attempts=1)
        assert deliver(email.pk) is False
        assert deliver_pending_emails(grace=dt.timedelta(0)) == 0
    with time_machine.travel(NOW + dt.timedelta(seconds=299), tick=False):
        assert deliver_pending_emails(grace=dt.timedelta(0)) == 0
    assert mail.outbox == []
    with time_machine.travel(NOW + dt.timedelta(seconds=301), tick=False):
        assert deliver_pending_emails(grace=dt.timedelta(0)) == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.sent_at == NOW + dt.timedelta(seconds=301)


def test_the_sweep_sends_an_email_whose_task_was_never_enqueued(
    template, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_OUTBOX_LEASE_SECONDS = 60
    with time_machine.travel(NOW, tick=False):
        # The process dies between the commit and the enqueue: the callback never runs.
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            _send(template)
        assert len(callbacks) == 1
        # Young emails are left to their own task for one lease.
        assert deliver_pending_emails() == 0
    with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
        deliver_outbox_task.enqueue()
        deliver_outbox_task.enqueue()
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.get().sent_at is not None


class AcceptThenDieBackend(BaseEmailBackend):
    """The mail server accepts the message, then the sender dies before recording it."""

    def send_messages(self, email_messages):
        mail.outbox.extend(email_messages)
        raise SystemExit


def test_the_one_window_resends_with_the_same_message_id(settings):
    settings.EMAIL_OUTBOX_LEASE_SECONDS = 300
    settings.EMAIL_BACKEND = f"{__name__}.AcceptThenDieBackend"
    with time_machine.travel(NOW, tick=False):
        email = _row()
        with pytest.raises(SystemExit):
            deliver(email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + dt.timedelta(seconds=301), tick=False):
        assert deliver_pending_emails() == 1
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]


def test_a_failure_is_recorded_and_the_next_sweep_retries(settings):
    settings.EMAIL_OUTBOX_LEASE_SECONDS = 300
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with time_machine.travel(NOW, tick=False):
        email = _row()
        assert deliver(email.pk) is False
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error == "SMTPServerDisconnected: relay down"
    assert email.sending_until == NOW + dt.timedelta(seconds=300)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + dt.timedelta(seconds=200), tick=False):
        assert deliver_pending_emails() == 0
    with time_machine.travel(NOW + dt.timedelta(seconds=301), tick=False):
        assert deliver_pending_emails() == 1
    email.refresh_from_db()
    assert (email.attempts, email.last_error) == (2, "")
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_an_email_is_given_up_after_the_last_attempt_and_stays_visible(settings):
    settings.EMAIL_OUTBOX_LEASE_SECONDS = 1
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    email = _row()
    start = timezone.now()
    for attempt in range(outbox.MAX_ATTEMPTS + 3):
        with time_machine.travel(start + dt.timedelta(seconds=10 * (attempt + 1)), tick=False):
            deliver_pending_emails()
    email.refresh_from_db()
    assert email.attempts == outbox.MAX_ATTEMPTS
    assert email.sent_at is None
    assert "relay down" in email.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(start + dt.timedelta(days=1), tick=False):
        assert deliver_pending_emails() == 0
        assert deliver(email.pk) is False
    assert mail.outbox == []


def test_sent_emails_are_deleted_after_30_days_and_pending_ones_kept():
    old = _row(sent_at=NOW - dt.timedelta(days=31))
    recent = _row(sent_at=NOW - dt.timedelta(days=29))
    pending = _row()
    OutboxEmail.objects.filter(pk=pending.pk).update(created_at=NOW - dt.timedelta(days=60))

    assert outbox_purge(now=NOW) == 1

    assert set(OutboxEmail.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not OutboxEmail.objects.filter(pk=old.pk).exists()


def test_send_outbox_sends_the_pending_emails_and_says_how_many(capsys, settings):
    settings.EMAIL_OUTBOX_LEASE_SECONDS = 300
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    with time_machine.travel(an_hour_ago, tick=False):
        _row(to="a@example.org")
        _row(to="b@example.org", sent_at=an_hour_ago)
    young = _row(to="c@example.org")

    call_command("send_outbox")
    assert capsys.readouterr().out.strip() == "Sent 1 pending email(s)."
    assert [m.to for m in mail.outbox] == [["a@example.org"]]

    call_command("send_outbox", "--grace", "0")
    assert capsys.readouterr().out.strip() == "Sent 1 pending email(s)."
    assert [m.to for m in mail.outbox] == [["a@example.org"], [young.to]]


def test_run_daily_sweeps_the_outbox():
    assert deliver_outbox_task in daily_tasks()


def test_operators_see_stuck_emails_read_only(admin_client):
    stuck = _row(attempts=outbox.MAX_ATTEMPTS, last_error="SMTPServerDisconnected: relay down")

    page = admin_client.get("/operators/core/outboxemail/?sent_at__isnull=True")
    assert page.status_code == 200
    assert stuck.to in page.content.decode()
    assert admin_client.get(f"/operators/core/outboxemail/{stuck.pk}/change/").status_code == 200
    assert admin_client.get("/operators/core/outboxemail/add/").status_code == 403
    admin_client.post(f"/operators/core/outboxemail/{stuck.pk}/delete/", {"post": "yes"})
    assert OutboxEmail.objects.filter(pk=stuck.pk).exists()
