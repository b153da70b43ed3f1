"""Two workers running the digest at the same moment, for real (two threads, two connections).

PostgreSQL only (`make test-postgres`): SQLite's shared in-memory test database locks whole tables
between connections instead of waiting, which is not how the file database behaves.
"""

import threading

import pytest
from django.core import mail
from django.db import connection

from puente.notifications import selectors, services
from puente.notifications.models import DigestSent
from puente.notifications.tests.conftest import MONDAY_MORNING


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs a real second connection")
@pytest.mark.django_db(transaction=True)
def test_two_racing_workers_send_each_digest_once(world, digest_world, monkeypatch):
    read = selectors.weekly_digests
    # Both workers read every digest before either claims one.
    barrier = threading.Barrier(2, timeout=20)

    def read_then_wait(**kwargs):
        digests = read(**kwargs)
        if kwargs["program"] == world.program:
            barrier.wait()
        return digests

    monkeypatch.setattr(selectors, "weekly_digests", read_then_wait)
    sent: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            sent.append(services.weekly_digest_send(now=MONDAY_MORNING))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(sent) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.coordinator.email, world.tutor.email, world.other_coordinator.email]
    )
    assert DigestSent.objects.count() == 3
