"""The results framework pages: who may do what, building from a template, editing results and
targets through the pages, what the funder reads, and a query count that stays flat."""

import datetime as dt
import uuid
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.monitoring import services
from puente.monitoring.models import Indicator, IndicatorPeriod, Result
from puente.monitoring.tests.test_framework import BASELINE, ENDLINE, H1, H2, _round

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"monitoring:{name}", args=[world.program.slug, *args])


def _key():
    return str(uuid.uuid4())


def test_building_the_framework_from_a_template_and_reading_it(me_world):
    client = client_for(me_world.coordinator)
    page = client.get(_url(me_world, "framework"))
    assert page.status_code == 200 and 'id="template-form"' in page.text
    response = client.post(
        _url(me_world, "framework-template"), {"template": "suppliers", "submit_key": _key()}
    )
    assert response.status_code == 302
    assert Result.objects.filter(program=me_world.program).count() == 6
    page = client.get(_url(me_world, "framework"))
    assert "Businesses meet corporate buyers&#x27; requirements" in page.text
    assert 'id="template-form"' not in page.text and 'id="add-result"' in page.text
    # The funder reads the same tree, without the edit links.
    observer = client_for(me_world.observer).get(_url(me_world, "framework"))
    assert observer.status_code == 200
    assert "Businesses meet corporate buyers&#x27; requirements" in observer.text
    assert 'id="add-result"' not in observer.text and "/edit/" not in observer.text
    assert 'id="iati-download"' in observer.text
    for role, status in (("mentee", 403), ("mentor", 403), ("outsider", 404)):
        assert (
            client_for(getattr(me_world, role)).get(_url(me_world, "framework")).status_code
            == status
        )


def test_an_unknown_template_is_refused_next_to_its_field(me_world):
    client = client_for(me_world.coordinator)
    response = client.post(
        _url(me_world, "framework-template"), {"template": "nope", "submit_key": _key()}
    )
    assert response.status_code == 422 and not Result.objects.exists()


def test_adding_and_editing_results(me_world):
    client = client_for(me_world.coordinator)
    response = client.post(
        _url(me_world, "result-create"),
        {"title": "Más ventas", "level": "impact", "submit_key": _key()},
    )
    assert response.status_code == 302
    top = Result.objects.get()
    form = client.get(_url(me_world, "result-create") + f"?parent={top.pk}")
    assert 'value="outcome" selected' in form.text or 'value="outcome"\n selected' in form.text
    client.post(
        _url(me_world, "result-create"),
        {"title": "Más confianza", "level": "outcome", "parent": top.pk, "submit_key": _key()},
    )
    child = Result.objects.get(title="Más confianza")
    assert child.parent == top
    # Under itself: refused.
    response = client.post(
        _url(me_world, "result-edit", top.pk),
        {"title": "Más ventas", "level": "impact", "parent": child.pk, "submit_key": _key()},
    )
    assert response.status_code == 422
    assert Result.objects.get(pk=top.pk).parent is None
    assert client.post(_url(me_world, "result-delete", top.pk)).status_code == 302
    assert not Result.objects.exists()


def test_an_indicator_takes_its_result_and_its_level_from_the_form(me_world):
    result = services.result_save(program=me_world.program, title="Más ventas", level="impact")
    client = client_for(me_world.coordinator)
    form = client.get(_url(me_world, "indicator-create"))
    assert 'name="result"' in form.text and 'name="level"' not in form.text
    client.post(
        _url(me_world, "indicator-create"),
        {
            "name": "Ventas",
            "computation": "answer_mean",
            "question_key": "monthly_sales",
            "result": result.pk,
            "submit_key": _key(),
        },
    )
    indicator = Indicator.objects.get()
    assert indicator.result == result and indicator.level == "impact"


def test_baseline_targets_and_periods_through_the_page(me_world):
    indicator = services.indicator_save(
        program=me_world.program,
        data={"name": "Confianza", "computation": "answer_mean", "question_key": "confidence"},
    )
    client = client_for(me_world.coordinator)
    url = _url(me_world, "indicator-targets", indicator.pk)
    assert client.get(url).status_code == 200
    data = {
        "baseline": "2.5",
        "baseline_on": "2026-02-10",
        "target": "4",
        "periods-TOTAL_FORMS": "2",
        "periods-INITIAL_FORMS": "0",
        "periods-0-start": "2026-01-01",
        "periods-0-end": "2026-06-30",
        "periods-0-target": "3",
        "periods-1-start": "2026-07-01",
        "periods-1-end": "2026-12-31",
        "periods-1-target": "4",
    }
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.baseline, indicator.target) == (D("2.5"), D(4))
    assert list(IndicatorPeriod.objects.values_list("target", flat=True)) == [D(3), D(4)]
    # Overlapping periods: refused, nothing changed.
    # The page now holds the two periods as its initial forms.
    data["periods-INITIAL_FORMS"] = "2"
    overlapping = {**data, "periods-1-start": "2026-06-30"}
    assert client.post(url, overlapping).status_code == 422
    assert IndicatorPeriod.objects.count() == 2
    # A start without an end: said next to the field.
    assert client.post(url, {**data, "periods-1-end": ""}).status_code == 422
    for role, status in (("observer", 403), ("mentee", 403), ("outsider", 404)):
        assert client_for(getattr(me_world, role)).get(url).status_code == status


def _framework_of(world, indicators, prefix="Indicador"):
    top = services.result_save(program=world.program, title="Impacto", level="impact")
    below = services.result_save(program=world.program, title="Efecto", level="outcome", parent=top)
    keys = ["confidence", "sold_to_corporate"]
    for n in range(indicators):
        indicator = services.indicator_save(
            program=world.program,
            data={
                "name": f"{prefix} {n}",
                "computation": "answer_mean" if n % 2 == 0 else "meetings_held",
                "question_key": keys[n % 2],
                "result": below if n % 2 else top,
            },
        )
        services.indicator_periods_save(
            indicator=indicator,
            baseline=None,
            baseline_on=None,
            target=D(4),
            periods=[(*H1, D(3)), (*H2, D(4))],
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_framework_page_makes_as_many_queries_whatever_its_size(me_world):
    client = client_for(me_world.observer)
    url = _url(me_world, "framework")
    # One indicator on answers and one on activity: a query each, whatever their number.
    _framework_of(me_world, 2)
    small = _queries(client, url)
    _framework_of(me_world, 7, prefix="Más")
    _round(me_world, "baseline", BASELINE, H1[0] + dt.timedelta(days=40))
    _round(me_world, "endline", ENDLINE, H2[0] + dt.timedelta(days=40))
    assert _queries(client, url) == small
