"""The proposed-times algorithm (``mentoring.proposals``), without the database: time zones on
both sides, a week with a change to summer time, working days and breaks, the cadence, and a
circle ranked by how many can come, naming who cannot."""

import datetime as dt
from zoneinfo import ZoneInfo

from puente.mentoring import proposals
from puente.mentoring.proposals import Person
from puente.programs.calendar import ClosedSpan, WorkCalendar

UTC = dt.UTC
BOGOTA = ZoneInfo("America/Bogota")  # UTC-5, no summer time
MADRID = ZoneInfo("Europe/Madrid")  # UTC+1, UTC+2 from the last Sunday of March
HOUR = dt.timedelta(hours=1)
NOW = dt.datetime(2027, 1, 1, tzinfo=UTC)
EVERY_DAY = WorkCalendar()


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def run(people, days, *, zone=UTC, rules=EVERY_DAY, length=HOUR, circle=False, ideal=None):
    return proposals.propose(
        people,
        days=days,
        is_open=rules.is_open,
        zone=zone,
        length=length,
        ideal=ideal or days[0],
        now=NOW,
        circle=circle,
    )


def test_times_fall_inside_both_weekly_grids_each_read_in_its_own_time_zone():
    monday = dt.date(2027, 1, 4)
    # Bogotá's morning is 13:00–17:00 UTC; Madrid's afternoon (winter) is 11:00–16:00 UTC.
    mentor = Person(1, BOGOTA, frozenset({"mon-morning"}))
    mentee = Person(2, MADRID, frozenset({"mon-afternoon"}))
    found = run([mentor, mentee], [monday], zone=BOGOTA)
    starts = sorted(p.start for p in found)
    assert starts == [utc(2027, 1, 4, 13), utc(2027, 1, 4, 13, 30), utc(2027, 1, 4, 14),
                      utc(2027, 1, 4, 14, 30), utc(2027, 1, 4, 15)]  # fmt: skip
    assert all(p.end - p.start == HOUR for p in found)


def test_neighbouring_parts_of_a_day_join_and_a_time_never_straddles_a_gap():
    monday = dt.date(2027, 1, 4)
    both = Person(1, UTC, frozenset({"mon-morning", "mon-afternoon"}))
    apart = Person(1, UTC, frozenset({"mon-morning", "mon-evening"}))
    two_hours = 2 * HOUR
    assert utc(2027, 1, 4, 11) in {p.start for p in run([both], [monday], length=two_hours)}
    # 11:00–13:00 would need the afternoon; 16:00–18:00 too.
    starts = {p.start for p in run([apart], [monday], length=two_hours)}
    assert utc(2027, 1, 4, 11) not in starts and utc(2027, 1, 4, 16) not in starts
    assert utc(2027, 1, 4, 10) in starts and utc(2027, 1, 4, 17) in starts


def test_a_person_who_never_filled_the_grid_is_free_in_all_of_its_parts():
    found = run([Person(1, UTC)], [dt.date(2027, 1, 9)])  # a Saturday
    assert min(p.start for p in found) == utc(2027, 1, 9, 8)
    assert max(p.end for p in found) == utc(2027, 1, 9, 21)


def test_the_week_summer_time_starts_moves_a_morning_by_an_hour_in_utc():
    madrid = Person(1, MADRID, frozenset({"mon-morning"}))
    before, after = dt.date(2027, 3, 22), dt.date(2027, 3, 29)  # summer time from the 28th
    found = run([madrid], [before, after], zone=MADRID)
    first: dict[dt.date, dt.datetime] = {}
    for p in found:
        day = p.start.astimezone(MADRID).date()
        first[day] = min(first.get(day, p.start), p.start)
    assert first[before] == utc(2027, 3, 22, 7)  # 08:00 in Madrid, UTC+1
    assert first[after] == utc(2027, 3, 29, 6)  # 08:00 in Madrid, UTC+2
    assert all(p.start.astimezone(MADRID).hour >= 8 for p in found)
    assert all(p.end.astimezone(MADRID).hour <= 12 for p in found)


def test_the_day_of_the_change_itself_is_walked_whole_on_the_organisers_clock():
    sunday = dt.date(2027, 3, 28)  # 23 hours long in Madrid
    evening = Person(1, MADRID, frozenset({"sun-evening"}))
    found = run([evening], [sunday], zone=MADRID)
    local = sorted(p.start.astimezone(MADRID) for p in found)
    assert local[0].hour == 17 and local[-1].hour == 20  # 17:00 … 20:00, the last ends at 21:00
    assert len(found) == 7


def test_only_working_days_outside_breaks_and_holidays_are_proposed():
    rules = WorkCalendar(
        working_days="12345",
        country="CO",
        breaks=(ClosedSpan(dt.date(2027, 1, 13), dt.date(2027, 1, 14), "Pausa"),),
    )
    days = [dt.date(2027, 1, 4) + dt.timedelta(days=n) for n in range(14)]
    found = run([Person(1, UTC)], days, rules=rules)
    used = {p.start.date() for p in found}
    # Saturdays and Sundays closed; 11 January 2027 is a public holiday in Colombia (Reyes).
    assert used == {dt.date(2027, 1, d) for d in (4, 5, 6, 7, 8, 12, 15)}


