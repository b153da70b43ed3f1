"""DRF's exception handler, plus the reason of a 403 for the one-line denial log
(``puente.core.log``): the answer's body is unchanged."""

from typing import Any

from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from puente.core.log import note_denial


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is not None and response.status_code == 403 and request is not None:
        codes = exc.get_codes() if isinstance(exc, APIException) else "permission_denied"
        note_denial(request._request, str(codes))
    return response
