"""The relationship page, the page every mentor and mentee opens each week, stays light: its
queries do not grow with its meetings, it holds no time-zone list and weighs at most 60 KB of
HTML at 12 meetings with their logs, notes, times, agreement and plan (it weighed 442 KB, with
6,083 ``<option>`` elements, when every meeting carried its forms). It leads with what is next."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import time_format

from puente.conftest import client_for
from puente.tests.relationships import lived_relationship

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


def _page(world, relationship):
    url = reverse("mentoring:relationship", args=[world.program.slug, relationship.pk])
    client = client_for(world.mentor)
    client.get(url)  # the session's first request reads more (e.g. the language)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_the_page_is_light_and_its_queries_do_not_grow_with_its_meetings(world):
    small, _upcoming = lived_relationship(world, meetings=4)
    large, _upcoming = lived_relationship(world, meetings=12)
    assert small.meetings.count() == 4 and large.meetings.count() == 12
    four, four_queries = _page(world, small)
    twelve, twelve_queries = _page(world, large)
    assert twelve_queries == four_queries
    assert len(twelve.content) <= BUDGET, len(twelve.content)
    assert b"<option" not in twelve.content
    # Each meeting's forms are a link (loaded by htmx when opened), not on the page.
    assert twelve.text.count('class="meeting-forms"') == 12
    assert 'name="m5-topics"' not in twelve.text


def test_the_page_leads_with_the_next_meeting_in_the_viewers_time_zone(world):
    relationship, upcoming = lived_relationship(world, meetings=12)
    response, _queries = _page(world, relationship)
    page = response.text
    lead = page[page.index('id="next"') : page.index('id="progress"')]
    assert f"Next: meeting {upcoming.number}" in lead
    # The mentor's profile zone (the world's default) is the meeting's: 6:30 p.m. in Bogotá.
    assert "6:30 p.m.–8:30 p.m." in lead
    assert "Enviar la ficha técnica al comprador antes del viernes." in lead
    # The plan's open actions: a panel of the plans app, loaded by htmx (without JavaScript,
    # a link to the plan).
    actions_url = reverse("plans:open-actions", args=[world.program.slug, relationship.pk])
    assert f'hx-get="{actions_url}"' in lead
    actions = client_for(world.mentor).get(actions_url, headers={"HX-Request": "true"}).text
    assert "Acción 1 del plan" in actions
    assert "Late" in actions  # the first action was due a week ago
    assert actions.count('id="next-action-') == 5  # the first five, and how many more
    assert "And 2 more in the plan." in actions
    # The title names the other side, never the viewer.
    assert "<h1>Relationship with Raúl Emprendedor</h1>" in page
    # The mentee lives in Madrid: she reads the time in hers (after midnight, the next day).
    mentee = relationship.mentees.get().user
    mentee_page = (
        client_for(mentee)
        .get(reverse("mentoring:relationship", args=[world.program.slug, relationship.pk]))
        .text
    )
    mentee_lead = mentee_page[mentee_page.index('id="next"') : mentee_page.index('id="progress"')]
    madrid = upcoming.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Madrid"))
    shown = "{}–{}".format(  # 12:30 a.m. in winter, 1:30 a.m. in summer
        time_format(madrid, "TIME_FORMAT"),
        time_format(madrid + dt.timedelta(hours=2), "TIME_FORMAT"),
    )
    assert shown in mentee_lead
    assert "your time, Europe/Madrid" in mentee_lead
    assert f"<h1>Relationship with {world.mentor.full_name}</h1>" in mentee_page
    tutor_page = client_for(world.tutor).get(
        reverse("mentoring:relationship", args=[world.program.slug, relationship.pk])
    )
    assert (
        f"<h1>Relationship of {world.mentor.full_name} and Raúl Emprendedor</h1>" in tutor_page.text
    )
