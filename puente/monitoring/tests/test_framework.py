"""The results framework: templates, the tree, actuals per period worked out by hand, achievement,
status thresholds, suppression, and disaggregation by the funders' business definitions."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from puente.core.permissions import Role
from puente.factories import BusinessProfileFactory
from puente.monitoring import framework, packs, services
from puente.monitoring.models import Indicator, RoundInvitation

pytestmark = pytest.mark.django_db

H1 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
H2 = (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
TODAY = dt.date(2027, 1, 15)

# (confidence, sold to a corporate buyer) of the six mentees of me_world, per round.
BASELINE = [(2, "no"), (2, "no"), (3, "no"), (3, "no"), (2, "yes"), (3, "no")]
ENDLINE = [(4, "yes"), (4, "yes"), (4, "yes"), (5, "no"), (3, "yes"), (4, "yes")]


def _round(world, kind, rows, opened_on, *, people=None):
    round_ = services.round_open(
        program=world.program,
        wave=world.wave,
        kind=kind,
        instrument=world.surveys[kind],
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=opened_on,
    )
    for membership, (confidence, sold) in list(zip(world.mentees, rows, strict=True))[:people]:
        services.round_answer(
            invitation=RoundInvitation.objects.get(round=round_, user=membership.user),
            cleaned={"confidence": confidence, "sold_to_corporate": sold},
        )
    services.round_close(round_=round_, by=world.coordinator)


def _indicator(world, name, **fields):
    return services.indicator_save(program=world.program, data={"name": name, **fields})


def _periods(indicator, *targets, target=None, baseline=None):
    return services.indicator_periods_save(
        indicator=indicator,
        baseline=baseline,
        baseline_on=None,
        target=target,
        periods=[(*span, t) for span, t in zip((H1, H2), targets, strict=False)],
    )


def test_a_template_builds_the_tree_and_places_the_pack_indicators(me_world):
    made = services.indicator_pack_create(
        program=me_world.program, pack=packs.get("suppliers"), by=me_world.coordinator
    )
    tree = framework.program_framework(me_world.program, today=TODAY)
    levels = [(node.depth, node.result.level) for node in tree.walk()]
    assert levels == [
        (0, "impact"),
        (1, "outcome"),
        (2, "output"),
        (3, "activity"),
        (3, "activity"),
        (1, "outcome"),
    ]
    placed = {
        row.indicator.question_key: node.result.level
        for node in tree.walk()
        for row in node.indicators
    }
    assert placed == {
        "sold_to_corporate": "impact",
        "corporate_sales": "impact",
        "monthly_sales": "impact",
        "formally_registered": "outcome",
        "po_process": "outcome",
        "confidence": "outcome",
    }
    assert not tree.unplaced and len(made.indicators) == 6
    # Each indicator takes its result's level.
    assert all(i.level == i.result.level for i in Indicator.objects.select_related("result"))
    # Again: nothing added twice.
    assert services.framework_from_template(program=me_world.program, key="suppliers") == []


def test_actuals_per_period_achievement_and_status(me_world):
    _round(me_world, "baseline", BASELINE, H1[0] + dt.timedelta(days=40))
    _round(me_world, "endline", ENDLINE, H2[0] + dt.timedelta(days=40))
    confidence = _indicator(
        me_world, "Confianza", computation="answer_mean", question_key="confidence"
    )
    sold = _indicator(
        me_world, "Venden", computation="answer_share_yes", question_key="sold_to_corporate"
    )
    _periods(confidence, D(3), D(4), target=D(4), baseline=D("2.5"))
    _periods(sold, D(30), D(80))
    rows = {
        row.indicator.pk: row
        for row in framework.program_framework(me_world.program, today=TODAY).unplaced
    }
    h1, h2 = rows[confidence.pk].periods
    assert (h1.actual.shown, h2.actual.shown) == (D("2.50"), D("4.00"))
    assert (h1.achievement, h2.achievement) == (D("83.3"), D("100.0"))
    assert (h1.status, h2.status) == ("at_risk", "on_track")
    assert rows[confidence.pk].life_achievement == D("100.0")
    h1, h2 = rows[sold.pk].periods
    # 1 of 6 said yes at baseline: a share from 1 person is hidden, and so are its achievement
    # and status (the target is known, they would give it away).
    assert h1.actual.shown is None and h1.achievement is None and h1.status == ""
    assert h2.actual.shown == D("83.33") and h2.achievement == D("104.2")


def test_a_period_in_progress_has_no_status_and_a_future_one_no_actual(me_world):
    _round(me_world, "baseline", BASELINE, H1[0] + dt.timedelta(days=40))
    confidence = _indicator(
        me_world, "Confianza", computation="answer_mean", question_key="confidence"
    )
    _periods(confidence, D(5), D(4))
    h1, h2 = (
        framework.program_framework(me_world.program, today=dt.date(2026, 3, 1)).unplaced[0].periods
    )
    assert h1.actual.shown == D("2.50") and h1.achievement == D("50.0") and h1.status == ""
    assert h2.actual.shown is None and not h2.started


def test_fewer_than_five_answers_in_a_period_are_hidden(me_world):
    _round(me_world, "baseline", BASELINE, H1[0] + dt.timedelta(days=40), people=4)
    confidence = _indicator(
        me_world, "Confianza", computation="answer_mean", question_key="confidence"
    )
    _periods(confidence, D(3))
    (h1,) = framework.program_framework(me_world.program, today=TODAY).unplaced[0].periods
    assert h1.actual.value == D("2.50") and h1.actual.shown is None and h1.achievement is None


@pytest.mark.parametrize(
    ("achievement", "status"),
    [
        (D("85.0"), "on_track"),
        (D("84.9"), "at_risk"),
        (D("60.0"), "at_risk"),
        (D("59.9"), "off_track"),
        (D("140"), "on_track"),
        (None, ""),
    ],
)
def test_status_thresholds(achievement, status):
    assert framework.status_of(achievement) == status


def test_achievement_of_a_zero_target_is_not_a_percentage():
    assert framework.achievement_of(D(3), D(0)) is None
    assert framework.achievement_of(D(3), D(4)) == D("75.0")


def test_periods_may_not_overlap(me_world):
    confidence = _indicator(
        me_world, "Confianza", computation="answer_mean", question_key="confidence"
    )
    with pytest.raises(ValidationError):
        services.indicator_periods_save(
            indicator=confidence,
            baseline=None,
            baseline_on=None,
            target=None,
            periods=[(H1[0], H1[1], D(1)), (H1[1], H2[1], D(1))],
        )


def test_disaggregated_by_the_ifc_definition_with_small_groups_hidden(me_world):
    # Five women-owned businesses (IFC) and one that is not: the group of one is hidden, and the
    # group of five with it (else the whole minus the five would give the one away).
    for n, membership in enumerate(me_world.mentees):
        BusinessProfileFactory(owner=membership.user, women_ownership_share=D(100 if n < 5 else 0))
    _round(me_world, "endline", ENDLINE, H2[0] + dt.timedelta(days=40))
    confidence = _indicator(
        me_world,
        "Confianza",
        computation="answer_mean",
        question_key="confidence",
        disaggregation=Indicator.Disaggregation.WOMEN_OWNED_IFC,
    )
    _periods(confidence, None, D(4))
    tree = framework.program_framework(me_world.program, today=TODAY, disaggregate=True)
    (_h1, h2) = tree.unplaced[0].periods
    assert h2.actual.shown == D("4.00")
    assert h2.groups[True].value == D("4.00") and h2.groups[False].value == D("4.00")
    assert h2.groups[True].shown is None and h2.groups[False].shown is None


def test_a_result_cannot_sit_under_itself(me_world):
    top = services.result_save(program=me_world.program, title="Impacto", level="impact")
    below = services.result_save(
        program=me_world.program, title="Efecto", level="outcome", parent=top
    )
    with pytest.raises(ValidationError):
        services.result_save(
            program=me_world.program, title="Impacto", level="impact", parent=below, result=top
        )


def test_the_indicators_page_disaggregates_by_a_business_definition(me_world):
    from puente.monitoring import indicators as computing

    # Five small businesses and one whose size band is not known.
    for n, membership in enumerate(me_world.mentees):
        BusinessProfileFactory(
            owner=membership.user,
            employees=20 if n < 5 else None,
            annual_sales=D(500_000) if n < 5 else None,
        )
    _round(me_world, "endline", ENDLINE, H2[0] + dt.timedelta(days=40))
    indicator = _indicator(
        me_world,
        "Confianza",
        computation="answer_mean",
        question_key="confidence",
        disaggregation=Indicator.Disaggregation.MSME_BAND,
    )
    (result,) = computing.compute([indicator], today=TODAY, labels={"wave": {}, "track": {}})
    groups = {row.label: row.at("endline") for row in result.groups}
    assert set(groups) == {"Small", "Not known"}
    assert groups["Small"].value == D("4.00") and groups["Not known"].shown is None
