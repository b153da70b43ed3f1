"""Two settings the user guide shows (issue 16): the coordinator chooses how pairs meet (a Jitsi
room per meeting), and a mentee gives the private address of her own calendar, which Puente reads
at once from a real HTTP server on this machine and shows back only masked, with the busy times
it found ahead; the proposals then avoid them."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.mentoring.models import BusyInterval, MeetingVenue, SessionPlan
from puente.mentoring.tests.test_busy_calendars import SECRET_PATH, CalendarServer


def _weekly_calendar(today: dt.date) -> bytes:
    """A calendar from the coming weeks (built from today, so the test never depends on the
    date): ten Monday meetings at 9:00 in Bogotá, the second one taken off with an EXDATE."""
    monday = today + dt.timedelta(days=7 - today.weekday())
    second = monday + dt.timedelta(days=7)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Prueba//ES\r\n"
        "BEGIN:VEVENT\r\nUID:comite@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=America/Bogota:{monday:%Y%m%d}T090000\r\n"
        f"DTEND;TZID=America/Bogota:{monday:%Y%m%d}T100000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=10\r\n"
        f"EXDATE;TZID=America/Bogota:{second:%Y%m%d}T090000\r\n"
        "SUMMARY:Comité de gerencia\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_the_coordinator_chooses_jitsi_and_a_mentee_gives_her_calendar(
    page: Page, live_server, transactional_db, settings
) -> None:
    settings.BUSY_CALENDAR_ALLOW_PRIVATE = True
    settings.JITSI_URL = "https://meet.jit.si"
    program = ProgramFactory(slug="proveedores", name="Proveedores que crecen")
    wave = WaveFactory(program=program, number=1)
    coordinator = UserFactory(
        email="coordina@example.org", full_name="Marta Coordina", language="es"
    )
    mentee = UserFactory(
        email="emprendedora@example.org",
        full_name="Raquel Emprendedora",
        language="es",
        time_zone="America/Bogota",
    )
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    MembershipFactory(user=mentee, program=program, role=Role.MENTEE, wave=wave)
    SessionPlan.objects.create(program=program, meetings=12, cadence="weekly", hours_per_meeting=2)

    # The coordinator: every meeting in a Jitsi room of its own.
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/session-plans/")
    venue = page.locator("#venue")
    venue.get_by_label("Una sala de Jitsi Meet propia para cada reunión").check()
    venue.locator("button[type=submit]").click()
    expect(page.locator(".messages, [role=status]").first).to_be_visible()
    assert MeetingVenue.objects.get(program=program).mode == MeetingVenue.Mode.JITSI
    expect(page.locator("#venue input[value=jitsi]")).to_be_checked()
    check_accessibility(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#venue").screenshot(path=str(SCREENSHOTS / "meeting-venue.png"))
    page.context.clear_cookies()

    # The mentee: her own calendar's private address, read at once, shown masked.
    calendar = CalendarServer()
    calendar.body = _weekly_calendar(timezone.localdate())
    try:
        sign_in(page, live_server.url, mentee.email)
        page.goto(f"{live_server.url}/p/{program.slug}/mentoring/")
        section = page.locator("#busy-calendar")
        section.locator("input[name=url]").fill(calendar.url)
        section.locator("button:has-text('Guardar la dirección')").click()
        shown = page.locator("#busy-calendar-shown")
        expect(shown).to_be_visible()
        assert "private-5f3e9a17c2b4" not in page.content()
        assert calendar.paths == [SECRET_PATH]
        assert BusyInterval.objects.filter(calendar__user=mentee).count() == 9
        expect(page.locator("#busy-calendar")).to_contain_text("9 franjas ocupadas")
        assert "Comité" not in page.content()
        check_accessibility(page)
        page.locator("#busy-calendar").screenshot(path=str(SCREENSHOTS / "busy-calendar.png"))
    finally:
        calendar.close()
