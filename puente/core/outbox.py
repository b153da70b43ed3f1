"""The email outbox: every email is a row written in the transaction that caused it, sent by a
background task after commit, and sent again by a sweep if that task never ran or died midway.

What this guarantees:

- an email exists if and only if its transaction committed (a rolled-back action sends nothing,
  and a crash between the commit and the enqueue loses nothing: the sweep finds the row);
- one sender at a time: a sender takes a lease on the row (``sending_until``) with one
  conditional UPDATE before talking to the mail server, and writes ``sent_at`` once the server
  accepted the message; a second sender, or the same task run twice, finds no row to take;
- a sender killed midway (``kill -9``, a power cut) leaves the lease to expire, after which the
  sweep sends the email again.

The one window: the mail server accepted the message but the sender died before committing
``sent_at``. The email is then sent a second time after the lease, with the same ``Message-ID``
(so the duplicate is recognisable): at least once in that window, never lost.

Every message is built here (``build_message``) from its row: a plain-text part and an HTML
part derived from it, ``Auto-Submitted: auto-generated`` (no out-of-office replies, RFC 3834),
and, on a notification the person can turn off, ``List-Unsubscribe`` with
``List-Unsubscribe-Post`` (one click, RFC 8058). A row with a calendar invitation (iMIP,
RFC 6047) is sent the way Google Calendar and Outlook send theirs, which Gmail, Outlook and
Apple Mail offer to add with one click::

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST (or CANCEL)
      application/ics  invite.ics (attachment, for programs that read only attachments)
"""

import datetime as dt
import logging
import re
from email.header import Header
from email.message import Message

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from puente.core.email_html import text_to_html
from puente.core.models import OutboxEmail
from puente.core.site import site_domain

logger = logging.getLogger(__name__)

# After this many failed attempts an email is left alone, with its last error, for an operator.
MAX_ATTEMPTS = 10
# Sent emails are deleted this long after they went out (they hold personal data).
RETENTION = dt.timedelta(days=30)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EMAIL_OUTBOX_LEASE_SECONDS)


def message_id(email: OutboxEmail) -> str:
    """A Message-ID that is the same every time this row is sent, on the site's own domain."""
    return f"<outbox-{email.pk}.{int(email.created_at.timestamp())}@{site_domain()}>"


# The file name the invitation is attached under (Google Calendar's own).
INVITATION_FILE = "invite.ics"
METHOD_LINE = re.compile(r"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


def calendar_method(calendar: str) -> str:
    """The METHOD of an iCalendar object (``REQUEST``, ``CANCEL``...), or "" if it has none."""
    found = METHOD_LINE.search(calendar)
    return found.group(1) if found else ""


# The line length past which Python's generator folds a header (RFC 5322's recommended 78).
FOLDED_LINE = 78


class Unfolded:
    """A header value written as it is, on one line. The generator (Python's ``compat32``
    policy, which Django 5.2 uses) folds a value with no space in it, such as the address in
    ``List-Unsubscribe``, by starting it on a second line and leaving the first one empty;
    RFC 5322 allows lines of up to 998 characters, and a one-click address must reach the mail
    program intact."""

    def __init__(self, value: str) -> None:
        self.value = value

    def encode(self, linesep: str = "\n", maxlinelen: int | None = None) -> str:
        return self.value

    def __str__(self) -> str:
        return self.value


class OutboxMessage(EmailMultiAlternatives):
    """Django's message, with headers that fold the way mail programs expect.

    Django 5.2 encodes a non-ASCII subject with ``email.header.Header`` but without telling it
    the header's name, so the first encoded word is as long as a whole line; the generator then
    cannot fit it after ``Subject: `` and starts the value on the next line, leaving the first
    line empty (some programs and filters read that as an empty subject). Encoding it with the
    name (``header_name``) leaves room for it on the first line. Addresses are never folded
    (``Unfolded``). A text/calendar part says its METHOD in its Content-Type too, as iMIP
    requires (RFC 6047, 2.4)."""

    calendar_method = ""

    def message(self) -> Message:
        message = super().message()
        if self.calendar_method:
            for part in message.walk():
                if part.get_content_type() == "text/calendar":
                    part.set_param("method", self.calendar_method, requote=False)
        subject = str(self.subject)
        if not subject.isascii():
            message.replace_header("Subject", Header(subject, "utf-8", header_name="Subject"))
        for name in ("Message-ID", "List-Unsubscribe"):
            value = message[name]
            if value is not None and len(f"{name}: {value}") > FOLDED_LINE:
                message.replace_header(name, Unfolded(str(value)))
        return message


def headers(email: OutboxEmail) -> dict[str, str]:
    """The headers of an outbox email besides the addresses and the subject."""
    result = {"Message-ID": message_id(email), "Auto-Submitted": "auto-generated"}
    if email.unsubscribe_url:
        # Only the https address: Puente reads no mail, so it could not honour a mailto.
        result["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        result["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return result


def build_message(email: OutboxEmail) -> OutboxMessage:
    """The message for one outbox row: its text, the HTML derived from it, and the headers."""
    language = email.language or settings.LANGUAGE_CODE
    message = OutboxMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=headers(email),
    )
    message.attach_alternative(
        text_to_html(email.body, language=language, subject=email.subject), "text/html"
    )
    if email.calendar:
        message.calendar_method = calendar_method(email.calendar)
        message.attach_alternative(email.calendar, "text/calendar")
        message.attach(INVITATION_FILE, email.calendar.encode(), "application/ics")
    return message


def _free() -> Q:
    return Q(sending_until__isnull=True) | Q(sending_until__lt=timezone.now())


def deliver(outbox_id: int) -> bool:
    """Send one outbox email unless it was sent, is being sent, or was given up on. Returns
    whether this call sent it. Run it outside a transaction: the lease must be committed before
    the mail server is called, and ``sent_at`` as soon as it answered."""
    now = timezone.now()
    taken = (
        OutboxEmail.objects.filter(pk=outbox_id, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(sending_until__isnull=True) | Q(sending_until__lt=now))
        .update(sending_until=now + lease(), attempts=F("attempts") + 1)
    )
    if taken != 1:
        return False
    email = OutboxEmail.objects.get(pk=outbox_id)
    message = build_message(email)
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any backend failure is retried by the sweep
        # The lease stays: the sweep tries again once it has passed.
        OutboxEmail.objects.filter(pk=outbox_id).update(
            last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.warning(
            "Outbox email %s not sent (attempt %s): %s", outbox_id, email.attempts, error
        )
        return False
    OutboxEmail.objects.filter(pk=outbox_id).update(
        sent_at=timezone.now(), sending_until=None, last_error=""
    )
    return True


def pending_ids(*, grace: dt.timedelta | None = None) -> list[int]:
    """Emails not sent, not being sent, not given up on, and older than ``grace`` (by default the
    lease: the task enqueued on commit normally sends a new email well within it)."""
    grace = lease() if grace is None else grace
    return list(
        OutboxEmail.objects.filter(
            sent_at__isnull=True,
            attempts__lt=MAX_ATTEMPTS,
            created_at__lte=timezone.now() - grace,
        )
        .filter(_free())
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def deliver_pending_emails(*, grace: dt.timedelta | None = None) -> int:
    """The sweep: send every pending email whose task never ran, died or failed. Returns how many
    were sent."""
    return sum(deliver(pk) for pk in pending_ids(grace=grace))


def outbox_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the emails sent more than ``RETENTION`` ago; returns how many."""
    now = now or timezone.now()
    deleted, _by_model = OutboxEmail.objects.filter(sent_at__lt=now - RETENTION).delete()
    return deleted
