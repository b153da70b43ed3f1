"""What a program asks of its people, in one sentence: "12 meetings in 16 weeks, 2 h a week".

The one formatter of the commitment, used wherever it is shown (the call page, the program home;
``{% commitment program wave %}``). The figures come from the session plan that applies (the
wave's, else the program's), which mentoring owns and gives through ``core.hooks.commitment``;
without a plan, from the program's own planned meetings and cadence.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import ngettext

from puente.core import hooks
from puente.core.numbers import format_number
from puente.programs.models import Program, Wave


@dataclass(frozen=True)
class Commitment:
    meetings: int
    hours_per_week: Decimal
    span_weeks: int | None = None
    span_months: int | None = None
    cadence: str = Program.Cadence.WEEKLY

    def __str__(self) -> str:
        return commitment_text(self)


def commitment_for(program: Program, wave: Wave | None = None) -> Commitment:
    """The commitment of ``program`` for a relationship of ``wave`` (None: the program's plan)."""
    found: Any = hooks.commitment(program, wave)
    if isinstance(found, Commitment):
        return found
    return Commitment(
        meetings=program.planned_meetings,
        hours_per_week=program.hours_per_week,
        cadence=program.cadence,
    )


def _hours(value: Decimal) -> str:
    """2.0 → "2", 1.5 → "1,5" in Spanish (``core.numbers``)."""
    return format_number(value)


def commitment_text(commitment: Commitment) -> str:
    """ "12 meetings in 16 weeks, 2 h a week", "10 meetings in 6 months, 1 h a week", or, for a
    plan that follows its cadence, "12 weekly meetings, 2 h a week"; in the current language."""
    count, hours = commitment.meetings, _hours(commitment.hours_per_week)
    if commitment.span_weeks or commitment.span_months:
        if commitment.span_months:
            # Translators: the span of a plan, inside "12 meetings in %(span)s, …".
            span = ngettext("%(count)s month", "%(count)s months", commitment.span_months) % {
                "count": commitment.span_months
            }
        else:
            weeks = commitment.span_weeks or 0
            # Translators: the span of a plan, inside "12 meetings in %(span)s, …".
            span = ngettext("%(count)s week", "%(count)s weeks", weeks) % {"count": weeks}
        return ngettext(
            "%(count)s meeting in %(span)s, %(hours)s h a week",
            "%(count)s meetings in %(span)s, %(hours)s h a week",
            count,
        ) % {"count": count, "span": span, "hours": hours}
    if commitment.cadence == Program.Cadence.MONTHLY:
        text = ngettext(
            "%(count)s monthly meeting, %(hours)s h a week",
            "%(count)s monthly meetings, %(hours)s h a week",
            count,
        )
    elif commitment.cadence == Program.Cadence.BIWEEKLY:
        text = ngettext(
            "%(count)s meeting every two weeks, %(hours)s h a week",
            "%(count)s meetings every two weeks, %(hours)s h a week",
            count,
        )
    else:
        text = ngettext(
            "%(count)s weekly meeting, %(hours)s h a week",
            "%(count)s weekly meetings, %(hours)s h a week",
            count,
        )
    return text % {"count": count, "hours": hours}
