"""The task worker killed (kill -9) in the middle of sending reminders, then started again.

A real `manage.py db_worker` works a real SQLite file (the pytest database lives in memory and
a second process cannot see it), sending email through Django's file backend, one file per
message. What the design guarantees, and this test checks:

- no reminder is ever sent twice: each meeting is claimed by a conditional UPDATE, and each
  email is its own task, which the worker claims (RUNNING) before running it, so the restarted
  worker never runs a task the killed one had started;
- every reminder is either sent, or left as the one task the killed worker was running (status
  RUNNING for ever): visible to an operator, who can check the mail log and re-queue it. Whether
  that one email went out cannot be known from the database (the kill may come just before or
  just after the mail server took it), so "exactly once" holds for every email but that one;
  see docs/operations.md.
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

from django.conf import settings

PAIRS = 30  # 60 reminders: the mentor and the mentee of each meeting
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


def _sent(mail_dir: Path) -> Counter[str]:
    sent: Counter[str] = Counter()
    for path in mail_dir.glob("*.log"):
        sent.update(re.findall(r"^To: (\S+)$", path.read_text(), flags=re.MULTILINE))
    return sent


def test_killing_the_worker_mid_batch_sends_no_reminder_twice_and_loses_none(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "puente.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'puente.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "TEXT_ENCODER": "tfidf",
    }
    _manage(env, "shell", "-c", SETUP % {"pairs": PAIRS})
    expected = {f"{side}{i:02d}@example.org" for side in ("mentor", "mentee") for i in range(PAIRS)}

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--interval", "0.01", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(list(mail_dir.glob("*.log"))) < len(expected) // 3:
        assert time.monotonic() < deadline, "the worker sent nothing within 60 s"
        assert worker.poll() is None, "the worker stopped by itself"
        time.sleep(0.005)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    sent_before = sum(_sent(mail_dir).values())
    assert sent_before < len(expected), "the kill came after the batch: nothing to test"

    _manage(env, "db_worker", "--batch", "--interval", "0.01", "--no-startup-delay")

    with closing(sqlite3.connect(tmp_path / "puente.sqlite3")) as db:
        tasks = db.execute(
            "SELECT status, args_kwargs FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = ?",
            ["puente.core.tasks.send_email_task"],
        ).fetchall()
        (claimed,) = db.execute(
            "SELECT count(*) FROM mentoring_meeting WHERE number = 1 AND reminded_at IS NOT NULL"
        ).fetchone()
    running = [json.loads(kw)["kwargs"]["to"] for status, kw in tasks if status == "RUNNING"]
    sent = _sent(mail_dir)
    assert claimed == PAIRS
    assert {status for status, _kw in tasks} <= {"SUCCESSFUL", "RUNNING"}
    # Never twice.
    assert [to for to, times in sent.items() if times > 1] == []
    assert set(sent) <= expected
    # Every reminder sent, but for at most the one email the killed worker was sending, which
    # stays visible as a RUNNING task.
    assert len(running) <= 1
    assert expected - set(sent) <= set(running)
