"""Busy times from a person's own calendar (an iCalendar file): a pure module, no Django, like
the matching solver and the session-plan layout.

``busy_intervals`` reads the file and expands every event over a window: RRULE, RDATE, EXDATE,
RECURRENCE-ID overrides, time zones (TZID, Windows names and VTIMEZONE through icalendar;
floating and all-day times in the calendar's X-WR-TIMEZONE, else the person's own zone). It
keeps only *when* the person is busy — merged intervals in UTC — never a title, description,
place or attendee. Events marked free (TRANSP:TRANSPARENT, Outlook's BUSYSTATUS FREE) or
cancelled (STATUS:CANCELLED) are not busy.

Recurrences are expanded in the event's local wall time, as RFC 5545 asks (a weekly 9:00 in
Madrid stays at 9:00 across the change to summer time). Google writes some recurring events in
UTC with the calendar's zone in X-WR-TIMEZONE and means its wall time; such a series is
expanded in that zone (what the ``x-wr-timezone`` package does).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rruleset, rrulestr  # type: ignore[import-untyped]

UTC = dt.UTC
# Per event, how many occurrences are expanded at most inside the window (an hourly event over
# 120 days is 2,880); and how many merged intervals are kept at most.
MAX_OCCURRENCES = 5000
MAX_INTERVALS = 10000
MAX_FOUND = 100000
# Rules no calendar app writes, that would expand to millions of occurrences.
REFUSED_FREQUENCIES = {"SECONDLY", "MINUTELY"}

Interval = tuple[dt.datetime, dt.datetime]


class NotACalendar(ValueError):
    """The file is not an iCalendar file."""


def busy_intervals(
    data: bytes, *, start: dt.datetime, end: dt.datetime, zone: dt.tzinfo
) -> list[Interval]:
    """The merged busy intervals (UTC) of the calendar ``data`` that fall in [start, end),
    clipped to it. ``zone`` places floating and all-day times when the calendar names no zone
    of its own."""
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
        raise NotACalendar(str(exc)[:200]) from exc
    if not calendars or not all(c.name == "VCALENDAR" for c in calendars):
        raise NotACalendar("no VCALENDAR")
    found: list[Interval] = []
    for calendar in calendars:
        for interval in _calendar(calendar, start=start, end=end, zone=zone):
            found.append(interval)
            if len(found) >= MAX_FOUND:  # merged from time to time, to bound the memory
                found = merge(found)[:MAX_INTERVALS]
    return merge(found)[:MAX_INTERVALS]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals as one: a day of back-to-back meetings is one busy
    stretch (and the stored rows do not count someone's events)."""
    merged: list[Interval] = []
    for begin, finish in sorted(intervals):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


def _calendar_zone(calendar: Any, zone: dt.tzinfo) -> dt.tzinfo:
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            pass
    return zone


def _calendar(
    calendar: Any, *, start: dt.datetime, end: dt.datetime, zone: dt.tzinfo
) -> Iterator[Interval]:
    floating = _calendar_zone(calendar, zone)
    x_wr = bool(str(calendar.get("X-WR-TIMEZONE", "")).strip())
    masters: dict[str, Any] = {}
    overrides: dict[str, list[Any]] = defaultdict(list)
    for event in calendar.walk("VEVENT"):
        if "DTSTART" not in event:
            continue
        uid = str(event.get("UID", "")) or f"no-uid-{id(event)}"
        if "RECURRENCE-ID" in event:
            overrides[uid].append(event)
        else:
            masters[uid] = event
    for uid, master in masters.items():
        replaced = [getattr(o["RECURRENCE-ID"], "dt", None) for o in overrides.get(uid, [])]
        yield from _safely(
            master,
            replaced=[r for r in replaced if isinstance(r, dt.date)],
            floating=floating,
            x_wr=x_wr,
            start=start,
            end=end,
        )
    # Each moved or changed instance stands on its own (and an instance whose series is not in
    # the file, as when one is invited to a single occurrence).
    for events in overrides.values():
        for event in events:
            yield from _safely(
                event, replaced=[], floating=floating, x_wr=False, start=start, end=end
            )


def _safely(event: Any, **kwargs: Any) -> list[Interval]:
    """One event's intervals; an event the file gets wrong (a rule or a date that cannot be
    read) is left out rather than losing the whole calendar."""
    try:
        return list(_series(event, **kwargs))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError):
        return []


