"""Laying a session plan's meetings on the calendar: pure functions of dates and a
``WorkCalendar`` (no database), like the matching solver and the scheduling module.

Two steps. First the plan alone says where each meeting would fall (``ideal_days``): spread evenly
over the span ("12 meetings in 16 weeks", "10 in 6 months"), or every 7 or 14 days, or the same
day each month. Then each meeting that falls on a day nobody meets (not a working day, a public
holiday of the program's country, a declared break) moves (``fit_days``):

- to the **next** open day, so that the time promised between two meetings is never shortened
  and people meet on the day after the holiday, as they expect;
- to the **previous** open day when the next one would reach the following meeting's day, or
  fall outside the span (for the last meeting): the rhythm and the span the program announced
  matter more than moving later;
- never onto the day of another meeting of the same relationship, and never before the one
  before it, so meetings stay in order on distinct days;
- when neither way finds a day, to the next open day after the previous meeting; if that pushes
  the last meetings out of the span (a break near its end), they are brought back, from the
  last, each to the latest open day before the one after it. Only when the span has fewer open
  days than meetings does the plan run past it; order and distinct days are always kept.
"""

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from puente.programs.calendar import WorkCalendar

CADENCE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14}
ONE_DAY = dt.timedelta(days=1)
# How far to look for an open day before giving up (a calendar with every day closed).
SEARCH_DAYS = 3 * 366


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def span_end(
    starts_on: dt.date, *, span_weeks: int | None, span_months: int | None
) -> dt.date | None:
    """The first day after the span: "in 16 weeks" from Monday 2 March ends before Monday 22 June.
    None without a span."""
    if span_months:
        return add_months(starts_on, span_months)
    if span_weeks:
        return starts_on + dt.timedelta(weeks=span_weeks)
    return None


def ideal_days(
    meetings: int,
    starts_on: dt.date,
    *,
    span_weeks: int | None = None,
    span_months: int | None = None,
    cadence: str = "weekly",
) -> list[dt.date]:
    """Where the plan alone puts each meeting. With a span, meeting n opens the n-th of equal
    slices of it (rounded to the nearest day, half up); without one, meetings follow the cadence
    (every 7 or 14 days, or the same day monthly)."""
    end = span_end(starts_on, span_weeks=span_weeks, span_months=span_months)
    days = []
    for index in range(meetings):
        if end is not None:
            length = (end - starts_on).days
            offset = (2 * index * length + meetings) // (2 * meetings)
            days.append(starts_on + dt.timedelta(days=offset))
        elif cadence == "monthly":
            days.append(add_months(starts_on, index))
        else:
            days.append(starts_on + dt.timedelta(days=index * CADENCE_DAYS.get(cadence, 7)))
    return days


def _first_open(
    rules: WorkCalendar, start: dt.date, before: dt.date | None, taken: set[dt.date]
) -> dt.date | None:
    day = start
    limit = before or start + dt.timedelta(days=SEARCH_DAYS)
    while day < limit:
        if day not in taken and rules.is_open(day):
            return day
        day += ONE_DAY
    return None


def _last_open(
    rules: WorkCalendar, start: dt.date, after: dt.date, taken: set[dt.date]
) -> dt.date | None:
    day = start
    while day > after:
        if day not in taken and rules.is_open(day):
            return day
        day -= ONE_DAY
    return None


def fit_days(
    ideal: list[dt.date],
    rules: WorkCalendar,
    *,
    end: dt.date | None = None,
    pinned: Mapping[int, dt.date] | None = None,
    not_before: dt.date | None = None,
) -> list[dt.date]:
    """The days the meetings fall on, moved off closed days as the module says.

    ``end``: the first day after the span (the last meeting falls before it when it can).
    ``pinned``: meetings (by index) that stay where they are (held, missed, given a time, moved
    by people): the others avoid their days and stay in order around them.
    ``not_before``: the first day a meeting that is not pinned may fall on (re-laying out an
    existing relationship moves nothing into the past).
    """
    pinned = dict(pinned or {})
    taken = set(pinned.values())
    placed: list[dt.date] = []
    for index, wanted in enumerate(ideal):
        if index in pinned:
            placed.append(pinned[index])
            continue
        lower = placed[-1] + ONE_DAY if placed else wanted
        if not_before is not None:
            lower = max(lower, not_before)
        # The following meeting's day (pinned, or where the plan puts it), or the span's end.
        following = [pinned.get(index + 1, ideal[index + 1])] if index + 1 < len(ideal) else []
        limit = min([*following, *([end] if end is not None else [])], default=None)
        day = _first_open(rules, max(wanted, lower), limit, taken)
        if day is None and wanted >= lower:
            day = _last_open(rules, wanted, lower - ONE_DAY, taken)
        if day is None:
            day = _first_open(rules, max(wanted, lower), None, taken)
        if day is None:  # no open day in three years: nothing sensible to do but keep the plan
            day = max(wanted, lower)
        placed.append(day)
        taken.add(day)
    if end is not None and placed and placed[-1] >= end:
        floor = max(ideal[0], not_before) if not_before is not None else ideal[0]
        placed = _pull_back_into_span(placed, rules, end, pinned, floor)
    return placed


def _pull_back_into_span(
    placed: list[dt.date],
    rules: WorkCalendar,
    end: dt.date,
    pinned: Mapping[int, dt.date],
    floor: dt.date,
) -> list[dt.date]:
    """When moving forward pushed the last meetings out of the span (a break near its end), bring
    them back, from the last one, each to the latest open day before the one after it, until one
    is already before it. Unchanged if the span has too few open days for them."""
    result = list(placed)
    # The days of the meetings being brought back are free: each lands below the one after it.
    taken = set(pinned.values())
    bound = end
    for index in reversed(range(len(result))):
        if result[index] < bound:
            return result
        if index in pinned:
            return placed
        day = _last_open(rules, bound - ONE_DAY, floor - ONE_DAY, taken)
        if day is None:
            return placed
        result[index], bound = day, day
    return result


@dataclass(frozen=True)
class Slot:
    """A laid-out meeting: its number, day and theme; where the plan alone put it, and why it
    moved ("" when it did not)."""

    number: int
    day: dt.date
    theme: str
    planned: dt.date
    moved_because: str = ""
