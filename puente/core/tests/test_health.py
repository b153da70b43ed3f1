"""/healthz and /readyz: cheap, unauthenticated, JSON; untouched by sessions, hosts, HTTPS
redirects and the request log; /readyz fails on each of its checks."""

import datetime as dt
import importlib
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from puente.conftest import client_for
from puente.core import health
from puente.core.version import puente_version
from puente.settings import CACHES as PRODUCTION_CACHES
from puente.settings import TASKS as PRODUCTION_TASKS

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _fresh_readiness(monkeypatch):
    """Each test starts as a new process would: no readiness seen yet."""
    monkeypatch.setattr(health, "_last_failed", None)


def test_the_urls_are_healthz_and_readyz():
    assert reverse("healthz") == "/healthz"
    assert reverse("readyz") == "/readyz"


@pytest.mark.django_db
def test_healthz_answers_ok_with_the_version_without_touching_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "version": puente_version()}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_ready_in_a_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # SELECT 1, the migrations; the cache is in memory
        response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "version": puente_version(),
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "tasks": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_head_is_answered_and_other_methods_are_not(path):
    client = Client()
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_leaves_no_session_cookie_or_negotiation(path):
    client = Client()
    sessions = Session.objects.count()
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    # No middleware ran: no session was read (Vary: Cookie), no language negotiated.
    assert not response.has_header("Vary")
    assert not response.has_header("Content-Language")
    assert Session.objects.count() == sessions


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_with_a_session_cookie_neither_reads_nor_extends_it(world, path):
    client = client_for(world.mentor)
    session = Session.objects.get()
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert not response.has_header("Vary")
    again = Session.objects.get()
    assert (again.session_data, again.expire_date) == (session.session_data, session.expire_date)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_by_the_process_address_is_answered_whatever_the_host(path):
    """An orchestrator probes the container's own address, never in ALLOWED_HOSTS."""
    response = Client().get(path, HTTP_HOST="10.42.0.17:8000")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_plain_http_probe_is_not_redirected_to_https(settings, path):
    """A 301 would count as healthy to most probes without any check having run."""
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/").status_code == 301
    assert Client().get(path).status_code == 200


