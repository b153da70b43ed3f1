"""Turning one kind of notification off from the email itself, in one click, without signing in.

Every email that a person can turn off (meeting reminders, reminders to log a meeting, the weekly
digest) carries the address of this kind's switch for this person: ``url(user=…, kind=…)``,
sent as ``List-Unsubscribe`` with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``
(RFC 8058) and offered in the email's text. The address holds a token signed with Django's
signing (``SECRET_KEY``), salted per kind, so a token turns off only the kind it was made for,
for only the person it names; it does not expire, as an old email must still work.

- POST (the mail program's one-click button, or the button on the page) turns the kind off,
  without a session or a CSRF token: the signed address is the secret. Doing it twice changes
  nothing the second time.
- GET only shows what the button would do (with the button), so a link scanner that opens every
  address in an email turns nothing off.
- A token that does not check out is a 404 and counts toward the lockout of the client's address
  (``puente.accounts.lockout``), like other guessed tokens.

Each kind is registered once by the app that owns the choice (``register``): accounts the two
kinds kept on the person, notifications the weekly digest. The preferences page reads the same
fields, so it shows the kind turned off.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise

from puente.accounts.models import User

SALT = "puente.accounts.unsubscribe"

# The kinds kept on the person (mentoring reads them); notifications registers its own.
MEETING_REMINDERS = "meeting_reminders"
LOG_NUDGES = "log_nudges"


@dataclass(frozen=True)
class Notification:
    """A kind of email a person can turn off: how to tell whether it is on, and to turn it off
    (idempotent)."""

    kind: str
    name: str | Promise  # as the preferences page labels it ("weekly digest by email")
    is_on: Callable[[User], bool]
    turn_off: Callable[[User], None]


_notifications: dict[str, Notification] = {}


def register(
    kind: str,
    *,
    name: str | Promise,
    is_on: Callable[[User], bool],
    turn_off: Callable[[User], None],
) -> None:
    _notifications[kind] = Notification(kind=kind, name=name, is_on=is_on, turn_off=turn_off)


def register_person_choice(kind: str) -> None:
    """Register a choice kept on the person (a boolean field of ``User`` named ``kind``)."""
    field = User._meta.get_field(kind)
    if not isinstance(field, models.BooleanField):
        raise TypeError(f"User.{kind} is not a choice")

    def is_on(user: User) -> bool:
        return bool(getattr(user, kind))

    def turn_off(user: User) -> None:
        from puente.accounts.services import user_email_choice_turn_off

        user_email_choice_turn_off(user=user, choice=kind)

    register(kind, name=field.verbose_name, is_on=is_on, turn_off=turn_off)


def notification(kind: str) -> Notification | None:
    return _notifications.get(kind)


def kinds() -> list[str]:
    return sorted(_notifications)


def _signer(kind: str) -> signing.Signer:
    return signing.Signer(salt=f"{SALT}:{kind}")


def token(*, user: User, kind: str) -> str:
    """The signed token that turns ``kind`` off for ``user``."""
    return _signer(kind).sign(str(user.pk))


def url(*, user: User, kind: str) -> str:
    """The full one-click address that turns ``kind`` off for ``user``."""
    if kind not in _notifications:
        raise ValueError(f"{kind} is not a notification people can turn off")
    path = reverse("accounts:unsubscribe", args=[kind, token(user=user, kind=kind)])
    return f"{settings.SITE_URL}{path}"


def find(*, kind: str, token: str) -> tuple[Notification, User] | None:
    """The notification and the person a token turns off, or None if it does not check out (an
    unknown kind, a token altered or made for another kind, a person who no longer exists)."""
    found = _notifications.get(kind)
    if found is None:
        return None
    try:
        value = _signer(kind).unsign(token)
    except signing.BadSignature:
        return None
    if not value.isdigit():
        return None
    user = User.objects.filter(pk=int(value)).first()
    if user is None:
        return None
    return found, user
