"""A person's own calendar address: kept as a secret, read in the background through the outbound
guard (a real HTTP server on this machine, allowed only in these tests), its busy times kept and
refreshed, removed at will."""

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from puente.conftest import client_for
from puente.core import hooks, outbound
from puente.mentoring import services
from puente.mentoring.models import BusyCalendar, BusyInterval
from puente.mentoring.tasks import busy_calendars_refresh_task

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 1, 12, tzinfo=UTC)
CALENDAR = (Path(__file__).parent / "data" / "busy.ics").read_bytes()
# Where the calendar served below says its owner is busy, in UTC (see data/busy.ics).
EXPECTED = [
    # Mondays 9:00 in Bogotá (UTC-5) from 4 January, six times: the 11th is an EXDATE, the
    # 18th moved (RECURRENCE-ID) to Tuesday 19th 15:00–16:30.
    (dt.datetime(2027, 1, 4, 14, tzinfo=UTC), dt.datetime(2027, 1, 4, 15, tzinfo=UTC)),
    (dt.datetime(2027, 1, 19, 20, tzinfo=UTC), dt.datetime(2027, 1, 19, 21, 30, tzinfo=UTC)),
    (dt.datetime(2027, 1, 25, 14, tzinfo=UTC), dt.datetime(2027, 1, 25, 15, tzinfo=UTC)),
    (dt.datetime(2027, 2, 1, 14, tzinfo=UTC), dt.datetime(2027, 2, 1, 15, tzinfo=UTC)),
    (dt.datetime(2027, 2, 8, 14, tzinfo=UTC), dt.datetime(2027, 2, 8, 15, tzinfo=UTC)),
    # An all-day event, in the calendar's zone (X-WR-TIMEZONE: Europe/Madrid).
    (dt.datetime(2027, 2, 14, 23, tzinfo=UTC), dt.datetime(2027, 2, 15, 23, tzinfo=UTC)),
    # Wednesdays 10:00 in Madrid: 09:00 UTC in winter, the 24th cancelled, 08:00 UTC in summer.
    (dt.datetime(2027, 3, 17, 9, tzinfo=UTC), dt.datetime(2027, 3, 17, 10, tzinfo=UTC)),
    (dt.datetime(2027, 3, 31, 8, tzinfo=UTC), dt.datetime(2027, 3, 31, 9, tzinfo=UTC)),
    (dt.datetime(2027, 4, 7, 8, tzinfo=UTC), dt.datetime(2027, 4, 7, 9, tzinfo=UTC)),
]
SECRET_PATH = "/calendar/ical/ana%40example.org/private-5f3e9a17c2b4/basic.ics"


class CalendarServer:
    """An HTTP server thread on this machine serving what a test sets: a body, a status, extra
    headers, a pause before answering, or a body dripped slowly; it counts the requests."""

    def __init__(self) -> None:
        self.body = CALENDAR
        self.status = 200
        self.headers: dict[str, str] = {"Content-Type": "text/calendar; charset=utf-8"}
        self.length = True
        self.pause = 0.0
        self.drip = 0.0
        self.paths: list[str] = []
        self.redirects: dict[str, str] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                server.paths.append(self.path)
                if self.path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                time.sleep(server.pause)
                self.send_response(server.status)
                for name, value in server.headers.items():
                    self.send_header(name, value)
                if server.length:
                    self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                try:
                    if server.drip:
                        for byte in server.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(server.drip)
                    else:
                        self.wfile.write(server.body)
                except OSError:
                    pass  # the reader gave up, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.base + SECRET_PATH
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def calendar_server(settings) -> Iterator[CalendarServer]:
    """The served calendar, and the guard allowing this machine: only for these tests."""
    settings.BUSY_CALENDAR_ALLOW_PRIVATE = True
    made = CalendarServer()
    yield made
    made.close()


@pytest.fixture
def person(world):
    world.mentee.time_zone = "America/Bogota"
    world.mentee.save()
    return world.mentee


