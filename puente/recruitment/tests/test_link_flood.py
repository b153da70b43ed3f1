"""The public call form cannot flood an inbox: link emails are limited per recipient address and
per client address (puente/core/email_limits.py), the page answers the same either way, and one
address keeps one application whose latest emailed link stays valid."""

import queue
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from puente.core.models import OutboxEmail
from puente.recruitment.models import Application
from puente.recruitment.tests.test_public import link_from_last_email, open_call

pytestmark = pytest.mark.django_db(transaction=True)

VICTIM = "victima@example.org"


def _submit(call, email: str = VICTIM, address: str = "192.0.2.10"):
    return Client(REMOTE_ADDR=address).post(
        reverse("recruitment:call-public", args=[call.slug]), {"email": email, "role": "mentee"}
    )


def test_one_address_gets_at_most_the_limit_of_link_emails_and_one_application(world, settings):
    call = open_call(world)
    sent_page = reverse("recruitment:call-sent", args=[call.slug])
    # From many addresses, so that only the recipient's limit is at work.
    responses = [_submit(call, address=f"192.0.2.{n}") for n in range(1, 9)]
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, sent_page)] * 8
    assert Application.objects.filter(call=call, email=VICTIM).count() == 1
    assert len(mail.outbox) == settings.LINK_EMAILS_PER_ADDRESS == 3
    assert {message.to[0] for message in mail.outbox} == {VICTIM}


def test_past_the_limit_the_latest_link_emailed_still_opens_the_application(world):
    call = open_call(world)
    for n in range(1, 6):
        _submit(call, address=f"192.0.2.{n}")
    link = link_from_last_email()
    # Requests past the limit did not replace the token behind the last link sent.
    assert Client().get(link).status_code == 200


def test_one_client_address_gets_at_most_its_limit_of_link_emails(world, settings):
    settings.LINK_EMAILS_PER_CLIENT = 4
    call = open_call(world)
    for n in range(6):
        assert _submit(call, email=f"persona{n}@example.org").status_code == 302
    assert len(mail.outbox) == 4
    # Nothing was created for the refused ones: they may ask again later.
    assert Application.objects.filter(call=call).count() == 4
    # Someone else, elsewhere, is not held back.
    assert _submit(call, email="otra@example.org", address="198.51.100.1").status_code == 302
    assert len(mail.outbox) == 5


def test_the_limit_stores_hashes_never_the_addresses(world):
    from puente.core.models import LinkEmailCount

    call = open_call(world)
    _submit(call)
    rows = list(LinkEmailCount.objects.values_list("digest", flat=True))
    assert len(rows) == 2  # the recipient's and the client's
    assert all(VICTIM not in digest and "192.0.2.10" not in digest for digest in rows)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs real concurrent connections")
def test_fifty_parallel_submits_for_one_address_send_at_most_the_limit(world, settings):
    """The attack as it was run: 50 submits at once for one address, each from its own thread
    and database connection (like several gunicorn workers)."""
    call = open_call(world)
    url = reverse("recruitment:call-public", args=[call.slug])
    together = threading.Barrier(50, timeout=60)
    statuses: queue.Queue[int | str] = queue.Queue()

    def submit(n: int) -> None:
        try:
            together.wait()
            response = Client(REMOTE_ADDR=f"10.1.{n // 200}.{n % 200 + 1}").post(
                url, {"email": VICTIM, "role": "mentee"}
            )
            statuses.put(response.status_code)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            statuses.put(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    answers = [statuses.get_nowait() for _ in range(statuses.qsize())]
    assert answers == [302] * 50
    assert Application.objects.filter(call=call, email__iexact=VICTIM).count() == 1
    assert OutboxEmail.objects.filter(to=VICTIM).count() <= settings.LINK_EMAILS_PER_ADDRESS
    assert len(mail.outbox) <= settings.LINK_EMAILS_PER_ADDRESS
