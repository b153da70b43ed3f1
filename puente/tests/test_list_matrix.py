"""The list matrix: every list page and every list endpoint of the API, read by every persona,
against the declared table in `list_matrix.py` — not only the status, but exactly which of the
world's named objects each persona sees.

Each (list, persona) is one test, e.g. ``mentoring:mine mentee``. The world (`list_world.py`) is
built once for the module inside a transaction rolled back at the end; each test runs in a
savepoint of it, as in the permission matrix. A page shows an object when the object's marker
(its ``id``/``data-*`` attribute) is in the HTML; the API when its id is among the results of every
page of the answer (asked for in pages of 5).

A page or an API list without a row (or an exclusion with its reason) fails
test_every_list_has_a_row; see docs/architecture.md ("Adding a list").
"""

import json
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.mixins import ListModelMixin

from puente.tests import list_matrix as table
from puente.tests import permission_matrix
from puente.tests.list_world import ListWorld, build_list_world, kind_models
from puente.tests.matrix_world import NOW
from puente.tests.module_data import rolled_back

PERSONAS = table.PERSONAS


@pytest.fixture(scope="module")
def list_world(django_db_setup, django_db_blocker) -> Iterator[ListWorld]:
    media = tempfile.TemporaryDirectory()
    overridden = override_settings(MEDIA_ROOT=media.name)
    overridden.enable()
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    try:
        with rolled_back(django_db_blocker):
            yield build_list_world()
    finally:
        traveller.stop()
        overridden.disable()
        media.cleanup()


def _cases() -> list[Any]:
    cases = []
    for key, row in table.ROWS.items():
        for persona in PERSONAS:
            marks = []
            if persona in row.xfail:
                marks.append(pytest.mark.xfail(reason=row.xfail[persona], strict=True))
            cases.append(pytest.param(key, persona, id=f"{key} {persona}", marks=marks))
    return cases


def _url(world: ListWorld, key: str) -> str:
    row = table.ROWS[key]
    kwargs = permission_matrix.row(row.kwargs_spec).kwargs_for(world)
    return reverse(table.url_name(key), kwargs=kwargs)


def _outcome(response: HttpResponse) -> str:
    """The status, or "login" for the redirect to sign in (as the permission matrix says)."""
    if response.status_code == 302:
        if response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL):
            return "login"
    return str(response.status_code)


def _api_keys(client: Client, response: HttpResponse, field: str) -> set[str]:
    """The keys of every result on every page of a paginated API answer."""
    keys: set[str] = set()
    while True:
        body = json.loads(response.content)
        keys |= {str(item[field]) for item in body["results"]}
        if not body["next"]:
            return keys
        response = client.get(body["next"])
        assert response.status_code == 200, body["next"]


def seen_in(world: ListWorld, key: str, response: HttpResponse, client: Client) -> set[str]:
    """The names of the row's kind whose marker (pages) or id (API) the answer holds."""
    row = table.ROWS[key]
    candidates = world.named[row.kind]
    if row.json:
        field = table.API_KEYS.get(row.kind, "id")
        keys = _api_keys(client, response, field)
        return {
            name for name, obj in candidates.items() if str(getattr(obj, field, obj.pk)) in keys
        }
    html = response.content.decode()
    marker = row.marker_for()
    return {name for name, obj in candidates.items() if marker.format(obj=obj, pk=obj.pk) in html}


# --- The tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "persona"), _cases())
def test_list_matrix(list_world, db, key, persona):
    row = table.ROWS[key]
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(list_world, persona))
    # The API in pages of 5, so that reading every page is exercised.
    response = client.get(_url(list_world, key), {"page_size": 5} if row.json else {})
    outcome = _outcome(response)
    expected = row.outcomes[persona]
    if expected != table.LIST:
        assert outcome == expected, f"{key} as {persona}: {outcome}, not {expected}"
        return
    assert outcome == "200", f"{key} as {persona}: {outcome}, not the list"
    seen = seen_in(list_world, key, response, client)
    wanted = row.seen[persona]
    assert seen == wanted, (
        f"{key} as {persona}: shows {sorted(seen - wanted) or 'nothing'} it must not, "
        f"misses {sorted(wanted - seen) or 'nothing'}"
    )