def _save(world, person, url, django_capture_on_commit_callbacks, language="en"):
    person.language = language
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        return client_for(person).post(
            reverse("mentoring:busy-calendar-save", args=[world.program.slug]), {"url": url}
        )


def _mine(world, person) -> str:
    url = reverse("mentoring:mine", args=[world.program.slug])
    return client_for(person).get(url).content.decode()


def _intervals(person) -> list[tuple[dt.datetime, dt.datetime]]:
    return [
        (start.astimezone(UTC), end.astimezone(UTC))
        for start, end in BusyInterval.objects.filter(calendar__user=person)
        .order_by("start")
        .values_list("start", "end")
    ]


# --- The done-when test: a real calendar over HTTP -------------------------------------------


@pytest.mark.django_db
def test_busy_times_are_read_from_a_calendar_served_over_http(
    person, world, calendar_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        response = _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert calendar_server.paths == [SECRET_PATH]
    assert _intervals(person) == EXPECTED
    calendar = BusyCalendar.objects.get(user=person)
    assert calendar.fetched_at == NOW and calendar.problem == ""
    # Nothing but times is kept: no title, description, place or attendee anywhere.
    assert {f.name for f in BusyInterval._meta.get_fields()} == {"id", "calendar", "start", "end"}


@pytest.mark.django_db
def test_the_page_shows_the_address_only_by_its_host_and_last_characters(
    person, world, calendar_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
        page = _mine(world, person)

    assert "127.0.0.1/….ics" in page
    assert "private-5f3e9a17c2b4" not in page and "ana%40example.org" not in page
    assert "9 busy times ahead" in page
    calendar = BusyCalendar.objects.get(user=person)
    assert "private" not in str(calendar) and "127.0.0.1" not in str(calendar)


@pytest.mark.django_db
def test_a_refused_address_is_not_written_back_into_the_page(person, world):
    url = "https://10.1.2.3/private-5f3e9a17c2b4/basic.ics"
    response = client_for(person).post(
        reverse("mentoring:busy-calendar-save", args=[world.program.slug]), {"url": url}
    )
    assert response.status_code == 422
    assert "private-5f3e9a17c2b4" not in response.content.decode()
    # Nor into an error report, should the page fail.
    cleansed = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert "private-5f3e9a17c2b4" not in str(cleansed)


@pytest.mark.django_db
def test_reading_the_calendar_logs_nothing_of_the_address(
    person, world, calendar_server, django_capture_on_commit_callbacks, caplog
):
    calendar_server.status = 500
    with caplog.at_level(logging.DEBUG):
        _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    assert BusyCalendar.objects.get(user=person).problem == "status"
    assert "private-5f3e9a17c2b4" not in caplog.text


# --- The guard ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/basic.ics",
        "https://localhost/basic.ics",
        "https://192.168.1.20/basic.ics",
        "https://[::1]/basic.ics",
        "https://169.254.169.254/latest/meta-data",
        "http://127.0.0.1:8000/basic.ics",
    ],
)
def test_an_address_on_this_machine_or_a_private_network_is_refused_by_default(
    person, world, url, django_capture_on_commit_callbacks
):
    """No override: the suite's own settings keep the guard closed to private hosts."""
    response = _save(world, person, url, django_capture_on_commit_callbacks, language="es")
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "La dirección debe ser un servidor público de internet, no de una red privada." in page
        or "La dirección debe empezar por https://." in page
    )
    assert not BusyCalendar.objects.exists()


@pytest.mark.django_db
def test_plain_http_to_a_public_host_is_refused(person, world, django_capture_on_commit_callbacks):
    response = _save(
        world, person, "http://calendar.example.org/x.ics", django_capture_on_commit_callbacks
    )
    assert response.status_code == 422
    assert "The address must start with https://." in response.content.decode()


