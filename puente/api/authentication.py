"""Who is calling the API: a personal token (``Authorization: Bearer pte_…``), or the signed-in
session for the browsable docs (DRF's SessionAuthentication, with CSRF on writes).

A valid token is always let in. An unknown one counts towards the lockout of its prefix from the
client's address (django-axes, puente/accounts/lockout.py): once that pair is locked, that
prefix gets 429 from that address until the cool-off ends, while every other token works."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from puente.accounts import lockout
from puente.api.services import api_token_for_key, api_token_prefix

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        django_request = request._request
        key = ""
        if len(header) == 2:
            try:
                key = header[1].decode("ascii")
            except UnicodeDecodeError:
                key = ""
        token = api_token_for_key(key) if key else None
        if token is not None:
            return token.user, token
        subject = lockout.api_token_subject(api_token_prefix(key))
        if lockout.guard(django_request, subject=subject) is not None:
            raise exceptions.Throttled(detail=_("Too many wrong tokens from this address."))
        # Counted, not answered by axes' lockout page: the next request with it gets 429.
        lockout.record_attempt(django_request, subject=subject)
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer."))
        raise exceptions.AuthenticationFailed(_("This token is unknown or was revoked."))

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