def _busy(event: Any) -> bool:
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    return str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "BUSY")).upper() != "FREE"


def _key(value: dt.date | dt.datetime, zone: dt.tzinfo) -> dt.date | dt.datetime:
    """What identifies an occurrence (for EXDATE and RECURRENCE-ID): its instant in UTC (a time
    without a zone in the series' zone), or its day for all-day ones."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    return value


def _naive(value: dt.date | dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """``value`` as a wall time (no zone) in ``zone``."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if value.tzinfo is not None and zone is not None:
        return value.astimezone(zone).replace(tzinfo=None)
    return value.replace(tzinfo=None)


def _series(
    event: Any,
    *,
    replaced: list[dt.date | dt.datetime],
    floating: dt.tzinfo,
    x_wr: bool,
    start: dt.datetime,
    end: dt.datetime,
) -> Iterator[Interval]:
    if not _busy(event):
        return
    first = event.start
    all_day = not isinstance(first, dt.datetime)
    try:
        last = event.end
    except (ValueError, KeyError, TypeError):
        last = first
    # The wall clock the series follows: its own zone, else the calendar's.
    zone: dt.tzinfo = floating
    if not all_day and first.tzinfo is not None:
        zone = first.tzinfo
        if x_wr and event.rrules and first.utcoffset() == dt.timedelta(0):
            zone = floating  # Google's UTC series meant in the calendar's zone
    if all_day:
        days = (last - first).days if not isinstance(last, dt.datetime) else 1
        length: dt.timedelta = dt.timedelta(days=max(days, 1))
    else:
        length = _utc(last, floating) - _utc(first, floating)
    if length <= dt.timedelta(0):
        return  # an instant takes no time
    local_first = _naive(first, zone)
    occurrences: rruleset | list[dt.datetime]
    if event.rrules or event.rdates:
        occurrences = rruleset()
        occurrences.rdate(local_first)
        for rule in event.rrules:
            built = _rule(rule, local_first, zone)
            if built is not None:
                occurrences.rrule(built)
        for rdate, _period_end in event.rdates:
            if isinstance(rdate, dt.date):
                occurrences.rdate(_naive(rdate, zone))
        skipped = {_key(x, zone) for x in event.exdates}
    else:
        occurrences = [local_first]
        skipped = set()
    skipped |= {_key(x, zone) for x in replaced}
    # The window in the series' wall time, a day wider for zone offsets and DST.
    low = _naive(start - length, zone) - dt.timedelta(days=1)
    high = _naive(end, zone) + dt.timedelta(days=1)
    iterator = (
        occurrences.xafter(low, inc=True)
        if isinstance(occurrences, rruleset)
        else iter(o for o in occurrences if o >= low)
    )
    for count, local in enumerate(iterator):
        if local > high or count >= MAX_OCCURRENCES:
            break
        begin = local.replace(tzinfo=zone)
        if _key(local.date() if all_day else begin, zone) in skipped or local.date() in skipped:
            continue
        if all_day:
            finish = (local + length).replace(tzinfo=zone)
        else:
            finish = begin.astimezone(UTC) + length
        begin, finish = max(begin.astimezone(UTC), start), min(finish.astimezone(UTC), end)
        if begin < finish:
            yield (begin, finish)


def _utc(value: dt.date | dt.datetime, floating: dt.tzinfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=floating)
    return value.astimezone(UTC)


def _rule(rule: Any, local_first: dt.datetime, zone: dt.tzinfo) -> Any:
    """A dateutil rule in the series' wall time. UNTIL is taken out and put back as a wall time
    too: calendars write it in UTC, as a date, or (wrongly) without a zone, and dateutil wants
    it of the same kind as the start."""
    frequency = [str(f).upper() for f in rule.get("FREQ", [])]
    if not frequency or frequency[0] in REFUSED_FREQUENCIES:
        return None
    until = rule.get("UNTIL")
    bare = icalendar.vRecur({k: v for k, v in rule.items() if k != "UNTIL"})
    try:
        built = rrulestr(bare.to_ical().decode(), dtstart=local_first)
    except (ValueError, TypeError):
        return None
    if until:
        value = until[0]
        if isinstance(value, dt.datetime):
            limit = _naive(value, zone)
        else:
            limit = dt.datetime.combine(value, dt.time.max)
        built = built.replace(until=limit)
    return built
