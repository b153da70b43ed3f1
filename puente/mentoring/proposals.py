"""Proposed meeting times: a pure module, no Django, like the session-plan layout and the busy
times of people's own calendars.

``propose`` ranks the times a relationship could meet at: every start, on a half-hour grid of
the organiser's wall clock, on the open days of a window (the plan's day for the meeting, give
or take half its cadence; working days, holidays and breaks closed), that lasts the program's
meeting length and

- falls inside each person's weekly availability, read in *their own* time zone (the grid of
  weekday × part of day that people fill when they apply: morning 8–12, afternoon 12–17,
  evening 17–21; neighbouring parts join, so 11:00–13:00 fits "morning and afternoon"); a
  person who never filled the grid is taken as free in all of its parts;
- overlaps none of their busy intervals (their own calendars, their other Puente meetings and
  events), given in UTC.

In a pair everyone must be able to come. In a circle the mentor must (they lead it), and a time
is ranked by how many mentees can come; each proposal names who cannot. Then come the times
closest to the plan's day, then the earliest. ``pick_spread`` chooses a few on different days,
so that the other side has a real choice.

``propose_plan`` does the same for each remaining meeting of a plan at once, the time chosen for
one meeting counting as busy for the next.
"""

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from puente.mentoring.busy import merge

UTC = dt.UTC
Interval = tuple[dt.datetime, dt.datetime]
# The parts of a day of the availability grid, in minutes of the person's wall clock (the
# hours matching reads, ``matching.criteria.DAY_PARTS``).
DAY_PARTS = {
    "morning": (8 * 60, 12 * 60),
    "afternoon": (12 * 60, 17 * 60),
    "evening": (17 * 60, 21 * 60),
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
STEP = dt.timedelta(minutes=30)


def _windows(slots: frozenset[str]) -> dict[int, list[tuple[int, int]]]:
    """Per ISO weekday (0 = Monday), the stretches of the day (minutes) a person is free, with
    neighbouring parts joined."""
    found: dict[int, list[tuple[int, int]]] = {}
    chosen = slots or frozenset(f"{d}-{p}" for d in WEEKDAYS for p in DAY_PARTS)
    for index, day in enumerate(WEEKDAYS):
        parts = sorted(DAY_PARTS[p] for p in DAY_PARTS if f"{day}-{p}" in chosen)
        joined: list[tuple[int, int]] = []
        for begin, end in parts:
            if joined and begin <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], end))
            else:
                joined.append((begin, end))
        if joined:
            found[index] = joined
    return found


