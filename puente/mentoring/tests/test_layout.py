"""Laying a plan's meetings on the program's calendar (mentoring.layout, services.plan_slots):
working days, the country's public holidays, declared breaks, spans in weeks or months. Pure
functions of fixed dates: no database, no clock."""

import datetime as dt

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.mentoring import layout, services
from puente.mentoring.models import SessionPlan
from puente.programs.calendar import EVERY_DAY, ClosedSpan, WorkCalendar

COLOMBIA_MON_FRI = WorkCalendar(working_days="12345", country="CO")
FRIDAY_BEFORE_CHRISTMAS = dt.date(2026, 12, 18)
CHRISTMAS, NEW_YEAR = dt.date(2026, 12, 25), dt.date(2027, 1, 1)


def _days(plan, starts_on, rules):
    return [day for _, day, _ in services.plan_layout(plan, starts_on, rules)]


def test_a_plan_starting_the_friday_before_christmas_in_colombia_skips_the_holidays():
    weekly = SessionPlan(meetings=6, cadence="weekly")
    days = _days(weekly, FRIDAY_BEFORE_CHRISTMAS, COLOMBIA_MON_FRI)
    # Christmas and New Year's Day are Fridays: each meeting moves to the next working day.
    assert days == [
        dt.date(2026, 12, 18),
        dt.date(2026, 12, 28),
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 15),
        dt.date(2027, 1, 22),
    ]
    assert CHRISTMAS not in days and NEW_YEAR not in days


def test_sundays_are_skipped_when_saturday_is_a_working_day():
    monday_to_saturday = WorkCalendar(working_days="123456", country="CO")
    weekly = SessionPlan(meetings=3, cadence="weekly")
    # Christmas → Saturday 26 December; New Year's Day → Saturday 2 January.
    assert _days(weekly, FRIDAY_BEFORE_CHRISTMAS, monday_to_saturday) == [
        dt.date(2026, 12, 18),
        dt.date(2026, 12, 26),
        dt.date(2027, 1, 2),
    ]
    # 12 meetings in 16 weeks from that Friday: the plan alone puts the second on Sunday 27
    # December (and three more on Sundays); none stays there.
    spread = SessionPlan(meetings=12, span_weeks=16)
    planned = layout.ideal_days(12, FRIDAY_BEFORE_CHRISTMAS, span_weeks=16)
    assert sum(day.isoweekday() == 7 for day in planned) == 4
    days = _days(spread, FRIDAY_BEFORE_CHRISTMAS, monday_to_saturday)
    assert days[1] == dt.date(2026, 12, 28)
    assert not [day for day in days if day.isoweekday() == 7]


def test_the_same_plan_without_a_calendar_keeps_the_old_layout():
    # Every day open, no holidays: what plan_layout gave before programs had a calendar.
    days = _days(SessionPlan(meetings=3, cadence="weekly"), FRIDAY_BEFORE_CHRISTMAS, None)
    assert days == [FRIDAY_BEFORE_CHRISTMAS, CHRISTMAS, NEW_YEAR]


def test_a_meeting_in_a_break_moves_back_when_the_next_day_would_run_into_the_following():
    week_off = WorkCalendar(
        working_days="12345",
        breaks=(ClosedSpan(dt.date(2027, 3, 22), dt.date(2027, 3, 26), "Semana Santa"),),
    )
    days = _days(SessionPlan(meetings=4, cadence="weekly"), dt.date(2027, 3, 8), week_off)
    # Monday 22 March is in the break; the next open day, Monday 29, is the following meeting's
    # day: it moves back to Friday 19 March.
    assert days == [
        dt.date(2027, 3, 8),
        dt.date(2027, 3, 15),
        dt.date(2027, 3, 19),
        dt.date(2027, 3, 29),
    ]


def test_the_span_is_kept_the_last_meeting_moves_back_rather_than_leave_it():
    holy_week = WorkCalendar(
        working_days="12345",
        breaks=(ClosedSpan(dt.date(2027, 3, 22), dt.date(2027, 3, 28), "Semana Santa"),),
    )
    plan = SessionPlan(meetings=4, span_weeks=4)
    start = dt.date(2027, 3, 1)
    days = _days(plan, start, holy_week)
    end = layout.span_end(start, span_weeks=4, span_months=None)
    assert end == dt.date(2027, 3, 29)
    assert days[-1] == dt.date(2027, 3, 19)  # not Monday 29 March, outside the 4 weeks
    assert all(day < end for day in days)


def test_a_span_in_months_spreads_the_meetings_over_those_months():
    plan = SessionPlan(meetings=10, span_months=6)
    start = dt.date(2026, 11, 23)
    days = _days(plan, start, None)
    # 23 November to 23 May: 181 days in 10 slices of 18.1 days.
    assert [(day - start).days for day in days] == [0, 18, 36, 54, 72, 91, 109, 127, 145, 163]
    assert days[-1] < layout.add_months(start, 6)
    assert days[-1] > layout.add_months(start, 5)
    assert services.plan_end(plan, start) == dt.date(2027, 5, 22)


