"""Data quality: the rules of a round, the checks (on submission and over the whole round), the
decisions on flags, and the answers the indicators leave out."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from puente.core.permissions import Role
from puente.instruments.models import Answer, Question, QuestionType
from puente.monitoring import indicators, quality, services
from puente.monitoring.models import Indicator, RoundInvitation
from puente.monitoring.quality_models import QualityFlag, QualityRule

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
F = QualityFlag.Kind
R = QualityRule.Kind


def answer(sales=1000, **extra):
    return {
        "confidence": 3,
        "formally_registered": "yes",
        "po_process": "no",
        "sold_to_corporate": "no",
        "corporate_sales": 0,
        "monthly_sales": sales,
        **extra,
    }


@pytest.fixture
def qworld(me_world):
    """The M&E world with six mentees of distinct names."""
    for n, membership in enumerate(me_world.mentees):
        membership.user.full_name = f"Empresaria {n}"
        membership.user.save()
    return me_world


def _open(world, kind="baseline"):
    return services.round_open(
        program=world.program,
        wave=world.wave,
        kind=kind,
        instrument=world.surveys[kind],
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=TODAY,
    )


def _answer(round_, membership, data):
    invitation = RoundInvitation.objects.get(round=round_, user=membership.user)
    return services.round_answer(invitation=invitation, cleaned=data)


def _flags(round_, **filters):
    return list(QualityFlag.objects.filter(round=round_, **filters).order_by("pk"))


def _mean(world):
    indicator, _made = Indicator.objects.get_or_create(
        program=world.program,
        name="Ventas",
        computation=Indicator.Computation.ANSWER_MEAN,
        question_key="monthly_sales",
    )
    results, _at = indicators.program_results(world.program, today=TODAY, labels={})
    (result,) = [r for r in results if r.indicator == indicator]
    return result


def test_a_round_gets_rules_from_its_questions_types(qworld):
    baseline, endline = _open(qworld), _open(qworld, "endline")
    rules = set(baseline.quality_rules.values_list("kind", "question_key"))
    assert (R.DUPLICATE, "") in rules and (R.STRAIGHT_LINING, "") in rules
    assert (R.REQUIRED, "confidence") in rules
    assert (R.REQUIRED, "comments") not in rules  # an optional question
    assert (R.RANGE, "monthly_sales") in rules and (R.OUTLIER, "monthly_sales") in rules
    assert (R.ACROSS_ROUNDS, "monthly_sales") not in rules  # nothing earlier to compare with
    across = endline.quality_rules.get(kind=R.ACROSS_ROUNDS, question_key="monthly_sales")
    assert across.factor == 100
    # Giving the defaults again adds nothing.
    assert quality.rules_default(round_=baseline) == 0


def test_an_answer_out_of_range_is_flagged_on_submission_and_left_out(qworld):
    round_ = _open(qworld)
    quality.rule_save(
        round_=round_,
        data={"kind": R.RANGE, "question_key": "monthly_sales", "max_value": Decimal(10000)},
        by=qworld.coordinator,
        rule=round_.quality_rules.get(kind=R.RANGE, question_key="monthly_sales"),
    )
    for n, membership in enumerate(qworld.mentees):
        _answer(round_, membership, answer(sales=50000 if n == 0 else 1000 + n))
    (flag,) = _flags(round_, kind=F.OUT_OF_RANGE)
    assert flag.invitation.user == qworld.mentees[0].user
    assert flag.value == "50000" and flag.answer.number == 50000
    result = _mean(qworld)
    # The mean of the five others (1001..1005), not pulled up by 50,000.
    assert result.overall.at("baseline").value == Decimal("1003.00")
    assert str(result.left_out) == "1 answer left out: out of range (1)"


def test_a_corrected_value_counts_again_and_the_figures_change_at_once(qworld):
    round_ = _open(qworld)
    for n, membership in enumerate(qworld.mentees):
        _answer(round_, membership, answer(sales=500_000_000 if n == 0 else 1000))
    (flag,) = _flags(round_, kind=F.OUT_OF_RANGE)
    assert _mean(qworld).overall.at("baseline").value == Decimal("1000.00")  # cached now
    quality.flag_decide(
        flag=flag,
        status=QualityFlag.Status.RESOLVED,
        note="Confirmed by phone: 7,000",
        corrected_value=Decimal(7000),
        by=qworld.coordinator,
    )
    flag.refresh_from_db()
    assert flag.decided_by == qworld.coordinator and flag.decided_at is not None
    assert Answer.objects.get(pk=flag.answer_id).number == 7000
    result = _mean(qworld)
    assert result.overall.at("baseline").value == Decimal("2000.00")  # (7000 + 5 × 1000) / 6
    assert result.left_out.total == 0
    # The check finds nothing new on the corrected answer, and keeps the decision.
    quality.round_check(round_=round_)
    assert [f.status for f in _flags(round_, kind=F.OUT_OF_RANGE)] == ["resolved"]


def test_deciding_needs_a_note_and_deciding_again_the_same_way_changes_nothing(qworld):
    round_ = _open(qworld)
    _answer(round_, qworld.mentees[0], answer(sales=-5))
    (flag,) = _flags(round_, kind=F.OUT_OF_RANGE)
    with pytest.raises(ValidationError):
        quality.flag_decide(flag=flag, status="accepted", note="  ", by=qworld.coordinator)
    with pytest.raises(ValidationError):
        quality.flag_decide(
            flag=flag, status="accepted", note="x", corrected_value=1, by=qworld.coordinator
        )
    quality.flag_decide(flag=flag, status="accepted", note="A refund", by=qworld.coordinator)
    quality.flag_decide(flag=flag, status="accepted", note="A refund", by=qworld.coordinator)
    with pytest.raises(ValidationError):
        quality.flag_decide(flag=flag, status="resolved", note="Other", by=qworld.coordinator)
    flag.refresh_from_db()
    assert (flag.status, flag.note) == ("accepted", "A refund")
    assert not flag.leaves_out


def test_resolving_without_a_corrected_value_leaves_the_answer_out(qworld):
    round_ = _open(qworld)
    for n, membership in enumerate(qworld.mentees):
        _answer(round_, membership, answer(sales=-5 if n == 0 else 1000))
    (flag,) = _flags(round_, kind=F.OUT_OF_RANGE)
    quality.flag_decide(flag=flag, status="resolved", note="Not a sale", by=qworld.coordinator)
    result = _mean(qworld)
    assert result.overall.at("baseline").value == Decimal("1000.00")
    assert str(result.left_out) == "1 answer left out: out of range (1)"


def test_sales_that_jump_more_than_the_factor_from_the_baseline_are_flagged(qworld):
    baseline, endline = _open(qworld), _open(qworld, "endline")
    first, second = qworld.mentees[0], qworld.mentees[1]
    _answer(baseline, first, answer(sales=1000))
    _answer(baseline, second, answer(sales=1000))
    _answer(endline, first, answer(sales=100_001))  # more than 100 times
    _answer(endline, second, answer(sales=100_000))  # exactly 100 times: allowed
    (flag,) = _flags(endline, kind=F.INCONSISTENT)
    assert flag.invitation.user == first.user
    assert flag.detail == {"before": "1000", "factor": "100"}
    assert "100" in quality.describe(flag, {})
    # The factor is the rule's: at 1,000 the jump is allowed and the open flag goes.
    rule = endline.quality_rules.get(kind=R.ACROSS_ROUNDS, question_key="monthly_sales")
    quality.rule_save(round_=endline, data={"factor": Decimal(1000)}, by=None, rule=rule)
    quality.round_check(round_=endline)
    assert _flags(endline, kind=F.INCONSISTENT) == []
    # A fall to less than a hundredth is as suspect as a jump.
    rule.refresh_from_db()
    quality.rule_save(round_=endline, data={"factor": Decimal(100)}, by=None, rule=rule)
    _answer(endline, second, answer(sales=9))
    assert [f.invitation.user for f in _flags(endline, kind=F.INCONSISTENT)] == [second.user]


def test_required_if_and_consistency_rules(qworld):
    round_ = _open(qworld)
    quality.rule_save(
        round_=round_,
        data={"kind": R.REQUIRED_IF, "question_key": "comments", "other_key": "sold_to_corporate"},
        by=qworld.coordinator,
    )
    quality.rule_save(
        round_=round_,
        data={
            "kind": R.CONSISTENCY,
            "question_key": "corporate_sales",
            "other_key": "monthly_sales",
            "comparison": "lte",
        },
        by=qworld.coordinator,
    )
    one, two, three = qworld.mentees[:3]
    _answer(round_, one, answer(sold_to_corporate="yes", corporate_sales=500))
    _answer(round_, two, answer(sold_to_corporate="no"))  # "no" asks for nothing more
    _answer(round_, three, answer(sales=100, corporate_sales=900, comments="Vendí a Éxito"))
    (missing,) = _flags(round_, kind=F.MISSING)
    assert (missing.invitation.user, missing.question_key) == (one.user, "comments")
    (inconsistent,) = _flags(round_, kind=F.INCONSISTENT)
    assert inconsistent.invitation.user == three.user
    assert inconsistent.detail["other_value"] == "100"
    # Answering what was missing removes the open flag.
    _answer(round_, one, answer(sold_to_corporate="yes", corporate_sales=500, comments="Sí"))
    assert _flags(round_, kind=F.MISSING) == []


def test_rules_are_checked_against_the_rounds_questions(qworld):
    round_ = _open(qworld)
    with pytest.raises(ValidationError) as error:
        quality.rule_save(
            round_=round_,
            data={"kind": R.RANGE, "question_key": "confidence"},
            by=None,
        )
    assert "min_value" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        quality.rule_save(
            round_=round_, data={"kind": R.OUTLIER, "question_key": "po_process"}, by=None
        )
    assert "question_key" in error.value.message_dict
    with pytest.raises(ValidationError):
        quality.rule_save(
            round_=round_,
            data={"kind": R.ACROSS_ROUNDS, "question_key": "monthly_sales", "factor": 1},
            by=None,
        )


def test_two_accounts_of_one_person_or_business_are_flagged_as_duplicates(qworld):
    from puente.factories import BusinessProfileFactory

    round_ = _open(qworld)
    one, two, three, four, five = (m.user for m in qworld.mentees[:5])
    two.full_name, two.city = " empresaria  0", "Quito"  # one's name, typed otherwise
    one.city = "Quito"
    two.save()
    one.save()
    BusinessProfileFactory(owner=three, legal_name="Confecciones Lía S.A.S.")
    BusinessProfileFactory(owner=four, legal_name="confecciones lia sas")
    for membership in qworld.mentees[:5]:
        _answer(round_, membership, answer())
    flags = _flags(round_, kind=F.DUPLICATE)
    assert [(f.invitation.user, f.detail["by"]) for f in flags] == [
        (two, "name"),
        (four, "business"),
    ]
    names = quality.duplicate_names(flags)
    assert quality.describe(flags[0], {}, names) == (
        f"Answered already as {one} (the same name and city)."
    )
    # The whole duplicate answer is left out: six answered less the two duplicates.
    result = _mean(qworld)
    assert result.overall.at("baseline").people == 3
    assert str(result.left_out) == "2 answers left out: duplicate (2)"
    # Running the checks again finds the same flags, no more.
    quality.round_check(round_=round_)
    assert [f.pk for f in _flags(round_, kind=F.DUPLICATE)] == [f.pk for f in flags]
    assert five not in [f.invitation.user for f in flags]


def test_outliers_are_found_over_the_whole_round_only(qworld):
    round_ = _open(qworld)
    for n, membership in enumerate(qworld.mentees):
        _answer(round_, membership, answer(sales=[1000, 1100, 950, 1050, 1020, 9000][n]))
    assert _flags(round_, kind=F.OUTLIER) == []  # not on submission
    assert quality.round_check(round_=round_) == 1
    (flag,) = _flags(round_, kind=F.OUTLIER)
    assert flag.value == "9000" and flag.invitation.user == qworld.mentees[5].user
    assert quality.round_check(round_=round_) == 0  # the same again


def test_outliers_need_a_spread_and_enough_answers():
    rule = QualityRule(kind=R.OUTLIER, question_key="x", factor=Decimal(3))

    def responses(values):
        made = []
        for n, value in enumerate(values):
            invitation = RoundInvitation(pk=n + 1)
            question = Question(key="x", type=QuestionType.NUMBER)
            made.append(
                quality.Response(
                    invitation, {"x": Answer(pk=n + 1, question=question, number=Decimal(value))}
                )
            )
        return made

    assert quality._outliers(rule, responses([1, 1, 1, 1, 1, 1, 50])) == []  # no spread at all
    assert quality._outliers(rule, responses([1, 2, 3, 100])) == []  # too few answers
    # Most equal, a few apart: the interquartile fences decide.
    found = quality._outliers(rule, responses([1, 1, 1, 1, 1, 1, 2, 3, 4, 100]))
    assert [f.value for f in found] == ["100"]
    # Sales to corporate buyers: most sold none (0 is no outlier), the rest judged on a log
    # scale, where a few thousand dollars more are not far off.
    sales = [0, 0, 0, 0, 0, 0, 1338, 3320, 3689, 4353, 7517, 9032]
    assert quality._outliers(rule, responses(sales)) == []
    assert [f.value for f in quality._outliers(rule, responses([*sales, 900000]))] == ["900000"]
    # With negative answers (a change in profit), the answers as they are.
    found = quality._outliers(rule, responses([-100, 5, 6, 7, 5, 6]))
    assert [f.value for f in found] == ["-100"]


def test_a_block_of_five_scales_answered_all_alike_is_straight_lining():
    scales = [Question(key=f"s{n}", type=QuestionType.SCALE, scale="1-5") for n in range(5)]
    other = Question(key="sales", type=QuestionType.NUMBER)
    ten = Question(key="t", type=QuestionType.SCALE, scale="0-10")
    assert quality.grid_blocks([*scales, other], 5) == [scales]
    assert quality.grid_blocks([*scales[:4], other, scales[4]], 5) == []
    assert quality.grid_blocks([*scales[:4], ten], 5) == []  # another scale breaks the block

    def response(values):
        return quality.Response(
            RoundInvitation(pk=1),
            {q.key: Answer(question=q, number=v) for q, v in zip(scales, values, strict=True)},
        )

    rule = QualityRule(kind=R.STRAIGHT_LINING, factor=Decimal(5))
    (flag,) = quality._straight_lining(rule, response([4] * 5), [scales])
    assert flag.kind == F.STRAIGHT_LINING and flag.detail["items"] == 5
    assert quality._straight_lining(rule, response([4, 4, 4, 4, 5]), [scales]) == []


def test_straight_lining_on_a_real_survey_leaves_the_whole_answer_out(qworld):
    from puente.instruments.services import instrument_from_template, version_publish

    survey = instrument_from_template(program=qworld.program, template_key="midline-survey")
    version = survey.versions.get()
    for n in range(5):
        Question.objects.create(
            version=version,
            key=f"practice_{n}",
            position=100 + n,
            type=QuestionType.SCALE,
            scale="1-5",
            label=f"Práctica {n}",
        )
    version_publish(version=version, by=qworld.coordinator)
    qworld.surveys["midline"] = survey
    round_ = _open(qworld, "midline")
    grid = {f"practice_{n}": 3 for n in range(5)}
    _answer(round_, qworld.mentees[0], answer(**grid))
    _answer(round_, qworld.mentees[1], answer(**{**grid, "practice_4": 4}))
    (flag,) = _flags(round_, kind=F.STRAIGHT_LINING)
    assert flag.invitation.user == qworld.mentees[0].user
    assert flag.question_key == "practice_0" and flag.value == "3 / 5"
    left = Answer.objects.filter(quality.left_out_answers())
    assert left.count() == 11  # every answer of that person: six questions and five items


def test_summaries_count_flags_per_round_without_names(qworld):
    round_ = _open(qworld)
    for n, membership in enumerate(qworld.mentees):
        _answer(round_, membership, answer(sales=-1 if n < 2 else 1000))
    first, _second = _flags(round_, kind=F.OUT_OF_RANGE)
    quality.flag_decide(flag=first, status="accepted", note="ok", by=qworld.coordinator)
    (summary,) = quality.summaries(qworld.program)
    assert (summary.open, summary.accepted, summary.resolved, summary.left_out) == (1, 1, 0, 1)
    assert summary.kinds == [("out of range", 1)]


def test_removing_a_rule_removes_its_open_flags_and_keeps_decided_ones(qworld):
    round_ = _open(qworld)
    for membership in qworld.mentees[:2]:
        _answer(round_, membership, answer(sales=-1))
    first, second = _flags(round_, kind=F.OUT_OF_RANGE)
    quality.flag_decide(flag=first, status="accepted", note="ok", by=qworld.coordinator)
    quality.rule_delete(rule=first.rule)
    assert [f.pk for f in _flags(round_, kind=F.OUT_OF_RANGE)] == [first.pk]
