"""Program-scoped endpoints: anonymous 401 with the scheme to use, unknown programs 404, lists
refuse writes. Which persona gets which status, and exactly which objects, is the permission
matrix's and the list matrix's (puente/tests/)."""

import pytest
from django.urls import reverse

from puente.api.tests.conftest import api_client_for

# The program-scoped endpoints (those that list, and the program itself).
LISTS = (
    "program-detail",
    "wave-list",
    "track-list",
    "membership-list",
    "call-list",
    "application-list",
    "match-run-list",
    "match-list",
    "relationship-list",
    "meeting-list",
    "plan-list",
    "round-list",
    "indicator-list",
    "export-list",
    "webhook-list",
)


@pytest.mark.parametrize("name", LISTS)
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
