"""What the demo's funder reads: the supplier businesses' profile as the funders' definitions need
it (ownership, management and board, employees, sales, assets), and the results framework of
"Mujeres proveedoras" with its periods, baselines, targets and the actuals Puente computes.

Drawn from generators seeded apart (per business, per indicator), so that the rest of the demo
draws what it drew before; every date is fixed.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import translation

from puente.monitoring import framework, framework_templates
from puente.monitoring.models import Indicator, Result
from puente.monitoring.services import indicator_periods_save, indicator_save
from puente.programs.models import Program

SLUG = "mujeres-proveedoras"
# The three reporting periods, one per round (baseline in September, midline in October,
# endline from November to the end of the year).
PERIODS = [
    (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
    (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
    (dt.date(2026, 11, 1), dt.date(2026, 12, 31)),
]
BASELINE_ON = dt.date(2026, 9, 21)
# Targets per period of the activity indicators (by computation): counts and hours per period,
# attendance in %.
ACTIVITY_TARGETS: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    Indicator.Computation.MEETINGS_HELD: (Decimal(40), Decimal(60), Decimal(80)),
    Indicator.Computation.MENTORING_HOURS: (Decimal(60), Decimal(90), Decimal(120)),
    Indicator.Computation.EVENT_ATTENDANCE: (Decimal(80), Decimal(80), Decimal(80)),
}


def business_fields(legal_name: str, staff: int) -> dict[str, Any]:
    """A supplier business's ownership, management, board, sales and assets, consistent with
    its staff: most are wholly women-owned; some are family businesses run with a partner
    (not controlled by women, so not IWA 34 women-owned), a few small ones have a board."""
    rng = random.Random(f"business-{legal_name}")  # noqa: S311 - demo data, not security
    small = staff >= 10
    share = Decimal(rng.choice((100, 100, 100, 100, 80, 60, 51)))
    family = rng.random() < 0.25
    board = small and rng.random() < 0.5
    sales = (
        rng.randrange(120_000, 900_000, 5_000) if small else rng.randrange(18_000, 96_000, 1_000)
    )
    return {
        "women_ownership_share": share,
        "woman_in_senior_management": True,
        "women_management_share": Decimal(rng.choice((50, 60, 75, 100))),
        "controlled_by_women": not family,
        "has_board": board,
        "women_board_share": Decimal(rng.choice((20, 33.33, 40, 60))).quantize(Decimal("0.01"))
        if board
        else None,
        "employees": staff,
        "annual_sales": Decimal(sales),
        "total_assets": Decimal(int(sales * rng.uniform(0.4, 0.9))),
    }


def _place(program: Program, key: str) -> None:
    """Hang the activity indicators the coordinator added from the template's results that
    their computation measures (the pack's own are placed when the pack is created)."""
    with translation.override("es"):
        titles = {
            computation: str(spec.title)
            for spec in framework_templates.walk(framework_templates.TEMPLATES[key])
            for computation in spec.computations
        }
    results = {result.title: result for result in Result.objects.filter(program=program)}
    for indicator in Indicator.objects.filter(program=program, result__isnull=True):
        result = results.get(titles.get(indicator.computation, ""))
        if result is not None:
            indicator_save(program=program, indicator=indicator, data={"result": result})


def seed_framework() -> None:
    """The supplier program's framework: every indicator placed, three periods with targets, and
    each survey indicator's baseline read from its baseline period (the first round)."""
    program = Program.objects.filter(slug=SLUG).first()
    if program is None or not program.results.exists():
        return
    if Indicator.objects.filter(program=program, periods__isnull=False).exists():
        return
    _place(program, "suppliers")
    indicators = list(Indicator.objects.filter(program=program).order_by("position", "pk"))
    for indicator in indicators:
        targets = ACTIVITY_TARGETS.get(indicator.computation)
        indicator_periods_save(
            indicator=indicator,
            baseline=None,
            baseline_on=None,
            target=indicator.target,
            periods=[(*span, targets[n] if targets else None) for n, span in enumerate(PERIODS)],
        )
    tree = framework.program_framework(program, today=PERIODS[-1][1])
    for row in tree.rows:
        indicator = row.indicator
        if not indicator.is_on_answers or not row.periods:
            continue
        # What may be shown only: a baseline from fewer than 5 people stays empty.
        baseline = row.periods[0].actual.shown
        goal = indicator.target
        midway = (
            ((baseline + goal) / 2).quantize(Decimal("0.01"))
            if baseline is not None and goal is not None
            else None
        )
        indicator_periods_save(
            indicator=indicator,
            baseline=baseline,
            baseline_on=BASELINE_ON if baseline is not None else None,
            target=goal,
            periods=[(*PERIODS[0], None), (*PERIODS[1], midway), (*PERIODS[2], goal)],
        )
