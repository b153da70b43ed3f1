"""Selection scores: a reviewer's weighted rubric total and the points of automatic criteria.

A rubric question scores points out of its scale's maximum (3 of 5 is 60 %); a reviewer's total is
the weighted mean of those fractions, from 0 to 100. An application's total weighs the mean of its
reviewers' totals by the rubric's weights and adds the automatic criteria:

    total = 100 × (W_rubric × mean_reviews / 100 + Σ auto weight × met) / (W_rubric + W_auto)
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from puente.instruments.engine import YES, scale_bounds
from puente.instruments.models import Question, QuestionType

HUNDRED = Decimal(100)


def scored_questions(questions: Iterable[Question]) -> list[Question]:
    return [q for q in questions if q.type == QuestionType.SCALE and q.weight > 0]


def rubric_weight(questions: Iterable[Question]) -> Decimal:
    return sum((q.weight for q in scored_questions(questions)), Decimal(0))


def review_total(questions: Iterable[Question], scores: Mapping[str, Any]) -> Decimal | None:
    """A reviewer's weighted total (0–100) from their scores by question key."""
    weighted = Decimal(0)
    weights = Decimal(0)
    for question in scored_questions(questions):
        value = scores.get(question.key)
        if value is None or value == "":
            continue
        _low, high = scale_bounds(question)
        weighted += question.weight * Decimal(value) / high
        weights += question.weight
    if not weights:
        return None
    return (HUNDRED * weighted / weights).quantize(Decimal("0.01"))


def criterion_met(expected: str, answer: Any) -> bool:
    """Whether an answer meets an automatic criterion's expected value."""
    if answer is None or answer == "" or answer == []:
        return False
    wanted = expected.strip().lower()
    if isinstance(answer, bool):
        return answer == (wanted in (YES, "sí", "si", "true", "1"))
    if isinstance(answer, int | float | Decimal):
        try:
            return Decimal(answer) >= Decimal(wanted)
        except ArithmeticError:
            return False
    if isinstance(answer, list | tuple | set):
        return wanted in {str(v).lower() for v in answer}
    return str(answer).strip().lower() == wanted


def application_total(
    *,
    rubric_weights: Decimal,
    auto_weights: Decimal,
    mean_review: Decimal | None,
    auto_points: Decimal,
) -> Decimal | None:
    """The weighted total (0–100) of an application; None until someone has reviewed it
    (or, without a rubric, from the automatic criteria alone)."""
    if mean_review is None and rubric_weights:
        return None
    reviewed = rubric_weights * (mean_review or Decimal(0)) / HUNDRED
    denominator = rubric_weights + auto_weights
    if not denominator:
        return None
    return (HUNDRED * (reviewed + auto_points) / denominator).quantize(Decimal("0.01"))