def test_every_list_has_a_row():
    """Every list endpoint of the API (a view that lists) and every page of the site (a GET row
    of the permission matrix) is a row here, or a page declared not a list, with its reason."""
    listed = {table.url_name(key) for key in table.ROWS}
    api_lists = set()

    def walk(patterns: list, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and issubclass(view, ListModelMixin):
                    api_lists.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    assert api_lists, "no API list found: the walk is broken"
    missing = sorted(api_lists - listed)
    assert not missing, f"API lists without a row in puente/tests/list_matrix.py: {missing}"
    for key, row in table.ROWS.items():
        assert row.json == (table.url_name(key) in api_lists), f"{key}: api() for the API's lists"

    pages = {
        name for name, row in permission_matrix.ROWS.items() if "GET" in row.expect and not row.json
    }
    unclassified = sorted(pages - listed - set(table.NOT_LISTS))
    assert not unclassified, (
        "Pages neither listed in puente/tests/list_matrix.py's ROWS nor in NOT_LISTS with a "
        f"reason (see docs/architecture.md, 'Adding a list'): {unclassified}"
    )
    assert not listed & set(table.NOT_LISTS), sorted(listed & set(table.NOT_LISTS))
    stale = sorted(set(table.NOT_LISTS) - pages)
    assert not stale, f"NOT_LISTS names no page any more: {stale}"
    assert all(reason.strip() for reason in table.NOT_LISTS.values())


def test_rows_agree_with_the_permission_matrix():
    """A row under the same address as the permission matrix's says the same statuses: the list
    where the matrix says 200, the matrix's refusal elsewhere."""
    for key, row in table.ROWS.items():
        matrix_row = permission_matrix.ROWS[table.url_name(key)]
        if matrix_row.kwargs_spec != row.kwargs_spec:
            continue  # another program's address
        statuses = dict(zip(PERSONAS, matrix_row.expect["GET"].split(), strict=True))
        for persona, outcome in row.outcomes.items():
            wanted = "200" if outcome == table.LIST else outcome
            assert statuses[persona] == wanted, (key, persona, statuses[persona], outcome)


def test_every_row_names_objects_of_the_world_and_tells_them_apart(list_world, db):
    models = kind_models()
    for kind, objects in list_world.named.items():
        for name, obj in objects.items():
            assert isinstance(obj, models[kind]), (kind, name)
    for key, row in table.ROWS.items():
        assert row.kind in list_world.named, (key, row.kind)
        names = set(list_world.named[row.kind])
        seen = set().union(*row.seen.values()) if row.seen else set()
        assert seen <= names, (key, sorted(seen - names))
        # Something is seen, and some object is seen by nobody (another program's, a hidden
        # one…) or the personas see different things: a row where everyone sees everything
        # tells nothing apart.
        assert seen, f"{key}: nobody sees anything"
        differs = len(set(row.seen.values())) > 1
        assert names - seen or differs, f"{key}: everyone sees everything; add what nobody may"
        assert set(row.xfail) <= {p for p, o in row.outcomes.items() if o == table.LIST}, key


def _marker_is_unique(world: ListWorld, key: str) -> None:
    row = table.ROWS[key]
    markers = [
        row.marker_for().format(obj=obj, pk=obj.pk) for obj in world.named[row.kind].values()
    ]
    assert len(set(markers)) == len(markers), (key, markers)


def test_markers_name_one_object(list_world, db):
    for key, row in table.ROWS.items():
        if not row.json:
            _marker_is_unique(list_world, key)
            assert "{" in row.marker_for(), key