@pytest.mark.django_db
def test_readyz_fails_on_an_unapplied_migration(caplog):
    MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").first().delete()
    caplog.set_level(logging.INFO)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["failed"] == ["migrations"]
    assert body["checks"]["migrations"] == "1 unapplied"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_when_never_migrated(monkeypatch):
    def no_table(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("no such table: django_migrations")

    monkeypatch.setattr(MigrationRecorder.Migration.objects, "values_list", no_table)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "never migrated"


class _Unreachable:
    def cursor(self) -> Any:
        raise OperationalError('could not connect to server "db.internal" as user "puente"')


@pytest.mark.django_db
def test_readyz_fails_when_the_database_is_unreachable_and_says_no_more(monkeypatch):
    monkeypatch.setattr(health, "connection", _Unreachable())
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database", "migrations", "tasks"]
    assert body["checks"] == {
        "database": "unreachable",
        "migrations": "not checked: no database",
        "cache": "ok",
        "tasks": "not checked: no database",
    }
    # The error's text (hosts, users) stays out of an unauthenticated answer.
    assert b"db.internal" not in response.content


class _BrokenCache:
    def get(self, key: str) -> Any:
        raise ConnectionError("cache server gone")


@pytest.mark.django_db
def test_readyz_fails_when_the_cache_does_not_answer(monkeypatch):
    monkeypatch.setattr(health, "django_cache", _BrokenCache())
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
    assert response.json()["checks"]["cache"] == "unreachable"


@pytest.mark.django_db
def test_readyz_reads_the_cache_for_real(settings):
    """With the production backend (a database table), the check queries that table."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def _queued(*, waited: dt.timedelta, run_after: dt.datetime | None = None) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="puente.core.tasks.deliver_outbox_task",
        backend_name="default",
        run_after=run_after,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


@pytest.mark.django_db
def test_readyz_fails_when_a_queued_task_waits_too_long(settings):
    settings.TASKS = DB_TASKS
    settings.HEALTH_MAX_TASK_AGE_SECONDS = 600
    _queued(waited=dt.timedelta(minutes=2))
    assert Client().get("/readyz").status_code == 200
    _queued(waited=dt.timedelta(minutes=30))
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["tasks"]
    assert response.json()["checks"]["tasks"].startswith("oldest waiting 1800 s")
    assert response.json()["checks"]["tasks"].endswith("(limit 600 s)")


@pytest.mark.django_db
def test_a_task_counts_from_when_it_is_due_and_finished_tasks_do_not_count(settings):
    settings.TASKS = DB_TASKS
    settings.HEALTH_MAX_TASK_AGE_SECONDS = 600
    # Enqueued long ago to run in an hour (a webhook's retry): not waiting yet.
    _queued(waited=dt.timedelta(days=1), run_after=timezone.now() + dt.timedelta(hours=1))
    done = _queued(waited=dt.timedelta(days=1))
    DBTaskResult.objects.filter(pk=done.pk).update(status="SUCCESSFUL")
    assert Client().get("/readyz").status_code == 200
    # Due 20 minutes ago, enqueued a day ago: it has waited 20 minutes.
    _queued(waited=dt.timedelta(days=1), run_after=timezone.now() - dt.timedelta(minutes=20))
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"].startswith("oldest waiting 1200 s")


@pytest.mark.django_db
def test_the_queue_check_can_be_turned_off(settings):
    settings.TASKS = DB_TASKS
    settings.HEALTH_MAX_TASK_AGE_SECONDS = 0
    _queued(waited=dt.timedelta(days=1))
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"] == "not checked"


@pytest.mark.django_db
def test_readyz_in_production_is_four_queries(settings, django_assert_num_queries):
    """SELECT 1, the migrations, the cache's table, the queue (the settings of puente.settings)."""
    settings.TASKS = PRODUCTION_TASKS
    settings.CACHES = PRODUCTION_CACHES
    migration = importlib.import_module("puente.core.migrations.0003_cache_table")
    migration.create_cache_table(None, SimpleNamespace(connection=connection))
    with django_assert_num_queries(4):
        assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_probes_stay_out_of_the_request_log_and_a_change_of_readiness_is_logged_once(caplog):
    caplog.set_level(logging.INFO)
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert not caplog.records

    MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").first().delete()
    for _ in range(3):
        assert client.get("/readyz").status_code == 503
    assert not [r for r in caplog.records if r.name.startswith("django")]
    (record,) = caplog.records
    assert record.name == "puente.core.health"
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "Not ready: migrations: 1 unapplied"

    caplog.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(health, "connection", _Unreachable())
        assert client.get("/readyz").status_code == 503
    assert [r.getMessage() for r in caplog.records] == [
        "Not ready: database: unreachable (OperationalError); migrations: not checked: no "
        "database; tasks: not checked: no database"
    ]


@pytest.mark.django_db
def test_ready_again_is_logged_once(caplog):
    caplog.set_level(logging.INFO)
    client = Client()
    migration = MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").first()
    migration.delete()
    assert client.get("/readyz").status_code == 503
    MigrationRecorder.Migration.objects.create(app=migration.app, name=migration.name)
    caplog.clear()
    assert client.get("/readyz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert [r.getMessage() for r in caplog.records] == ["Ready again"]


def test_gunicorn_leaves_the_probes_out_of_its_access_log(monkeypatch):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from puente import gunicorn_conf

    logged: list[str] = []
    monkeypatch.setattr(
        Logger, "access", lambda self, resp, req, environ, t: logged.append(environ["PATH_INFO"])
    )
    logger = gunicorn_conf.ProbeQuietLogger(Config())
    for path in ("/healthz", "/readyz", "/", "/healthz/x"):
        logger.access(None, None, {"PATH_INFO": path}, None)
    assert logged == ["/", "/healthz/x"]
    assert gunicorn_conf.logger_class is gunicorn_conf.ProbeQuietLogger
