"""The permission matrix: every named URL of the site, tried by every persona, against the one
declared table in `permission_matrix.py`. A URL without a row (or a row without a URL) fails.

Each (URL, method, persona) is one test, e.g. ``mentoring:relationship GET mentee``. The world is
built once for the module inside a transaction that is rolled back at the end; each test runs in
a savepoint of it (pytest-django's `db`), so a POST that changes something is undone.

To add a row for a new URL, see docs/architecture.md ("Adding a URL"): write its kwargs, then
``PERMISSION_MATRIX_SUGGEST=<url name> pytest puente/tests/test_permission_matrix.py
-k test_suggest_rows -s`` prints what each persona gets today, to check one answer at a time.
"""

import json
import os
import tempfile
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from puente.tests import permission_matrix as table
from puente.tests.matrix_world import NOW, MatrixWorld, build_matrix_world
from puente.tests.module_data import rolled_back

PERSONAS = table.PERSONAS


def url_patterns() -> dict[str, tuple[str | None, str]]:
    """Every URL pattern of the site: its name qualified with its namespaces ("<unnamed …>" for
    one without a name), its namespace and its route."""
    found: dict[str, tuple[str | None, str]] = {}

    def walk(patterns: list, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if namespace and inner:
                    inner = f"{namespace}:{inner}"
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name or f"<unnamed {route}>"
                qualified = f"{namespace}:{name}" if namespace else name
                found.setdefault(qualified, (namespace, route))

    walk(get_resolver().url_patterns, "", None)
    return found


def checked_patterns() -> dict[str, str]:
    """The patterns the matrix must cover (all but the declared exclusions), with their routes."""
    return {
        name: route
        for name, (namespace, route) in url_patterns().items()
        if not any(rule.matches(namespace, route) for rule in table.EXCLUDED)
    }


def _cases() -> list:
    cases = []
    for name, row in table.ROWS.items():
        for method, expected in row.expect.items():
            # A row with a wrong number of outcomes fails test_every_row_reverses_…, not here.
            for persona, outcome in zip(PERSONAS, expected.split(), strict=False):
                cases.append(
                    pytest.param(name, method, persona, outcome, id=f"{name} {method} {persona}")
                )
    return cases


# --- The world, once per module -----------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    media = tempfile.TemporaryDirectory()
    overridden = override_settings(MEDIA_ROOT=media.name)
    overridden.enable()
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    try:
        with rolled_back(django_db_blocker):
            yield build_matrix_world()
    finally:
        traveller.stop()
        overridden.disable()
        media.cleanup()


def _client(world: MatrixWorld, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def _outcome(response: HttpResponse) -> str:
    if response.status_code == 302:
        login = resolve_url(settings.LOGIN_URL)
        if response["Location"].split("?")[0] == login:
            return "login"
    return str(response.status_code)


def _matches(outcome: str, expected: str) -> bool:
    if expected == "ok":  # an allowed action: done, redirected, or its input refused
        return outcome in table.OK
    return outcome == expected


def _request(
    world: MatrixWorld, name: str, method: str, persona: str, **override: object
) -> HttpResponse:
    row = table.ROWS[name]
    url = reverse(name, kwargs={**row.kwargs_for(world), **override})
    client = _client(world, persona)
    if method == "GET":
        return client.get(url)
    send = {"POST": client.post, "PUT": client.put, "DELETE": client.delete}[method]
    if row.json:
        return send(url, json.dumps(row.data), content_type="application/json")
    if method == "POST":
        return client.post(url, row.data)
    return send(url)


# --- The tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method", "persona", "expected"), _cases())
def test_permission_matrix(matrix_world, db, name, method, persona, expected):
    outcome = _outcome(_request(matrix_world, name, method, persona))
    assert _matches(outcome, expected), f"{name} {method} as {persona}: {outcome}, not {expected}"


def _cross_program_cases() -> list:
    """Rows that address an object of the world's program under its slug: tried by the other
    program's coordinator under *their* program's slug, which must not reach the object."""
    cases = []
    for name, row in table.ROWS.items():
        pairs = dict(pair.split("=", 1) for pair in row.kwargs_spec.split())
        objects = [v for key, v in pairs.items() if key != "slug" and v[:1] not in "'0123456789"]
        if pairs.get("slug") != "program.slug" or not objects:
            continue
        for method in row.expect:
            cases.append(pytest.param(name, method, id=f"{name} {method}"))
    return cases


@pytest.mark.parametrize(("name", "method"), _cross_program_cases())
def test_an_object_is_not_reached_through_another_programs_address(matrix_world, db, name, method):
    """E.g. /p/otro-programa/mentoring/<this program's relationship>/ as that program's own
    coordinator: the object's lookup must be scoped to the program in the address."""
    slug = matrix_world.other_program.slug
    outcome = _outcome(_request(matrix_world, name, method, "other_coordinator", slug=slug))
    assert outcome in {"403", "404", "405"}, f"{name} {method} under {slug}: {outcome}"


def test_every_url_has_a_row_and_every_row_a_url():
    patterns = checked_patterns()
    missing = sorted(set(patterns) - set(table.ROWS))
    stale = sorted(set(table.ROWS) - set(patterns))
    assert not missing, (
        "URLs without a row in puente/tests/permission_matrix.py (see docs/architecture.md, "
        "'Adding a URL'): " + ", ".join(f"{name} ({patterns[name]})" for name in missing)
    )
    assert not stale, "Rows for URLs that no longer exist: " + ", ".join(stale)


def test_the_exclusions_are_used_and_say_why():
    patterns = url_patterns().values()
    for rule in table.EXCLUDED:
        assert rule.reason.strip(), rule
        assert any(rule.matches(namespace, route) for namespace, route in patterns), (
            f"{rule} excludes no URL any more: remove it"
        )


def test_every_row_reverses_with_the_worlds_objects(matrix_world, db):
    for name, row in table.ROWS.items():
        assert reverse(name, kwargs=row.kwargs_for(matrix_world)), name
        for method, expected in row.expect.items():
            assert method in table.METHODS, (name, method)
            assert len(expected.split()) == len(PERSONAS), (name, method)
            assert set(expected.split()) <= table.OUTCOMES, (name, method, expected)


@pytest.mark.skipif(
    not os.environ.get("PERMISSION_MATRIX_SUGGEST"), reason="PERMISSION_MATRIX_SUGGEST not set"
)
def test_suggest_rows(matrix_world, db):
    """Print what each persona gets today for the rows named in PERMISSION_MATRIX_SUGGEST
    (comma-separated, or "all"), as rows to check one answer at a time and paste. Not a test of
    anything: a drafting aid for a new row (write its kwargs first)."""
    wanted = os.environ["PERMISSION_MATRIX_SUGGEST"]
    names = table.ROWS if wanted == "all" else wanted.split(",")
    lines = []
    for name in names:
        row = table.ROWS[name]
        url = reverse(name, kwargs=row.kwargs_for(matrix_world))
        lines.append(f'    "{name}": row(  # {url}')
        lines.append(f'        "{row.kwargs_spec}",')
        for method in table.METHODS if row.json else ("GET", "POST"):
            outcomes = []
            for persona in PERSONAS:
                sid = transaction.savepoint()
                try:
                    outcomes.append(_outcome(_request(matrix_world, name, method, persona)))
                except Exception as error:  # noqa: BLE001 - a draft says what happened
                    outcomes.append(f"!{type(error).__name__}")
                finally:
                    transaction.savepoint_rollback(sid)
            lines.append(f'        {method}="{" ".join(outcomes)}",')
        lines.append("    ),")
    print("\n" + "\n".join(lines))
