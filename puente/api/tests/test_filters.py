"""Query parameters are strict (django-filter FilterSets, puente/api/filters.py): an unknown or
repeated parameter, or a value the schema forbids, is a 400 naming the parameter; the committed
schema describes each filter with its limits."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from puente.api.tests.conftest import api_client_for

SCHEMA = yaml.safe_load((Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml").read_text())


def _get(world, name, query: str, *args):
    url = reverse(f"api:{name}", args=[world.program.slug, *args])
    return api_client_for(world.coordinator).get(f"{url}?{query}")


def _refused(response, parameter: str) -> None:
    assert response.status_code == 400, response.content
    assert parameter in response.json(), response.json()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("colour=red", "colour"),
        ("page_size=5&page_size=500", "page_size"),
        ("status=active&status=ended", "status"),
        ("wave=1&wave=2", "wave"),
        ("status=" + "a" * 41, "status"),
        ("status=activo", "status"),
        ("wave=" + "9" * 30, "wave"),
        ("wave=-1", "wave"),
        ("page_size=201", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=diez", "page_size"),
        ("status=active%00", "status"),
    ],
)
def test_a_parameter_the_schema_forbids_is_a_400_naming_it(world, relationship, query, parameter):
    _refused(_get(world, "relationship-list", query), parameter)


def test_valid_filters_and_page_sizes_still_answer(world, relationship):
    response = _get(world, "relationship-list", f"status=active&wave={world.wave.pk}&page_size=200")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [relationship.pk]
    assert _get(world, "relationship-list", "status=").status_code == 200  # empty: no filter


def test_an_endpoint_without_filters_refuses_unknown_parameters_too(world, relationship):
    _refused(_get(world, "relationship-detail", "expand=all", relationship.pk), "expand")
    _refused(_get(world, "track-list", "wave=1"), "wave")


def _parameters(path: str) -> dict[str, dict]:
    operation = SCHEMA["paths"][path]["get"]
    return {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}


def test_the_schema_describes_each_filter_with_its_limits():
    parameters = _parameters("/api/v1/programs/{slug}/relationships/")
    assert set(parameters) == {"wave", "track", "status", "page", "page_size"}
    assert parameters["wave"]["type"] == "integer"
    assert parameters["wave"]["maximum"] == 10**17
    assert parameters["wave"]["minimum"] == 0
    assert parameters["status"]["maxLength"] <= 40
    assert "active" in parameters["status"]["enum"]
    assert parameters["page_size"]["maximum"] == 200
    assert parameters["page_size"]["minimum"] == 1
    applications = _parameters("/api/v1/programs/{slug}/applications/")
    assert set(applications) == {"call", "wave", "track", "status", "role", "page", "page_size"}
