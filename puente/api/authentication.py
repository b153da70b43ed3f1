"""Who is calling the API: a personal token (``Authorization: Bearer pte_…``), or the signed-in
session for the browsable docs (DRF's SessionAuthentication, with CSRF on writes).

Unknown tokens count towards the address's lockout (django-axes, puente/accounts/lockout.py);
once locked, the address gets 429 until the cool-off ends."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from puente.accounts import lockout
from puente.api.services import api_token_for_key

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        django_request = request._request
        if lockout.guard(django_request, subject=lockout.API_TOKEN) is not None:
            raise exceptions.Throttled(detail=_("Too many wrong tokens from this address."))
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = api_token_for_key(key) if key else None
        if token is None:
            # Counted, not answered by axes' lockout page: the next request from here gets 429.
            lockout.record_attempt(django_request, subject=lockout.API_TOKEN)
            raise exceptions.AuthenticationFailed(_("This token is unknown or was revoked."))
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