@dataclass(frozen=True)
class Person:
    """Someone who would come: ``key`` names them in the answer (a user id), ``availability``
    is their weekly grid ("mon-morning", …; empty: never filled), ``busy`` their busy intervals
    in UTC (any order, overlapping or not)."""

    key: int
    zone: dt.tzinfo
    availability: frozenset[str] = frozenset()
    busy: Sequence[Interval] = ()
    required: bool = True
    _free: dict[int, list[tuple[int, int]]] = field(init=False, repr=False, compare=False)
    _starts: list[dt.datetime] = field(init=False, repr=False, compare=False)
    _ends: list[dt.datetime] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        merged = merge(self.busy)
        object.__setattr__(self, "_free", _windows(self.availability))
        object.__setattr__(self, "_starts", [begin for begin, _end in merged])
        object.__setattr__(self, "_ends", [end for _begin, end in merged])

    def available(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Inside their weekly grid, on their own wall clock."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        if local_end.date() != local_start.date() and local_end.time() != dt.time(0):
            return False
        begin = local_start.hour * 60 + local_start.minute
        finish = begin + int((end - start).total_seconds() // 60)
        return any(
            low <= begin and finish <= high
            for low, high in self._free.get(local_start.weekday(), [])
        )

    def busy_at(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether any busy interval overlaps [start, end): the intervals are merged, so only
        the last one starting before ``end`` can."""
        index = bisect.bisect_left(self._starts, end)
        return index > 0 and self._ends[index - 1] > start

    def can(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.available(start, end) and not self.busy_at(start, end)


@dataclass(frozen=True)
class Proposal:
    start: dt.datetime  # UTC
    end: dt.datetime
    cannot: tuple[int, ...] = ()  # the keys of those who cannot come, in the order given
    distance: int = 0  # days from the plan's day

    @property
    def rank(self) -> tuple[int, int, dt.datetime]:
        return (len(self.cannot), self.distance, self.start)


def window(ideal: dt.date, cadence: str, *, not_before: dt.date | None = None) -> list[dt.date]:
    """The days a meeting planned on ``ideal`` may fall on: give or take half the cadence (3
    days for weekly, 7 for every two weeks, 14 for monthly), never before ``not_before``."""
    half = {"weekly": 3, "biweekly": 7, "monthly": 14}.get(cadence, 3)
    days = [ideal + dt.timedelta(days=offset) for offset in range(-half, half + 1)]
    return [day for day in days if not_before is None or day >= not_before]


def propose(
    people: Sequence[Person],
    *,
    days: Iterable[dt.date],
    is_open: Callable[[dt.date], bool],
    zone: dt.tzinfo,
    length: dt.timedelta,
    ideal: dt.date,
    now: dt.datetime,
    circle: bool = False,
) -> list[Proposal]:
    """Every time that suits (see the module), best first. ``days`` and ``is_open`` are read on
    the wall clock of ``zone`` (the organiser's); nothing starts before ``now``."""
    found: list[Proposal] = []
    required = [p for p in people if p.required or not circle]
    others = [p for p in people if circle and not p.required]
    for day in sorted(set(days)):
        if not is_open(day):
            continue
        local = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        # Step in UTC from local midnight to the next: a day of 23 or 25 hours is walked whole.
        start = local.astimezone(UTC)
        last = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        while start + length <= last.astimezone(UTC):
            end = start + length
            if start >= now and all(p.can(start, end) for p in required):
                cannot = tuple(p.key for p in others if not p.can(start, end))
                if not others or len(cannot) < len(others):
                    found.append(Proposal(start, end, cannot, abs((day - ideal).days)))
            start += STEP
    found.sort(key=lambda p: p.rank)
    return found


def pick_spread(proposals: Sequence[Proposal], count: int, zone: dt.tzinfo) -> list[Proposal]:
    """``count`` of the best proposals, on different days where the ranking allows: the best of
    each day first (in the ranking's order), then the next best of days already taken."""
    chosen: list[Proposal] = []
    days: set[dt.date] = set()
    for proposal in proposals:
        day = proposal.start.astimezone(zone).date()
        if day not in days and len(chosen) < count:
            chosen.append(proposal)
            days.add(day)
    for proposal in proposals:
        if len(chosen) >= count:
            break
        if proposal not in chosen and not any(
            proposal.start < c.end and c.start < proposal.end for c in chosen
        ):
            chosen.append(proposal)
    return chosen


def propose_plan(
    people: Sequence[Person],
    *,
    meetings: Sequence[tuple[int, dt.date]],
    cadence: str,
    is_open: Callable[[dt.date], bool],
    zone: dt.tzinfo,
    length: dt.timedelta,
    now: dt.datetime,
    circle: bool = False,
) -> dict[int, Proposal | None]:
    """The best time for each of ``meetings`` ((number, planned day), in order), on distinct days
    and in order; a time chosen counts as busy for everyone in the meetings after it."""
    taken: list[Interval] = []
    result: dict[int, Proposal | None] = {}
    floor = now.astimezone(zone).date()
    for number, ideal in meetings:
        busy_people = [
            Person(p.key, p.zone, p.availability, [*p.busy, *taken], required=p.required)
            for p in people
        ]
        found = propose(
            busy_people,
            days=window(ideal, cadence, not_before=floor),
            is_open=is_open,
            zone=zone,
            length=length,
            ideal=ideal,
            now=now,
            circle=circle,
        )
        best = found[0] if found else None
        result[number] = best
        if best is not None:
            taken.append((best.start, best.end))
            floor = best.start.astimezone(zone).date() + dt.timedelta(days=1)
    return result


def zone_of(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return UTC
