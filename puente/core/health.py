"""Health checks for the reverse proxy, the orchestrator and monitoring: /healthz and /readyz.

- ``/healthz``, liveness: the process answers (no database, no cache). Always 200 while it runs,
  with the version.
- ``/readyz``, readiness: this process can serve. The database answers and every migration the
  code knows is applied; the cache answers; the oldest task waiting in django-tasks' database
  queue has waited at most ``HEALTH_MAX_TASK_AGE_SECONDS`` (the worker runs and keeps up). 200
  when all pass, else 503 naming the checks that failed. Four queries, no template.

Both answer JSON to GET and HEAD, unauthenticated, never cached. ``ProbeMiddleware``, first in
``MIDDLEWARE``, answers them before any other middleware runs: a probe addresses the process by
its own address (no host check), over plain HTTP (no HTTPS redirect, whose 301 an orchestrator
would count as healthy), and leaves no trace: no session read or written, no cookie, no CSRF
token, no language negotiation, no audit-trail actor, no lockout bookkeeping. They are kept out
of the logs too: Django's request log (a 503 is otherwise an ERROR line per probe, every few
seconds) and gunicorn's access log (``puente.gunicorn_conf``). Instead each process logs a change
of readiness once: "Not ready: database: unreachable (OperationalError)", later "Ready again".

The answers say which check failed and a short reason, never an exception's text (it may name
hosts or users); the log line adds the exception's class.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from puente.core.version import puente_version

logger = logging.getLogger(__name__)

HEALTHZ = "/healthz"
READYZ = "/readyz"
# Read by the URLs, the middleware and gunicorn's access log (puente/gunicorn_conf.py).
PROBE_PATHS = (HEALTHZ, READYZ)
CACHE_PROBE_KEY = "puente:readyz"


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str = "ok"
    error: str = ""  # the exception's class, for the log only

    @classmethod
    def failed(cls, detail: str, error: Exception | None = None) -> "Check":
        return cls(False, detail, type(error).__name__ if error is not None else "")

    @property
    def logged(self) -> str:
        return f"{self.detail} ({self.error})" if self.error else self.detail


def _answer(body: dict[str, Any], status: int = 200) -> HttpResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return _answer({"status": "ok", "version": puente_version()})


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    checks = readiness()
    failed = [name for name, check in checks.items() if not check.ok]
    _note_change(failed, checks)
    body: dict[str, Any] = {
        "status": "not ready" if failed else "ready",
        "version": puente_version(),
        "checks": {name: check.detail for name, check in checks.items()},
    }
    if failed:
        body["failed"] = failed
    return _answer(body, status=503 if failed else 200)


def readiness() -> dict[str, Check]:
    """Each check's outcome, in a fixed order."""
    checks: dict[str, Check] = {"database": _database()}
    if checks["database"].ok:
        checks["migrations"] = _migrations()
        checks["tasks"] = _tasks()
    else:
        checks["migrations"] = checks["tasks"] = Check.failed("not checked: no database")
    checks["cache"] = _cache()
    return {name: checks[name] for name in ("database", "migrations", "cache", "tasks")}


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check.failed("unreachable", error)
    return Check(True)


@cache
def _known_migrations() -> frozenset[tuple[str, str]]:
    """Every migration of the code this process runs (read from disk once per process).

    Without a connection the loader keeps a squashed migration in place of those it replaces;
    `migrate` records it as applied once they all are.
    """
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _migrations() -> Check:
    try:
        applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    except DatabaseError as error:  # no django_migrations table: never migrated
        return Check.failed("never migrated", error)
    unapplied = len(_known_migrations() - applied)
    if unapplied:
        return Check.failed(f"{unapplied} unapplied")
    return Check(True)


def _cache() -> Check:
    try:
        django_cache.get(CACHE_PROBE_KEY)
    except Exception as error:  # any backend's own error: a table, a server, a socket
        return Check.failed("unreachable", error)
    return Check(True)


def _tasks() -> Check:
    limit = settings.HEALTH_MAX_TASK_AGE_SECONDS
    if not limit:
        return Check(True, "not checked")
    try:
        oldest = oldest_waiting_task()
    except DatabaseError as error:  # django-tasks-db's table is missing: reported as migrations
        return Check.failed("unreadable", error)
    if oldest is None:
        return Check(True)
    waited = int((timezone.now() - oldest).total_seconds())
    if waited > limit:
        return Check.failed(f"oldest waiting {waited} s (limit {limit} s)")
    return Check(True)


def oldest_waiting_task() -> datetime | None:
    """When the longest-waiting task of the database queue became due, or None when none waits
    (or the queue is not django-tasks' database backend)."""
    # Imported here: gunicorn's configuration reads this module before Django is set up.
    from django.db.models import Case, DateTimeField, F, Min, When
    from django.db.models.functions import Greatest
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return None
    # A task enqueued to run after a moment is due from then; one without is due at once (the
    # backend stores "no moment" as the largest date).
    due = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("run_after", "enqueued_at"),
        output_field=DateTimeField(),
    )
    oldest: datetime | None = (
        DBTaskResult.objects.ready()
        .filter(backend_name=backend.alias)
        .aggregate(oldest=Min(due))["oldest"]
    )
    return oldest


_last_failed: list[str] | None = None
_last_lock = threading.Lock()


def _note_change(failed: list[str], checks: dict[str, Check]) -> None:
    """Log readiness when it changes in this process (the first answer counts as a change only
    when it is not ready)."""
    global _last_failed
    with _last_lock:
        previous, _last_failed = _last_failed, failed
    if failed and failed != previous:
        reasons = "; ".join(f"{name}: {checks[name].logged}" for name in failed)
        logger.warning("Not ready: %s", reasons)
    elif not failed and previous:
        logger.warning("Ready again")


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {HEALTHZ: healthz, READYZ: readyz}


class ProbeMiddleware:
    """Answers the probes before any other middleware (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        response = probe(request)
        # Django's request log skips a response marked as logged: a 503 while not ready stays out
        # of it (a change of readiness is logged once, above).
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
