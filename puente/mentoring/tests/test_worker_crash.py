"""The task worker killed (kill -9) in the middle of sending reminders, then started again.

A real `manage.py db_worker` works a real SQLite file (the pytest database lives in memory and
a second process cannot see it) and sends through Django's SMTP backend to a small SMTP server
run by this test, which counts a message as delivered only once it answered 250 to it, as a
real mail server does. The server stalls on the 20th message (it never answers after the end of
its data) and the test kills the worker while it waits: that message was never accepted.

What the design guarantees (the email outbox, `puente/core/outbox.py`), and this test checks:

- every email is an outbox row written in the transaction that claims the meeting (a
  conditional UPDATE of `reminded_at`), so a reminder exists if and only if its claim committed;
- a sender takes a row with a lease (one conditional UPDATE of `sending_until`) and records
  `sent_at` once the server accepted it, so no two senders send the same row;
- the killed worker leaves its row leased but unsent, and its task RUNNING for ever; once the
  lease has passed, the sweep (`manage.py send_outbox`, or `run_daily`) sends it. So each
  reminder reaches the mail server exactly once, none lost, none twice.

The one window left: the mail server accepted a message (250) and the worker died before
committing `sent_at`, a matter of milliseconds. That message is sent again after the lease, with
the same Message-ID, so the duplicate is recognisable: at least once there, never lost. See
docs/operations.md.
"""

import email
import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing, suppress
from pathlib import Path

import pytest
from django.conf import settings

PAIRS = 30  # 60 reminders: the mentor and the mentee of each meeting
STALL_AT = 20  # the message the server never answers, and during which the worker is killed
LEASE_SECONDS = 2
WORKER_OPTIONS = ("--interval", "0.01", "--no-startup-delay", "--no-reload")
ROOT = Path(settings.BASE_DIR)

SETUP = """
import datetime as dt
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from puente.conftest import build_world
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match
from puente.mentoring import services
from puente.mentoring.models import Meeting, SessionPlan
from puente.mentoring.tasks import reminders_task

call_command("migrate", verbosity=0)
override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
world = build_world()
program = world.program
SessionPlan.objects.create(program=program, meetings=2, span_weeks=4)
for i in range(%(pairs)d):
    mentor = MembershipFactory(
        program=program, role=Role.MENTOR, wave=world.wave,
        user=UserFactory(email=f"mentor{i:02d}@example.org"),
    )
    mentee = MembershipFactory(
        program=program, role=Role.MENTEE, wave=world.wave,
        user=UserFactory(email=f"mentee{i:02d}@example.org"),
    )
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=mentee)
services.relationships_from_matches(program=program)
now = timezone.now()
Meeting.objects.update(starts_at=None, ends_at=None)
Meeting.objects.filter(number=1).update(
    starts_at=now + dt.timedelta(hours=3), ends_at=now + dt.timedelta(hours=4)
)
reminders_task.enqueue()
"""


class MailServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend without TLS or authentication."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, stall_at: int) -> None:
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.lock = threading.Lock()
        self.stall_at = stall_at
        self.received = 0  # messages whose data was received, answered or not
        self.delivered: list[tuple[str, str]] = []  # (To, Message-ID) of each accepted message
        self.stalled = threading.Event()  # the stalled message's data was received
        self.release = threading.Event()  # let the stalled conversation end

    def accept(self, data: bytes) -> bool:
        """Record the message and say whether to answer it (False: stall)."""
        with self.lock:
            self.received += 1
            if self.received == self.stall_at:
                self.stalled.set()
                return False
            message = email.message_from_bytes(data)
            self.delivered.append((str(message["To"]), str(message["Message-ID"])))
            return True


class SmtpHandler(socketserver.StreamRequestHandler):
    server: MailServer

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        try:
            self.conversation()
        except OSError:  # the worker was killed mid-conversation
            pass

    def conversation(self) -> None:
        self.reply("220 test.local ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 test.local")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (part := self.rfile.readline()) != b".\r\n":
                    if not part:
                        return
                    data.append(part[1:] if part.startswith(b"..") else part)
                if not self.server.accept(b"".join(data)):
                    # Never answer: the client waits until it is killed.
                    self.server.release.wait(60)
                    return
                self.reply("250 OK queued")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow  # a real worker process killed mid-batch and restarted (20–40 s)
def test_killing_the_worker_mid_batch_delivers_every_reminder_exactly_once(tmp_path):
    server = MailServer(stall_at=STALL_AT)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    serving.start()
    worker = None
    try:
        database = tmp_path / "puente.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "puente.settings",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{database}",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.server_address[1]),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": "60",
            "EMAIL_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "TEXT_ENCODER": "tfidf",
        }
        _manage(env, "shell", "-c", SETUP % {"pairs": PAIRS})
        expected = {
            f"{side}{i:02d}@example.org" for side in ("mentor", "mentee") for i in range(PAIRS)
        }

        # --no-reload: with DEBUG on, the worker would otherwise run in a child of an autoreloader,
        # and the kill would hit the parent only. Its own session, so that `finally` can end it
        # all whatever happens.
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "db_worker", *WORKER_OPTIONS],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not server.stalled.wait(0.01):
            assert time.monotonic() < deadline, "the worker did not reach the stall within 60 s"
            assert worker.poll() is None, "the worker stopped by itself"
        # The worker is blocked waiting for the answer to the stalled message: kill it there.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        server.release.set()
        assert len(server.delivered) == STALL_AT - 1
        with closing(sqlite3.connect(database)) as db:
            stuck = db.execute(
                "SELECT count(*) FROM core_outboxemail"
                " WHERE sent_at IS NULL AND sending_until IS NOT NULL"
            ).fetchone()
        assert stuck == (1,)

        # Restarted: the worker runs the queued deliveries; the killed one's task stays RUNNING,
        # and the sweep sends its email once the lease has passed.
        time.sleep(LEASE_SECONDS + 0.5)
        _manage(env, "db_worker", "--batch", *WORKER_OPTIONS)
        assert _manage(env, "send_outbox").strip() == "Sent 1 pending email(s)."
        assert _manage(env, "send_outbox", "--grace", "0").strip() == "Sent 0 pending email(s)."

        with closing(sqlite3.connect(database)) as db:
            (claimed,) = db.execute(
                "SELECT count(*) FROM mentoring_meeting"
                " WHERE number = 1 AND reminded_at IS NOT NULL"
            ).fetchone()
            rows = db.execute('SELECT id, "to", sent_at, attempts FROM core_outboxemail').fetchall()
            running = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            ).fetchone()
    finally:
        if worker is not None:
            with suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        server.release.set()
        server.shutdown()
        server.server_close()
        serving.join(timeout=10)

    assert claimed == PAIRS
    # Every reminder accepted by the mail server exactly once, and nothing else.
    accepted = Counter(to for to, _message_id in server.delivered)
    assert accepted == Counter(dict.fromkeys(expected, 1))
    assert len({message_id for _to, message_id in server.delivered}) == len(expected)
    # Every outbox row sent; the one the killed worker held was tried twice.
    assert len(rows) == len(expected)
    assert all(sent_at is not None for _pk, _to, sent_at, _attempts in rows)
    assert sorted(attempts for *_rest, attempts in rows) == [1] * (len(expected) - 1) + [2]
    # The killed worker's task stays RUNNING (django-tasks never retries it): the outbox did.
    assert running == (1,)
