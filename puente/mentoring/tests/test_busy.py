"""Busy times from an iCalendar file (mentoring/busy.py, no database): recurrences, exceptions,
time zones, what is free, and that nothing but times comes out."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from puente.mentoring import busy

UTC = dt.UTC
BOGOTA = ZoneInfo("America/Bogota")
START = dt.datetime(2027, 1, 1, 12, tzinfo=UTC)
END = START + dt.timedelta(days=120)


def _calendar(*events: str, header: str = "") -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *filter(None, [header])]
        + [f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT" for event in events]
        + ["END:VCALENDAR", ""]
    )
    return "\r\n".join(line.strip() for line in body.splitlines()).encode()


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def _read(data: bytes, zone: dt.tzinfo = BOGOTA) -> list[tuple[dt.datetime, dt.datetime]]:
    return busy.busy_intervals(data, start=START, end=END, zone=zone)


def test_a_weekly_series_keeps_its_wall_time_across_summer_time():
    data = _calendar(
        """UID:a
        DTSTART;TZID=Europe/Madrid:20270317T100000
        DTEND;TZID=Europe/Madrid:20270317T110000
        RRULE:FREQ=WEEKLY;COUNT=3"""
    )
    assert _read(data) == [
        (_utc(2027, 3, 17, 9), _utc(2027, 3, 17, 10)),
        (_utc(2027, 3, 24, 9), _utc(2027, 3, 24, 10)),
        # Madrid changes to summer time on 28 March: 10:00 is now 08:00 UTC.
        (_utc(2027, 3, 31, 8), _utc(2027, 3, 31, 9)),
    ]


def test_exdate_and_recurrence_id_replace_their_occurrences():
    data = _calendar(
        """UID:s
        DTSTART;TZID=America/Bogota:20270104T090000
        DURATION:PT1H
        RRULE:FREQ=WEEKLY;UNTIL=20270125T140000Z;BYDAY=MO
        EXDATE;TZID=America/Bogota:20270111T090000""",
        # Moved to Tuesday afternoon, written in another zone than its series.
        """UID:s
        RECURRENCE-ID;TZID=America/Bogota:20270118T090000
        DTSTART;TZID=Europe/Madrid:20270119T210000
        DTEND;TZID=Europe/Madrid:20270119T220000""",
    )
    assert _read(data) == [
        (_utc(2027, 1, 4, 14), _utc(2027, 1, 4, 15)),
        (_utc(2027, 1, 19, 20), _utc(2027, 1, 19, 21)),
        (_utc(2027, 1, 25, 14), _utc(2027, 1, 25, 15)),  # UNTIL includes its own instant
    ]


def test_a_cancelled_occurrence_is_not_busy():
    data = _calendar(
        """UID:c
        DTSTART:20270105T150000Z
        DTEND:20270105T160000Z
        RRULE:FREQ=DAILY;COUNT=3""",
        """UID:c
        RECURRENCE-ID:20270106T150000Z
        DTSTART:20270106T150000Z
        DTEND:20270106T160000Z
        STATUS:CANCELLED""",
    )
    assert _read(data) == [
        (_utc(2027, 1, 5, 15), _utc(2027, 1, 5, 16)),
        (_utc(2027, 1, 7, 15), _utc(2027, 1, 7, 16)),
    ]


@pytest.mark.parametrize(
    "marker", ["TRANSP:TRANSPARENT", "STATUS:CANCELLED", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"]
)
def test_free_and_cancelled_events_are_not_busy(marker):
    data = _calendar(f"UID:f\nDTSTART:20270105T150000Z\nDTEND:20270105T160000Z\n{marker}")
    assert _read(data) == []


def test_all_day_and_floating_times_are_in_the_calendars_zone_else_the_persons():
    events = (
        "UID:d\nDTSTART;VALUE=DATE:20270215\nDTEND;VALUE=DATE:20270217",
        "UID:f\nDTSTART:20270301T090000\nDTEND:20270301T093000",
    )
    assert _read(_calendar(*events, header="X-WR-TIMEZONE:Europe/Madrid")) == [
        (_utc(2027, 2, 14, 23), _utc(2027, 2, 16, 23)),
        (_utc(2027, 3, 1, 8), _utc(2027, 3, 1, 8, 30)),
    ]
    assert _read(_calendar(*events)) == [
        (_utc(2027, 2, 15, 5), _utc(2027, 2, 17, 5)),
        (_utc(2027, 3, 1, 14), _utc(2027, 3, 1, 14, 30)),
    ]


def test_a_utc_series_of_a_calendar_with_a_zone_follows_that_zones_wall_time():
    """Google writes some series in UTC and means the calendar's zone (X-WR-TIMEZONE)."""
    data = _calendar(
        "UID:g\nDTSTART:20270324T090000Z\nDTEND:20270324T100000Z\nRRULE:FREQ=WEEKLY;COUNT=2",
        header="X-WR-TIMEZONE:Europe/Madrid",
    )
    assert _read(data) == [
        (_utc(2027, 3, 24, 9), _utc(2027, 3, 24, 10)),
        (_utc(2027, 3, 31, 8), _utc(2027, 3, 31, 9)),
    ]


def test_only_the_window_is_kept_clipped_and_merged():
    data = _calendar(
        "UID:1\nDTSTART:20270101T110000Z\nDTEND:20270101T130000Z",  # runs into the window
        "UID:2\nDTSTART:20270110T100000Z\nDTEND:20270110T110000Z",
        "UID:3\nDTSTART:20270110T103000Z\nDTEND:20270110T120000Z",  # overlaps the one above
        "UID:4\nDTSTART:20270110T120000Z\nDTEND:20270110T123000Z",  # touches it
        "UID:5\nDTSTART:20270502T110000Z\nDTEND:20270502T130000Z",  # beyond 120 days
        "UID:6\nDTSTART:20261201T110000Z\nDTEND:20261201T130000Z",  # before
        "UID:7\nDTSTART:20270112T110000Z",  # no end: an instant, not busy
        "UID:8\nDTSTART:20270105T090000Z\nRRULE:FREQ=MINUTELY\nDURATION:PT1M",  # refused rule
    )
    assert _read(data) == [
        (START, _utc(2027, 1, 1, 13)),
        # A rule no calendar app writes is not expanded; its first occurrence stays.
        (_utc(2027, 1, 5, 9), _utc(2027, 1, 5, 9, 1)),
        (_utc(2027, 1, 10, 10), _utc(2027, 1, 10, 12, 30)),
    ]


def test_outlooks_windows_zone_names_are_understood():
    data = _calendar(
        """UID:o
        DTSTART;TZID=Romance Standard Time:20270317T100000
        DTEND;TZID=Romance Standard Time:20270317T110000"""
    )
    assert _read(data) == [(_utc(2027, 3, 17, 9), _utc(2027, 3, 17, 10))]


@pytest.mark.parametrize("data", [b"<html>Sign in</html>", b"", b"BEGIN:VCARD\r\nEND:VCARD\r\n"])
def test_what_is_not_a_calendar_is_said_so(data):
    with pytest.raises(busy.NotACalendar):
        _read(data)


def test_an_event_the_file_gets_wrong_is_left_out_and_the_rest_kept():
    data = _calendar(
        "UID:bad\nDTSTART:20270105T150000Z\nDTEND:20270105T160000Z\nRRULE:FREQ=WEEKLY;BYDAY=XX",
        "UID:good\nDTSTART:20270106T150000Z\nDTEND:20270106T160000Z",
    )
    assert _read(data) == [(_utc(2027, 1, 6, 15), _utc(2027, 1, 6, 16))]
