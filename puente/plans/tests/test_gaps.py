"""The gap computation, checked against numbers worked out by hand."""

from decimal import Decimal

import pytest

from puente.instruments.engine import AnswersForm
from puente.plans import selectors, services
from puente.plans.gaps import AreaGap, Scored, area_scores, compute_gaps, targets_for
from puente.plans.models import AreaQuestion
from puente.programs.models import BuyerOrganization

D = Decimal


def test_area_score_is_the_weighted_mean_of_its_questions():
    scored = [Scored("a1", 1, D(2)), Scored("a2", 1, D(1)), Scored("b1", 2)]
    # Area 1: (5 × 2 + 2 × 1) / 3 = 4; area 2 unanswered, so absent.
    assert area_scores(scored, {"a1": D(5), "a2": D(2), "b1": None}) == {1: D(4)}


def test_gap_is_target_minus_the_mean_of_both_sides():
    rows = compute_gaps(
        [(1, "Registro"), (2, "Finanzas"), (3, "Precios"), (4, "Calidad")],
        [Scored("reg", 1), Scored("fin", 2), Scored("pri", 3), Scored("qua", 4)],
        mentee_answers={"reg": D(2), "fin": D(3), "pri": D(4)},
        mentor_answers={"reg": D(4), "fin": D(2)},
        targets={1: D(5), 2: D(4), 3: D(3), 4: D(4)},
    )
    assert [(r.mentee, r.mentor, r.score, r.target, r.gap) for r in rows] == [
        (D(2), D(4), D(3), D(5), D(2)),
        (D(3), D(2), D("2.5"), D(4), D("1.5")),
        (D(4), None, D(4), D(3), D(-1)),  # only the mentee answered; above the target
        (None, None, None, D(4), None),  # nobody answered: no gap to show
    ]


def test_buyer_requirements_override_the_program_default():
    assert targets_for({1: D(3), 2: D(4)}, {1: D(5)}) == {1: D(5), 2: D(4)}


def test_gap_without_target_is_unknown():
    assert AreaGap(1, "x", D(2), None, None).gap is None


def _answer(assessment, side, by, values):
    version = assessment.instrument.versions.get()
    form = AnswersForm(
        {k: str(v) for k, v in values.items()},
        questions=list(version.questions.all()),
        draft=True,
    )
    assert form.is_valid(), form.errors
    services.assessment_answer(
        assessment=assessment, side=side, by=by, cleaned=form.cleaned_data, submit=True
    )


@pytest.mark.django_db
def test_gap_report_against_a_buyers_criteria_worked_by_hand(world, plan, business_assessment):
    program = world.program
    buyer = BuyerOrganization.objects.create(organization=program.organization, name="Andina")
    program.buyers.add(buyer)
    areas = {
        m.question_key: m.focus_area
        for m in AreaQuestion.objects.filter(instrument=business_assessment)
    }
    reg, fin, pri, qua = (
        areas["formal_registration"],
        areas["finances_cash_flow"],
        areas["pricing"],
        areas["quality_certifications"],
    )
    services.targets_save(
        program=program,
        levels={
            (reg.pk, None): D(3),  # the program's default, overridden by the buyer below
            (qua.pk, None): D(4),
            (reg.pk, buyer.pk): D(5),
            (fin.pk, buyer.pk): D(4),
            (pri.pk, buyer.pk): D(3),
        },
    )
    services.plan_buyer_set(plan=plan, buyer=buyer)
    assessment = services.assessment_start(plan=plan, instrument=business_assessment)
    _answer(
        assessment,
        "mentee",
        world.mentee,
        {"formal_registration": 2, "finances_cash_flow": 3, "pricing": 4},
    )
    _answer(assessment, "mentor", world.mentor, {"formal_registration": 4, "finances_cash_flow": 2})

    plan.refresh_from_db()
    report = selectors.gap_report(plan, selectors.plan_assessments(plan))
    rows = {row.area_id: row for row in report.rows}
    assert len(report.rows) == 7  # every area of the template, in its order
    assert report.rows[0].area_id == reg.pk
    assert (rows[reg.pk].score, rows[reg.pk].target, rows[reg.pk].gap) == (D(3), D(5), D(2))
    assert (rows[fin.pk].score, rows[fin.pk].target, rows[fin.pk].gap) == (
        D("2.5"),
        D(4),
        D("1.5"),
    )
    assert (rows[pri.pk].mentor, rows[pri.pk].gap) == (None, D(-1))
    assert (rows[qua.pk].score, rows[qua.pk].target, rows[qua.pk].gap) == (None, D(4), None)

    # Without a buyer, the program's defaults apply.
    services.plan_buyer_set(plan=plan, buyer=None)
    rows = {r.area_id: r for r in selectors.gap_report(plan, selectors.plan_assessments(plan)).rows}
    assert (rows[reg.pk].target, rows[reg.pk].gap) == (D(3), D(0))
    assert rows[fin.pk].target is None
