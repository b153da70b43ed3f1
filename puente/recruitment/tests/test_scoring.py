"""The selection arithmetic, checked against figures worked out by hand."""

from decimal import Decimal

import pytest

from puente.instruments.models import Question, QuestionType
from puente.recruitment import scoring


def scale(key, weight, scale="1-5"):
    return Question(key=key, type=QuestionType.SCALE, scale=scale, weight=Decimal(weight))


RUBRIC = [
    scale("fit", 3),
    scale("demand", 1),
    Question(key="comments", type=QuestionType.LONG_TEXT, weight=Decimal(0)),
]


def test_a_rubric_weighs_only_its_scored_scales():
    assert scoring.rubric_weight(RUBRIC) == Decimal(4)
    assert [q.key for q in scoring.scored_questions(RUBRIC)] == ["fit", "demand"]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # 100 × (3 × 5/5 + 1 × 3/5) / (3 + 1) = 100 × 3.6 / 4
        ({"fit": 5, "demand": 3, "comments": "Muy bien"}, Decimal("90.00")),
        # 100 × (3 × 4/5 + 1 × 2/5) / 4 = 100 × 2.8 / 4
        ({"fit": 4, "demand": 2}, Decimal("70.00")),
        # The lowest score is 1 of 5, so 20 %, not 0.
        ({"fit": 1, "demand": 1}, Decimal("20.00")),
        # A question left blank does not count: 100 × (1 × 4/5) / 1
        ({"fit": None, "demand": 4}, Decimal("80.00")),
    ],
)
def test_a_reviewer_total_is_the_weighted_mean_of_the_fractions(scores, expected):
    assert scoring.review_total(RUBRIC, scores) == expected


def test_a_review_without_any_score_has_no_total():
    assert scoring.review_total(RUBRIC, {"comments": "Sin opinión"}) is None


def test_scales_of_zero_to_ten_score_out_of_ten():
    # 100 × (2 × 7/10 + 1 × 4/5) / 3 = 100 × 2.2 / 3 = 73.333…
    rubric = [scale("impact", 2, "0-10"), scale("fit", 1)]
    assert scoring.review_total(rubric, {"impact": 7, "fit": 4}) == Decimal("73.33")


def test_the_application_total_adds_the_automatic_points_with_their_weight():
    # Rubric weight 4, reviewers' mean 80; one automatic criterion of weight 1, met (1 point):
    # 100 × (4 × 80/100 + 1) / (4 + 1) = 100 × 4.2 / 5 = 84
    total = scoring.application_total(
        rubric_weights=Decimal(4),
        auto_weights=Decimal(1),
        mean_review=Decimal(80),
        auto_points=Decimal(1),
    )
    assert total == Decimal("84.00")


def test_an_unmet_criterion_still_weighs_in_the_denominator():
    # 100 × (4 × 80/100 + 0) / 5 = 64
    total = scoring.application_total(
        rubric_weights=Decimal(4),
        auto_weights=Decimal(1),
        mean_review=Decimal(80),
        auto_points=Decimal(0),
    )
    assert total == Decimal("64.00")


def test_an_application_nobody_reviewed_has_no_total_yet():
    total = scoring.application_total(
        rubric_weights=Decimal(4),
        auto_weights=Decimal(1),
        mean_review=None,
        auto_points=Decimal(1),
    )
    assert total is None


def test_without_a_rubric_the_automatic_criteria_alone_give_the_total():
    # 100 × 1 / 2
    total = scoring.application_total(
        rubric_weights=Decimal(0),
        auto_weights=Decimal(2),
        mean_review=None,
        auto_points=Decimal(1),
    )
    assert total == Decimal("50.00")


def test_without_any_weight_there_is_no_total():
    total = scoring.application_total(
        rubric_weights=Decimal(0), auto_weights=Decimal(0), mean_review=None, auto_points=Decimal(0)
    )
    assert total is None


@pytest.mark.parametrize(
    ("expected", "answer", "met"),
    [
        ("yes", True, True),
        ("sí", True, True),
        ("yes", False, False),
        ("no", False, True),
        ("3", Decimal(5), True),
        ("3", Decimal(3), True),
        ("3", Decimal(2), False),
        ("abc", Decimal(2), False),
        ("3", "3", True),
        ("Lima", " lima ", True),
        ("lima", "Cusco", False),
        ("12", ["12", "15"], True),
        ("12", ["15"], False),
        ("yes", None, False),
        ("yes", "", False),
        ("yes", [], False),
    ],
)
def test_automatic_criteria_compare_by_the_answer_type(expected, answer, met):
    assert scoring.criterion_met(expected, answer) is met
