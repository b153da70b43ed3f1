"""Link emails to typed-in addresses: counted per recipient and per client address in the
database, per window, hashed, and cleaned daily."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from puente.core.email_limits import (
    digest,
    link_email_claim,
    link_email_counts_purge,
    window_start,
)
from puente.core.hooks import daily_tasks
from puente.core.models import LinkEmailCount
from puente.core.tasks import link_email_counts_purge_task

pytestmark = pytest.mark.django_db

TO = "Ana@Example.org"


def _claims(times: int, *, to: str = TO, client: str | None = "192.0.2.1") -> list[bool]:
    return [link_email_claim(to=to, client=client) for _ in range(times)]


def test_a_recipient_gets_the_limit_then_nothing_until_the_next_window(settings):
    start = window_start(timezone.now()) + dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        assert _claims(4, client=None) == [True, True, True, False]
        # Whatever the case of the address.
        assert link_email_claim(to=TO.lower(), client=None) is False
    with time_machine.travel(start + dt.timedelta(minutes=settings.LINK_EMAIL_WINDOW_MINUTES)):
        assert link_email_claim(to=TO, client=None) is True


def test_a_client_refused_gives_the_recipients_claim_back(settings):
    settings.LINK_EMAILS_PER_CLIENT = 1
    assert link_email_claim(to="a@example.org", client="192.0.2.1") is True
    assert link_email_claim(to="b@example.org", client="192.0.2.1") is False
    # b's own count was not spent by the refused request.
    counts = LinkEmailCount.objects.filter(
        kind=LinkEmailCount.Kind.RECIPIENT, digest=digest("recipient", "b@example.org")
    ).values_list("count", flat=True)
    assert list(counts) in ([], [0])
    assert link_email_claim(to="b@example.org", client="198.51.100.9") is True


def test_only_keyed_hashes_are_stored():
    link_email_claim(to=TO, client="192.0.2.1")
    values = " ".join(
        str(value) for row in LinkEmailCount.objects.values_list() for value in row
    ).lower()
    assert "ana@example.org" not in values
    assert "192.0.2.1" not in values
    assert digest("recipient", TO) != digest("client", TO)


def test_the_daily_run_deletes_the_counts_of_past_windows(settings):
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(hours=3), tick=False):
        link_email_claim(to="old@example.org", client="192.0.2.1")
    link_email_claim(to="new@example.org", client="192.0.2.1")
    assert LinkEmailCount.objects.count() == 4
    assert link_email_counts_purge() == 2
    assert LinkEmailCount.objects.filter(window_start__lt=now - dt.timedelta(hours=2)).count() == 0
    assert link_email_counts_purge_task in daily_tasks()
    with time_machine.travel(now + dt.timedelta(hours=3), tick=False):
        call_command("run_daily", stdout=io.StringIO())
    assert LinkEmailCount.objects.count() == 0
