"""The final report and the funder's dashboard follow the results framework: the indicators under
their results, with targets per period, actuals, achievement and status."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from puente.conftest import client_for
from puente.monitoring import services
from puente.monitoring.tests.conftest import me_world  # noqa: F401 - the six mentees and surveys
from puente.monitoring.tests.test_framework import BASELINE, ENDLINE, H1, H2, _round

pytestmark = pytest.mark.django_db


@pytest.fixture
def framed(me_world):  # noqa: F811 - the fixture imported above
    top = services.result_save(
        program=me_world.program, title="Las empresas venden más", level="impact"
    )
    indicator = services.indicator_save(
        program=me_world.program,
        data={
            "name": "Confianza para vender",
            "computation": "answer_mean",
            "question_key": "confidence",
            "result": top,
        },
    )
    _round(me_world, "baseline", BASELINE, H1[0] + dt.timedelta(days=40))
    _round(me_world, "endline", ENDLINE, H2[0] + dt.timedelta(days=40))
    services.indicator_periods_save(
        indicator=indicator,
        baseline=D("2.5"),
        baseline_on=None,
        target=D(4),
        periods=[(*H1, D(3)), (*H2, D(4))],
    )
    return me_world


@time_machine.travel(dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("name", "role"),
    [("reports:funder-dashboard", "observer"), ("reports:program-final", "coordinator")],
)
def test_the_framework_with_periods_and_status(framed, name, role):
    page = client_for(getattr(framed, role)).get(reverse(name, args=[framed.program.slug]))
    assert page.status_code == 200
    text = page.text
    assert 'id="framework"' in text and "Las empresas venden más" in text
    assert "Confianza para vender" in text
    # H1: 2.5 of 3 (83.3 %, at risk); H2: 4 of 4 (100 %, on track).
    assert "83.3 %" in text and "At risk" in text
    assert "100 %" in text and "On track" in text
    assert reverse("monitoring:iati", args=[framed.program.slug]) in text
    # Read-only there.
    assert reverse("monitoring:result-create", args=[framed.program.slug]) not in text
