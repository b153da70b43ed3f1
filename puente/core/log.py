"""How denials are logged: one WARNING line per 403, never a traceback.

Django logs every 403 on ``django.request`` (with the whole traceback when a view raised
``PermissionDenied``) or on ``django.security.csrf``. An attack that collects 403s would fill the
log with tracebacks, so ``OneLineDenials``, a filter on those loggers (``LOGGING`` in
settings), rewrites each 403 record into one line:

    Forbidden GET /p/programa/people/invite/ user=12 reason="permission denied"

Other records (404s, 500s with their tracebacks) pass untouched.
"""

import logging
import re
from typing import Any

from django.http import HttpRequest

DENIAL_REASON = "_puente_denial_reason"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_FIELD = 300


def note_denial(request: HttpRequest, reason: str) -> None:
    """Say why a request is denied, for the log line (the API does, from DRF's detail)."""
    setattr(request, DENIAL_REASON, reason)


def _one_line(value: object) -> str:
    """The text with control characters escaped (a path cannot forge a second log line)."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return text[:MAX_FIELD]


def _user(request: Any) -> str:
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.pk)
    return "anonymous"


def _reason(record: logging.LogRecord, request: Any) -> str:
    noted = getattr(request, DENIAL_REASON, None)
    if noted:
        return str(noted)
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        return str(error) or "permission denied"
    # CSRF: "Forbidden (%s): %s" with the reason first.
    if record.msg == "Forbidden (%s): %s" and isinstance(record.args, tuple) and record.args:
        return str(record.args[0])
    return "forbidden"


class OneLineDenials(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Once per record: a second ``django.setup()`` (a WSGI app built in-process) configures
        # logging again, and dictConfig adds this filter a second time to the same logger.
        if getattr(record, "status_code", None) != 403 or getattr(record, "_one_line", False):
            return True
        record._one_line = True
        request = getattr(record, "request", None)
        method = getattr(request, "method", "") or "-"
        path = getattr(request, "path", "") or "-"
        reason = _one_line(_reason(record, request)).replace('"', "'")
        record.msg = 'Forbidden %s %s user=%s reason="%s"'
        record.args = (
            _one_line(method),
            _one_line(path),
            _user(request),
            reason,
        )
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        return True
