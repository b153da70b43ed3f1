"""How often Puente emails a link to an address that someone typed in.

Every form that makes Puente email a link to an address of the sender's choosing (asking for an
application link or a new one, a one-time sign-in link, a password reset, an email address to
confirm, a coordinator's invitation) claims one email here first. Within each window
(``LINK_EMAIL_WINDOW_MINUTES``) one recipient address gets at most
``LINK_EMAILS_PER_ADDRESS`` such emails, and one client address may have at most
``LINK_EMAILS_PER_CLIENT`` sent; past that nothing is sent, and the page answers as if it had
been (it never tells who applied or has an account).

The counts are rows in the database (``LinkEmailCount``), not the cache: every web process
shares them, and a claim is one conditional UPDATE (``count < limit``) on a row made once per
window, so 50 simultaneous requests never send more than the limit. Call it inside the
transaction that writes the email, so a rolled-back action gives its claim back. Only a keyed
hash (HMAC with SECRET_KEY) of each address is stored.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from puente.core.models import LinkEmailCount

SALT = "puente.core.email_limits"


class _Spent(Exception):
    pass


def window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LINK_EMAIL_WINDOW_MINUTES)


def window_start(now: dt.datetime) -> dt.datetime:
    """The start of the fixed window ``now`` falls in (windows are aligned on the epoch)."""
    seconds = int(window().total_seconds())
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def digest(kind: str, address: str) -> str:
    """A keyed hash of an address: the same address gives the same hash, and the hash cannot be
    turned back into the address without the SECRET_KEY."""
    normalised = address.strip().lower()
    return salted_hmac(SALT, f"{kind}:{normalised}", algorithm="sha256").hexdigest()


def _claim_one(kind: str, address: str, limit: int, start: dt.datetime) -> None:
    key = {"kind": kind, "digest": digest(kind, address), "window_start": start}
    # One row per window, made once whoever comes first (the others' INSERTs are ignored).
    LinkEmailCount.objects.bulk_create([LinkEmailCount(**key)], ignore_conflicts=True)
    claimed = LinkEmailCount.objects.filter(**key, count__lt=limit).update(count=F("count") + 1)
    if not claimed:
        raise _Spent


def link_email_claim(*, to: str, client: str | None, now: dt.datetime | None = None) -> bool:
    """Claim one link email to ``to`` asked from ``client`` (the client's address; None when not
    from a request, or when only the recipient's limit applies). True if it may be sent; False
    if either limit is reached, and then nothing is counted."""
    start = window_start(now or timezone.now())
    try:
        # A savepoint: when the client's limit refuses, the recipient's claim is given back.
        with transaction.atomic():
            # Always in this order (recipient, then client), so two claims never wait on each
            # other's rows in opposite orders.
            _claim_one(LinkEmailCount.Kind.RECIPIENT, to, settings.LINK_EMAILS_PER_ADDRESS, start)
            if client:
                _claim_one(
                    LinkEmailCount.Kind.CLIENT, client, settings.LINK_EMAILS_PER_CLIENT, start
                )
    except _Spent:
        return False
    return True


def link_email_counts_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the counts of windows that have ended; returns how many rows went."""
    now = now or timezone.now()
    deleted, _by_model = LinkEmailCount.objects.filter(window_start__lte=now - window()).delete()
    return deleted