def test_ten_sessions_in_six_months_last_more_than_four_on_the_colombian_calendar():
    """The reverse program announced ten sessions in six months and laid them out in four."""
    start = dt.date(2026, 11, 23)
    days = _days(SessionPlan(meetings=10, span_months=6), start, COLOMBIA_MON_FRI)
    assert layout.add_months(start, 5) < days[-1] < layout.add_months(start, 6)


def test_meetings_pushed_out_of_the_span_by_a_break_are_brought_back_into_it():
    closed = WorkCalendar(breaks=(ClosedSpan(dt.date(2026, 3, 9), dt.date(2026, 4, 30), "Cierre"),))
    days = _days(SessionPlan(meetings=5, span_weeks=4), dt.date(2026, 3, 2), closed)
    # Only 2–8 March are open in the 4 weeks: the meetings share them, in order.
    assert days == [dt.date(2026, 3, d) for d in (2, 5, 6, 7, 8)]


def test_a_span_with_too_few_open_days_runs_past_it_in_order_on_distinct_days():
    closed = WorkCalendar(breaks=(ClosedSpan(dt.date(2026, 3, 4), dt.date(2026, 4, 30), "Cierre"),))
    days = _days(SessionPlan(meetings=5, span_weeks=4), dt.date(2026, 3, 2), closed)
    assert days == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 3),
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 2),
        dt.date(2026, 5, 3),
    ]


def test_each_moved_meeting_says_from_where_and_why():
    with translation.override("es"):
        slots = services.plan_slots(
            SessionPlan(meetings=3, cadence="weekly"), FRIDAY_BEFORE_CHRISTMAS, COLOMBIA_MON_FRI
        )
    assert [s.moved_because for s in slots] == ["", "Navidad", "Año Nuevo"]
    assert slots[1].planned == CHRISTMAS
    with translation.override("en"):
        weekend = services.plan_slots(
            SessionPlan(meetings=2, span_weeks=2), FRIDAY_BEFORE_CHRISTMAS, COLOMBIA_MON_FRI
        )
    assert (weekend[1].planned, weekend[1].day) == (dt.date(2026, 12, 25), dt.date(2026, 12, 28))
    assert weekend[1].moved_because == "Christmas Day"


def test_pinned_meetings_stay_and_the_others_avoid_them():
    ideal = layout.ideal_days(4, dt.date(2026, 3, 2), cadence="weekly")
    days = layout.fit_days(
        ideal,
        WorkCalendar(),
        pinned={1: dt.date(2026, 3, 16)},  # meeting 2 was moved by people onto meeting 3's day
        not_before=dt.date(2026, 3, 3),
    )
    assert days[1] == dt.date(2026, 3, 16)
    assert days[2] == dt.date(2026, 3, 17)
    assert days[0] == dt.date(2026, 3, 3)  # nothing earlier than not_before


CALENDARS = st.builds(
    WorkCalendar,
    working_days=st.sets(st.sampled_from(EVERY_DAY), min_size=1).map(lambda d: "".join(sorted(d))),
    country=st.sampled_from(["", "CO", "MX", "ES"]),
    breaks=st.lists(
        st.tuples(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)), st.integers(0, 20)).map(
            lambda t: ClosedSpan(t[0], t[0] + dt.timedelta(days=t[1]), "Pausa")
        ),
        max_size=3,
    ).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(
    rules=CALENDARS,
    start=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
    meetings=st.integers(1, 24),
    span=st.one_of(
        st.tuples(st.integers(4, 52), st.none()),
        st.tuples(st.none(), st.integers(1, 12)),
        st.tuples(st.none(), st.none()),
    ),
    cadence=st.sampled_from(["weekly", "biweekly", "monthly"]),
)
def test_any_plan_lands_on_open_distinct_days_in_order_within_its_span(
    rules, start, meetings, span, cadence
):
    weeks, months = span
    plan = SessionPlan(meetings=meetings, span_weeks=weeks, span_months=months, cadence=cadence)
    slots = services.plan_slots(plan, start, rules)
    days = [s.day for s in slots]
    assert len(days) == meetings
    assert all(a < b for a, b in zip(days, days[1:], strict=False))  # in order, never twice a day
    assert days[0] >= start
    end = layout.span_end(start, span_weeks=weeks, span_months=months)
    # Every meeting is on an open day (a calendar always has some within three years).
    assert all(rules.is_open(d) for d in days)
    # A meeting that moved says why: its day was closed, the one before it moved, or the span.
    assert all(bool(s.moved_because) == (s.day != s.planned) for s in slots)
    if end is not None:
        span_days = (start + dt.timedelta(days=n) for n in range((end - start).days))
        if sum(1 for d in span_days if rules.is_open(d)) >= meetings:
            assert days[-1] < end  # the span is kept whenever it has room
