"""Brute-force lockout for every way into Puente, on django-axes.

Passwords (allauth's sign-in) go through `AxesStandaloneBackend` and Django's `user_login_failed`
signal. The ways in that are not a password check — asking for a one-time sign-in link, spending
one, fetching a calendar feed by its token — use `guard` and `record_failure` below, so their
failures land in the same table, lift after the same cool-off and are cleared by the same
`manage.py axes_reset`.

A lock is per *subject* and client address: the email for password sign-in, a name per token
endpoint (with the token's public prefix for API tokens: ``token:api:1a2b3c4d``).

Token endpoints look the token up *first*: a valid token is never refused, however many bad ones
came from the same address (one misconfigured client behind an office's NAT must not lock out
the whole office). Only a token that opens nothing is checked against the lock and counted.
Tokens are 256-bit random secrets, so the count is not what keeps them from being guessed; it
stops a client that keeps sending a dead token from flooding the server and its log.
"""

import re
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Subjects of token endpoints: never an email address (they contain no "@").
SIGNIN_LINK = "token:sign-in-link"
CALENDAR_FEED = "token:calendar-feed"
UNSUBSCRIBE = "token:unsubscribe"
API_TOKEN = "token:api"  # noqa: S105 - a lockout subject, not a secret
_API_PREFIX = re.compile(r"[0-9a-f]{8}")


def api_token_subject(prefix: str | None) -> str:
    """The subject of a bad API token: its public prefix (anything else is "malformed")."""
    if prefix is None or not _API_PREFIX.fullmatch(prefix):
        return f"{API_TOKEN}:malformed"
    return f"{API_TOKEN}:{prefix}"


def _normalise(value: object) -> str | None:
    text = str(value).strip().lower() if value else ""
    return text or None


def attempt_subject(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """Who an attempt is about (AXES_USERNAME_CALLABLE): the email, case-insensitively."""
    if credentials and credentials.get("email"):
        return _normalise(credentials["email"])
    # allauth's sign-in form names its field "login".
    return _normalise(request.POST.get("login") or request.POST.get("email"))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE), counting PROXY_COUNT proxies from the right.

    Only the entries our own proxies appended are trusted: a client can put anything on the left of
    X-Forwarded-For, never on the right.
    """
    count = settings.PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """AXES_FAILURE_LIMIT: calendar feeds get more room than passwords (see settings)."""
    subject = attempt_subject(request, credentials) or ""
    if subject == CALENDAR_FEED:
        return int(settings.LOCKOUT_FEED_FAILURES)
    if subject.startswith(f"{API_TOKEN}:"):
        return int(settings.LOCKOUT_API_TOKEN_FAILURES)
    return int(settings.LOCKOUT_FAILURES)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The translated "too many attempts" page, status 429 (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def guard(request: HttpRequest, *, subject: str | None) -> HttpResponse | None:
    """The lockout page if this subject is locked from this address, else None."""
    if AxesProxyHandler.is_allowed(request, {"email": subject}):
        return None
    return lockout_response(request)


def record_failure(request: HttpRequest, *, subject: str | None) -> None:
    """Count one failed attempt; the one that reaches the limit is answered with the lockout page
    by axes' middleware, like a wrong password."""
    AxesProxyHandler.user_login_failed(
        sender=__name__, credentials={"email": subject}, request=request
    )


def record_attempt(request: HttpRequest, *, subject: str | None) -> None:
    """Count one use of a limited action (asking for a sign-in link) that is not itself a failure:
    the request that reaches the limit is still answered; the next one is refused by `guard`."""
    record_failure(request, subject=subject)
    request.axes_locked_out = False  # type: ignore[attr-defined]
