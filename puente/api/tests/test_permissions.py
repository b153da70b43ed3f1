"""Every program-scoped endpoint with every persona: anonymous 401, outsider 404, a member
without the right 403, the allowed roles 200 — the pages' rules (puente/core/permissions.py)."""

import pytest
from django.urls import reverse

from puente.api.tests.conftest import api_client_for
from puente.core.permissions import Role

ALL = set(Role)
LISTS = {
    "program-detail": ALL,
    "wave-list": ALL,
    "track-list": ALL,
    "membership-list": ALL - {Role.OBSERVER},
    "call-list": {Role.COORDINATOR},
    "application-list": {Role.COORDINATOR},
    "match-run-list": {Role.COORDINATOR},
    "match-list": {Role.COORDINATOR},
    "relationship-list": {Role.COORDINATOR, Role.TUTOR, Role.MENTOR, Role.MENTEE},
    "meeting-list": {Role.COORDINATOR, Role.TUTOR, Role.MENTOR, Role.MENTEE},
    "plan-list": {Role.COORDINATOR, Role.TUTOR, Role.MENTOR, Role.MENTEE},
    "round-list": {Role.COORDINATOR},
    "indicator-list": {Role.COORDINATOR, Role.OBSERVER},
    "export-list": {Role.COORDINATOR},
    "webhook-list": {Role.COORDINATOR},
}


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_members_get_200_with_the_right_and_403_without(world, name, role):
    url = reverse(f"api:{name}", args=[world.program.slug])
    response = api_client_for(getattr(world, role)).get(url)
    expected = 200 if role in LISTS[name] else 403
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("name", sorted(LISTS))
def test_outsiders_and_other_programs_coordinators_get_404(world, name):
    url = reverse(f"api:{name}", args=[world.program.slug])
    for person in (world.outsider, world.other_coordinator):
        assert api_client_for(person).get(url).status_code == 404


@pytest.mark.parametrize("name", sorted(LISTS))
def test_anonymous_gets_401_with_the_scheme_to_use(world, name):
    response = api_client_for(None).get(reverse(f"api:{name}", args=[world.program.slug]))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_program_is_404_even_for_a_coordinator(world):
    url = reverse("api:wave-list", args=["no-such-program"])
    assert api_client_for(world.coordinator).get(url).status_code == 404


def test_list_endpoints_refuse_writes_with_405(world):
    client = api_client_for(world.coordinator)
    for name in ("relationship-list", "membership-list", "indicator-list"):
        url = reverse(f"api:{name}", args=[world.program.slug])
        assert client.post(url, {}, format="json").status_code == 405
        assert client.delete(url).status_code == 405


def test_program_list_shows_only_my_programs(world):
    response = api_client_for(world.mentor).get(reverse("api:program-list"))
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["results"]] == [world.program.slug]
    outsider = api_client_for(world.outsider).get(reverse("api:program-list"))
    assert outsider.json()["results"] == []
