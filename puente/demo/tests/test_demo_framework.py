"""The demo's supplier program as its funder reads it: a results framework with every indicator
placed, periods with targets and computed actuals (statuses on the ended ones), baselines, and
businesses whose profiles the funders' definitions classify."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from puente.accounts.models import BusinessProfile
from puente.monitoring import framework
from puente.programs.models import Program

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_supplier_program_has_a_framework_with_periods_targets_and_actuals():
    call_command("seed_demo", stdout=StringIO())
    program = Program.objects.get(slug="mujeres-proveedoras")
    tree = framework.program_framework(program, today=dt.date(2027, 1, 15))
    levels = {node.result.level for node in tree.walk()}
    assert levels == {"impact", "outcome", "output", "activity"}
    assert not tree.unplaced and len(tree.rows) == 9
    assert all(len(row.periods) == 3 for row in tree.rows)
    survey = [row for row in tree.rows if row.indicator.is_on_answers]
    # Baselines come from the first period's actual where it may be shown (a share of yes from
    # fewer than 5 businesses stays hidden, and its baseline empty).
    for row in survey:
        assert row.indicator.baseline == row.periods[0].actual.shown
    assert sum(row.indicator.baseline is not None for row in survey) >= 4
    # The endline period has an actual for the survey indicators, but where fewer than 5
    # businesses gave it once the data-quality flags left their answers out (the duplicate
    # business and the straight-liner): then it is hidden, as everywhere. Periods that ended
    # with a target and an actual carry a status.
    endline = [row.periods[-1].actual for row in survey]
    assert all(a.shown is not None or a.hidden == "few" for a in endline)
    assert sum(a.shown is not None for a in endline) >= 4
    statuses = [p.status for row in tree.rows for p in row.periods if p.achievement is not None]
    assert statuses and all(statuses)
    # The program's businesses (those of accepted applications later in the demo carry only
    # what their application asked).
    businesses = BusinessProfile.objects.filter(
        owner__memberships__program=program, women_ownership_share__isnull=False
    ).distinct()
    assert businesses.count() >= 30
    assert not businesses.filter(ifc_women_owned__isnull=True).exists()
    assert businesses.filter(iwa_women_owned=False).exists()
    assert businesses.filter(iwa_women_owned=True).exists()
    assert set(businesses.values_list("msme_band", flat=True)) == {"micro", "small"}
    # A second seed leaves the framework as it was.
    before = sorted(program.results.values_list("pk", flat=True))
    call_command("seed_demo", stdout=StringIO())
    assert sorted(program.results.values_list("pk", flat=True)) == before