def test_busy_intervals_and_the_past_are_avoided():
    monday = dt.date(2027, 1, 4)
    busy = [
        (utc(2027, 1, 4, 9, 15), utc(2027, 1, 4, 10)),
        (utc(2027, 1, 4, 12), utc(2027, 1, 4, 20)),
    ]
    person = Person(1, UTC, frozenset({"mon-morning", "mon-afternoon", "mon-evening"}), busy)
    found = proposals.propose(
        [person], days=[monday], is_open=EVERY_DAY.is_open, zone=UTC, length=HOUR,
        ideal=monday, now=utc(2027, 1, 4, 8, 1),
    )  # fmt: skip
    starts = sorted(p.start for p in found)
    assert starts == [utc(2027, 1, 4, 10), utc(2027, 1, 4, 10, 30), utc(2027, 1, 4, 11),
                      utc(2027, 1, 4, 20)]  # fmt: skip
    for p in found:
        assert all(not (p.start < end and begin < p.end) for begin, end in busy)


def test_times_closest_to_the_plans_day_come_first_and_the_spread_takes_different_days():
    days = [dt.date(2027, 1, 4) + dt.timedelta(days=n) for n in range(7)]
    found = run([Person(1, UTC, frozenset({"mon-morning", "wed-morning", "thu-morning"}))], days,
                ideal=dt.date(2027, 1, 6))  # fmt: skip
    assert found[0].start == utc(2027, 1, 6, 8)
    three = proposals.pick_spread(found, 3, UTC)
    assert [p.start.date() for p in three] == [dt.date(2027, 1, d) for d in (6, 7, 4)]


def test_the_window_follows_the_cadence():
    day = dt.date(2027, 1, 15)
    assert len(proposals.window(day, "weekly")) == 7
    assert min(proposals.window(day, "biweekly")) == dt.date(2027, 1, 8)
    assert max(proposals.window(day, "monthly")) == dt.date(2027, 1, 29)
    assert min(proposals.window(day, "weekly", not_before=dt.date(2027, 1, 14))) == dt.date(
        2027, 1, 14
    )


def test_the_rest_of_a_plan_at_once_one_time_per_meeting_in_order_on_the_cadence():
    people = [Person(1, BOGOTA, frozenset({"tue-morning", "thu-morning"})), Person(2, MADRID)]
    planned = [(n + 2, dt.date(2027, 1, 5) + dt.timedelta(weeks=n)) for n in range(6)]
    found = proposals.propose_plan(
        people, meetings=planned, cadence="weekly", is_open=WorkCalendar("12345").is_open,
        zone=BOGOTA, length=HOUR, now=NOW,
    )  # fmt: skip
    times = [found[number] for number, _day in planned]
    assert all(t is not None for t in times)
    starts = [t.start for t in times if t]
    assert starts == sorted(starts)
    for (_number, ideal), start in zip(planned, starts, strict=True):
        local = start.astimezone(BOGOTA)
        assert abs((local.date() - ideal).days) <= 3
        assert local.weekday() in (1, 3) and 8 <= local.hour < 12
        # Madrid (UTC+1) is free from 08:00 to 21:00: a Bogotá morning from 8 to 12 fits
        # only until 15:00 UTC (16:00 in Madrid).
        assert start.astimezone(MADRID).hour < 21


def test_a_circle_ranks_times_by_how_many_can_come_and_names_who_cannot():
    monday = dt.date(2027, 1, 4)
    mentor = Person(1, UTC, frozenset({"mon-morning"}), required=True)
    ana = Person(2, UTC, frozenset({"mon-morning"}), required=False)
    # Beto is busy from 8 to 10, Carla at 10–11 and Dani all morning.
    beto = Person(3, UTC, busy=[(utc(2027, 1, 4, 8), utc(2027, 1, 4, 10))], required=False)
    carla = Person(4, UTC, busy=[(utc(2027, 1, 4, 10), utc(2027, 1, 4, 11))], required=False)
    dani = Person(5, UTC, frozenset({"mon-evening"}), required=False)
    found = run([mentor, ana, beto, carla, dani], [monday], circle=True)
    assert found[0].cannot == (5,) and found[0].start == utc(2027, 1, 4, 11)
    assert [len(p.cannot) for p in found] == sorted(len(p.cannot) for p in found)
    assert {p.start: p.cannot for p in found}[utc(2027, 1, 4, 8)] == (3, 5)
    # The mentor leads the circle: never a time they cannot come to.
    busy_mentor = Person(1, UTC, frozenset({"mon-morning"}),
                         busy=[(utc(2027, 1, 4, 8), utc(2027, 1, 4, 11))])  # fmt: skip
    assert {p.start for p in run([busy_mentor, ana, beto], [monday], circle=True)} == {
        utc(2027, 1, 4, 11)
    }


def test_in_a_pair_everyone_must_be_able_to_come():
    monday = dt.date(2027, 1, 4)
    mentor = Person(1, UTC, frozenset({"mon-morning"}))
    mentee = Person(2, UTC, frozenset({"mon-evening"}))
    assert run([mentor, mentee], [monday]) == []
