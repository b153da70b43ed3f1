"""The mentoring board of a large program comes 50 relationships a page (the 10,000-mentee
demo program's board was 4 MB of HTML and took seconds: see bench/load.py)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.mentoring.tests.test_views import _add_relationships


def _board(world, **params):
    client = client_for(world.coordinator)
    url = reverse("mentoring:board", args=[world.program.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


def test_board_shows_50_relationships_a_page_in_the_same_queries(world):
    _add_relationships(world, 3)
    _small, small_queries = _board(world)
    _add_relationships(world, 52)

    first, first_queries = _board(world)
    second, _ = _board(world, page=2)

    assert len(re.findall(r'<tr id="relationship-\d', first.text)) == 50
    assert len(re.findall(r'<tr id="relationship-\d', second.text)) == 5
    assert "Page 1 of 2" in first.text
    assert "page=2" in first.text
    assert first_queries == small_queries


def test_board_pages_keep_the_filters(world):
    _add_relationships(world, 51)
    response, _ = _board(world, status="active")
    assert "status=active&amp;page=2" in response.text