@pytest.mark.django_db
def test_webcal_addresses_are_read_over_https(person, monkeypatch):
    monkeypatch.setattr(outbound, "public_addresses", lambda host: ["17.253.144.10"])
    calendar = services.busy_calendar_set(
        user=person, url="  webcal://p42-caldav.icloud.com/published/2/MTIzNDU2Nzg5  "
    )
    assert calendar.url == "https://p42-caldav.icloud.com/published/2/MTIzNDU2Nzg5"
    assert calendar.shown == "p42-caldav.icloud.com/…Nzg5"


@pytest.mark.django_db
def test_a_name_that_turns_private_after_it_was_saved_is_not_read(person, monkeypatch):
    """DNS rebinding: public when saved, this machine when read. Nothing connects."""
    answers = iter(
        [[(2, 1, 6, "", ("93.184.216.34", 0))]] + [[(2, 1, 6, "", ("127.0.0.1", 0))]] * 9
    )
    monkeypatch.setattr(outbound.socket, "getaddrinfo", lambda *a, **k: next(answers))
    connected = []
    monkeypatch.setattr(outbound.socket, "create_connection", lambda *a, **k: connected.append(a))
    calendar = services.busy_calendar_set(user=person, url="https://calendar.example.org/b.ics")

    assert services.busy_calendar_refresh(calendar_id=calendar.pk) == "refused"
    assert connected == []


# --- Limits ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("declared", [True, False])
def test_a_calendar_over_the_size_limit_is_not_read(
    person, world, calendar_server, settings, declared, django_capture_on_commit_callbacks
):
    settings.BUSY_CALENDAR_MAX_BYTES = len(CALENDAR) - 1
    calendar_server.length = declared  # without Content-Length the reader counts the bytes
    _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    calendar = BusyCalendar.objects.get(user=person)
    assert calendar.problem == "too_large" and calendar.fetched_at is None
    assert _intervals(person) == []


@pytest.mark.django_db
@pytest.mark.parametrize("slow", ["pause", "drip"])
def test_a_calendar_over_the_time_limit_is_given_up(
    person, world, calendar_server, settings, slow, django_capture_on_commit_callbacks
):
    """A server that does not answer, or drips its answer a byte at a time, is left after the
    limit for the whole download (not per read)."""
    settings.BUSY_CALENDAR_TIMEOUT_SECONDS = 1
    if slow == "pause":
        calendar_server.pause = 6
    else:
        calendar_server.drip = 0.05  # each byte well within the limit, the whole far over it
    began = time.monotonic()
    _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    assert time.monotonic() - began < 4.5  # the limit is 1 s; room for a busy machine
    assert BusyCalendar.objects.get(user=person).problem == "timeout"


