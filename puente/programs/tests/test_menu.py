"""The program menu shows exactly the pages a person may open: every link it shows opens (200),
and every menu page that opens for them is in their menu. Both sides ask the same actions
(``access|can:"…"`` in the template, ``get_program_for_user(…, Action…)`` in the views)."""

import re

import pytest
from django.urls import reverse

from puente.conftest import client_for

pytestmark = pytest.mark.django_db

PERSONAS = ("observer", "mentee", "mentor", "tutor", "reviewer", "coordinator")

# Every page the menu may link to.
MENU_PAGES = (
    "programs:program-home",
    "programs:directory",
    "recruitment:review-list",
    "mentoring:mine",
    "mentoring:board",
    "mentoring:caseload",
    "plans:overview",
    "plans:mine",
    "events:events",
    "feedback:my-feedback",
    "feedback:live",
    "monitoring:my-surveys",
    "monitoring:health",
    "monitoring:indicators",
    "reports:funder-dashboard",
    "reports:mine",
    "community:index",
    "library:resource-list",
    "recruitment:call-list",
    "matching:overview",
    "programs:invite",
    "instruments:instrument-list",
    "mentoring:session-plans",
    "plans:buyers",
    "programs:program-edit",
)


def _menu_links(html: str) -> set[str]:
    nav = re.search(r'<nav class="actions program-nav".*?</nav>', html, re.S)
    assert nav is not None
    return set(re.findall(r'href="([^"]+)"', nav.group(0)))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_menu_shows_exactly_the_pages_one_may_open(world, persona):
    client = client_for(getattr(world, persona))
    home = client.get(reverse("programs:program-home", args=[world.program.slug]))
    assert home.status_code == 200
    links = _menu_links(home.text)
    for link in links:
        assert client.get(link).status_code == 200, f"{persona}: the menu links {link}"
    for name in MENU_PAGES:
        url = reverse(name, args=[world.program.slug])
        opens = client.get(url).status_code == 200
        assert opens == (url in links), f"{persona}: {name} opens={opens}, in menu={url in links}"


def test_observers_and_reviewers_find_their_reports_page(world):
    for persona in ("observer", "reviewer"):
        home = client_for(getattr(world, persona)).get(
            reverse("programs:program-home", args=[world.program.slug])
        )
        assert reverse("reports:mine", args=[world.program.slug]) in _menu_links(home.text)
