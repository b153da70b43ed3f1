"""A burst of applications to one call, for real: threads, each with its own connection.

PostgreSQL only (`make test-postgres`): the SQLite test database lives in memory and is shared
between connections by locking whole tables instead of waiting, which is not how a server (or
the SQLite file in production) behaves.
"""

import queue
import threading

import pytest
from django.db import connection

from puente.instruments.models import Submission
from puente.recruitment.models import Application
from puente.recruitment.tests.helpers import make_call_with_rubric, submitted_application

pytestmark = [
    pytest.mark.skipif(connection.vendor == "sqlite", reason="needs real concurrent connections"),
    pytest.mark.django_db(transaction=True),
]

APPLICANTS = 500
DOUBLE = 20  # of them click "send" twice at the same moment (two tabs, a double click)
THREADS = 16


def _run(jobs: "queue.Queue[tuple[str, threading.Barrier | None]]", call, errors: list) -> None:
    try:
        while True:
            try:
                email, together = jobs.get_nowait()
            except queue.Empty:
                return
            try:
                if together is not None:
                    together.wait()
                submitted_application(call, email=email)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append((email, repr(error)))
    finally:
        connection.close()


def test_a_burst_of_500_applications_loses_none_and_duplicates_none(world):
    call = make_call_with_rubric(world.program, by=world.coordinator)
    emails = [f"persona.{i:03d}@example.org" for i in range(APPLICANTS)]
    jobs: queue.Queue[tuple[str, threading.Barrier | None]] = queue.Queue()
    # The double submits first, side by side, so two threads take each pair at the same time.
    for email in emails[:DOUBLE]:
        together = threading.Barrier(2, timeout=30)
        jobs.put((email, together))
        jobs.put((email, together))
    for email in emails[DOUBLE:]:
        jobs.put((email, None))
    errors: list = []
    threads = [threading.Thread(target=_run, args=(jobs, call, errors)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    applications = Application.objects.filter(call=call)
    assert applications.count() == APPLICANTS
    assert sorted(applications.values_list("email", flat=True)) == emails
    assert set(applications.values_list("status", flat=True)) == {Application.Status.SUBMITTED}
    assert Submission.objects.filter(application__call=call).count() == APPLICANTS