@pytest.mark.django_db
def test_a_failed_read_keeps_the_busy_times_of_the_last_good_one_and_says_why(
    person, world, calendar_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    calendar_server.body = b"<html><body>Sign in to see this calendar</body></html>"
    calendar = BusyCalendar.objects.get(user=person)
    with time_machine.travel(NOW + dt.timedelta(hours=5), tick=False):
        assert services.busy_calendar_refresh(calendar_id=calendar.pk) == "not_calendar"
        page = _mine(world, person)
    assert _intervals(person) == EXPECTED
    assert "the address does not give a calendar" in page


@pytest.mark.django_db
def test_a_redirect_is_followed_through_the_guard(
    person, world, calendar_server, django_capture_on_commit_callbacks
):
    calendar_server.redirects[SECRET_PATH] = "/moved/basic.ics"
    with time_machine.travel(NOW, tick=False):
        _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    assert calendar_server.paths == [SECRET_PATH, "/moved/basic.ics"]
    assert _intervals(person) == EXPECTED


@pytest.mark.django_db
def test_where_a_redirect_leads_goes_through_the_guard_again(
    person, world, calendar_server, django_capture_on_commit_callbacks
):
    # Plain http to a host off this machine is refused even where this machine is allowed.
    calendar_server.redirects[SECRET_PATH] = "http://calendar.example.org/basic.ics"
    _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    assert BusyCalendar.objects.get(user=person).problem == "refused"


# --- Refreshing, replacing, removing -----------------------------------------------------------


@pytest.mark.django_db
def test_the_hourly_run_reads_each_address_again_every_few_hours(
    person, world, calendar_server, settings, django_capture_on_commit_callbacks
):
    assert busy_calendars_refresh_task in hooks.daily_tasks()
    settings.BUSY_CALENDAR_REFRESH_HOURS = 4
    with time_machine.travel(NOW, tick=False):
        _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        assert busy_calendars_refresh_task.call() == 0
    assert len(calendar_server.paths) == 1
    # Four hours on, the first Monday has passed: the window moves with the clock.
    with time_machine.travel(NOW + dt.timedelta(days=4, hours=4), tick=False):
        assert busy_calendars_refresh_task.call() == 1
    assert len(calendar_server.paths) == 2
    assert _intervals(person) == EXPECTED[1:]


@pytest.mark.django_db
def test_a_new_address_replaces_the_old_one_and_its_busy_times(
    person, world, calendar_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
        calendar_server.body = CALENDAR.replace(b"COUNT=6", b"COUNT=1")
        _save(
            world, person, calendar_server.base + "/other.ics", django_capture_on_commit_callbacks
        )
    assert BusyCalendar.objects.filter(user=person).count() == 1
    assert BusyCalendar.objects.get(user=person).url.endswith("/other.ics")
    # One Monday left, and the moved one (its override stands on its own).
    assert _intervals(person) == EXPECTED[:2] + EXPECTED[5:]


@pytest.mark.django_db
def test_removing_the_address_deletes_it_and_its_busy_times(
    person, world, calendar_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        _save(world, person, calendar_server.url, django_capture_on_commit_callbacks)
    BusyCalendar.objects.create(user=world.mentor, url="https://x.example/a.ics", next_fetch_at=NOW)
    assert _intervals(person)

    response = client_for(person).post(
        reverse("mentoring:busy-calendar-remove", args=[world.program.slug])
    )

    assert response.status_code == 302
    assert not BusyCalendar.objects.filter(user=person).exists()
    assert not BusyInterval.objects.exists()
    assert BusyCalendar.objects.filter(user=world.mentor).exists()  # only one's own
    page = _mine(world, person)
    assert "Remove the address" not in page and "Save the address" in page


@pytest.mark.django_db
def test_an_address_removed_while_it_is_read_leaves_nothing_behind(person, monkeypatch):
    calendar = BusyCalendar.objects.create(
        user=person, url="https://calendar.example.org/b.ics", next_fetch_at=NOW
    )

    def download(url):
        services.busy_calendar_remove(user=person)
        return CALENDAR

    monkeypatch.setattr(services, "_busy_calendar_download", download)
    with time_machine.travel(NOW, tick=False):
        assert services.busy_calendar_refresh(calendar_id=calendar.pk) == "skipped"
    assert not BusyInterval.objects.exists()


@pytest.mark.django_db
def test_busy_times_are_read_for_several_people_in_one_query(
    person, world, django_assert_num_queries
):
    from puente.mentoring.selectors import busy_times

    calendar = BusyCalendar.objects.create(
        user=person, url="https://a.example/a", next_fetch_at=NOW
    )
    BusyInterval.objects.create(calendar=calendar, start=EXPECTED[0][0], end=EXPECTED[0][1])
    BusyInterval.objects.create(calendar=calendar, start=EXPECTED[1][0], end=EXPECTED[1][1])
    with django_assert_num_queries(1):
        found = busy_times(
            [person, world.mentor], start=NOW, end=EXPECTED[0][1] + dt.timedelta(hours=1)
        )
    assert found == {person.pk: [EXPECTED[0]], world.mentor.pk: []}
