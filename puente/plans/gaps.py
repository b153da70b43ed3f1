"""The gap computation: scores per focus area from typed answers, set against target levels.

Pure functions over plain values, so the arithmetic can be checked by hand. A focus area's score
on one side is the weighted mean of the answers to the questions mapped to it; with both sides,
the score is the mean of the two; the gap is the target minus the score (positive: still short).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

# The catalog's scored questions and the focus area each measures: (Spanish name, kind), as the
# demo programs name them. A program set up from a template gets these areas (created if missing).
TEMPLATE_AREAS: dict[str, dict[str, tuple[str, str]]] = {
    "business-gap-assessment": {
        "formal_registration": ("Registro formal y documentación legal", "business"),
        "finances_cash_flow": ("Finanzas y flujo de caja", "business"),
        "purchase_orders": ("Proceso de órdenes de compra", "business"),
        "quality_certifications": ("Calidad y certificaciones", "business"),
        "pricing": ("Precios y costos", "business"),
        "b2b_sales": ("Ventas a empresas", "business"),
        "digital_presence": ("Presencia digital", "business"),
    },
    "personal-skills-assessment": {
        "negotiation": ("Negociación", "personal"),
        "communication": ("Comunicación", "personal"),
        "leadership": ("Liderazgo", "personal"),
        "confidence": ("Confianza", "personal"),
    },
}


@dataclass(frozen=True)
class Scored:
    """One scored question: its key, the focus area it measures and its weight."""

    key: str
    area_id: int
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class AreaGap:
    area_id: int
    name: str
    mentee: Decimal | None
    mentor: Decimal | None
    target: Decimal | None

    @property
    def score(self) -> Decimal | None:
        """The mean of the sides that answered."""
        sides = [s for s in (self.mentee, self.mentor) if s is not None]
        return sum(sides, Decimal(0)) / len(sides) if sides else None

    @property
    def gap(self) -> Decimal | None:
        """Target minus score: how far the area still is from the target (negative: above it)."""
        if self.score is None or self.target is None:
            return None
        return self.target - self.score


def area_scores(
    scored: Iterable[Scored], answers: Mapping[str, Decimal | None]
) -> dict[int, Decimal]:
    """Each area's weighted mean of its answered questions (areas with no answer left out)."""
    totals: dict[int, tuple[Decimal, Decimal]] = {}
    for question in scored:
        value = answers.get(question.key)
        if value is None or question.weight <= 0:
            continue
        total, weight = totals.get(question.area_id, (Decimal(0), Decimal(0)))
        totals[question.area_id] = (total + value * question.weight, weight + question.weight)
    return {area: total / weight for area, (total, weight) in totals.items()}


def compute_gaps(
    areas: Iterable[tuple[int, str]],
    scored: Iterable[Scored],
    *,
    mentee_answers: Mapping[str, Decimal | None],
    mentor_answers: Mapping[str, Decimal | None],
    targets: Mapping[int, Decimal],
) -> list[AreaGap]:
    """One row per area (in the order given), with each side's score, the target and the gap."""
    scored = list(scored)
    mentee = area_scores(scored, mentee_answers)
    mentor = area_scores(scored, mentor_answers)
    return [
        AreaGap(
            area_id=area_id,
            name=name,
            mentee=mentee.get(area_id),
            mentor=mentor.get(area_id),
            target=targets.get(area_id),
        )
        for area_id, name in areas
    ]


def targets_for(
    defaults: Mapping[int, Decimal], buyer_levels: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """The buyer's requirement where it states one, the program's default elsewhere."""
    return {**defaults, **buyer_levels}
