"""Meetings that schedule themselves (issue 16): a mentor offers three of the times Puente
proposes, the mentee picks one from the email's link, both get an invitation that a second ICS
parser (vobject) reads as REQUEST with the video link; the mentor moves it by offering again and
SEQUENCE rises; cancelling sends CANCEL.

It also measures what agreeing a meeting costs (issue 16, item 6): the emails sent and the
clicks (and fields typed) of each side, in the old flow (the mentor types a date and time, the
other side confirms) and with offered times, and prints them (the user guide quotes them)."""

import re

import vobject
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import PASSWORD, sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.matching.models import Match
from puente.mentoring import services, venues
from puente.mentoring.models import Meeting, MeetingVenue, SessionPlan


def _invitations(method: str) -> dict[str, vobject.base.Component]:
    """The calendar invitations of the emails sent so far, by recipient, read by vobject."""
    found = {}
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/calendar":
                calendar = vobject.readOne(content)
                if calendar.method.value == method:
                    found[message.to[0]] = calendar
    return found


def test_a_meeting_agreed_by_offered_times_then_moved_and_cancelled(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedores", name="Proveedores que crecen")
    wave = WaveFactory(program=program, number=1)
    mentor_user = UserFactory(
        email="mentora@example.org",
        full_name="Lucía Mentora",
        language="es",
        time_zone="America/Bogota",
    )
    mentee_user = UserFactory(
        email="emprendedor@example.org",
        full_name="Raúl Emprendedor",
        language="es",
        time_zone="Europe/Madrid",
    )
    mentor = MembershipFactory(user=mentor_user, program=program, role=Role.MENTOR, wave=wave)
    mentee = MembershipFactory(user=mentee_user, program=program, role=Role.MENTEE, wave=wave)
    SessionPlan.objects.create(
        program=program, meetings=12, cadence="weekly", hours_per_meeting=1, themes=["Acuerdo"]
    )
    MeetingVenue.objects.create(program=program, mode=MeetingVenue.Mode.JITSI)
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    (relationship,) = services.relationships_from_matches(program=program)
    base = f"{live_server.url}/p/{program.slug}/mentoring/{relationship.pk}/"
    counts = {"before": {"emails": 0, "mentor": 0, "mentee": 0}}
    counts["after"] = dict(counts["before"])

    # --- After: offered times, on the next meeting (meeting 1) ----------------------------
    sign_in(page, live_server.url, mentor_user.email)
    page.goto(base)
    mail.outbox.clear()
    page.click("#next-meeting a:has-text('Proponer horarios')")
    counts["after"]["mentor"] += 1
    expect(page.locator("ul.proposals input[type=checkbox]:checked")).to_have_count(3)
    check_accessibility(page)
    screenshot(page, "scheduling-propose")
    page.click("button:has-text('Ofrecer estos horarios')")
    counts["after"]["mentor"] += 1
    expect(page.locator("#offer")).to_contain_text("Esperando que la otra parte elija uno")
    (offered,) = mail.outbox
    assert offered.to == [mentee_user.email]
    link = re.search(r"http://testserver(\S+#offer)", offered.body).group(1)

    # The mentee follows the email's link signed out: sign in, land on the offer, one click.
    context = browser.new_context(bypass_csp=True, locale="es-ES")
    mentee_page = context.new_page()
    mentee_page.goto(live_server.url + link)
    counts["after"]["mentee"] += 1
    expect(mentee_page).to_have_url(re.compile(r"/accounts/login/"))
    mentee_page.fill("input[name=login]", mentee_user.email)
    mentee_page.fill("input[name=password]", PASSWORD)
    mentee_page.click("main form button[type=submit]")
    expect(mentee_page).to_have_url(re.compile(rf"/mentoring/{relationship.pk}/"))
    expect(mentee_page.locator("#offer button.pick")).to_have_count(3)
    check_accessibility(mentee_page)
    screenshot(mentee_page, "scheduling-pick")
    # The same offer on a phone, where most people open it.
    phone = browser.new_context(
        bypass_csp=True, locale="es-ES", viewport={"width": 390, "height": 844}
    )
    phone.add_cookies(context.cookies())
    small = phone.new_page()
    small.goto(live_server.url + link)
    expect(small.locator("#offer button.pick")).to_have_count(3)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    small.locator("#next-meeting").screenshot(path=str(SCREENSHOTS / "scheduling-pick-phone.png"))
    phone.close()
    chosen = mentee_page.locator("#offer button.pick").nth(1)
    mail.outbox.clear()
    chosen.click()
    counts["after"]["mentee"] += 1
    expect(mentee_page.locator("main")).to_contain_text("quedó confirmada para todos")
    counts["after"]["emails"] = 1 + len(mail.outbox)
    meeting = Meeting.objects.get(relationship=relationship, number=1)
    assert meeting.confirmed_by == mentee_user and meeting.starts_at is not None
    room = venues.where(meeting).url
    assert room.startswith("https://")
    requests = _invitations("REQUEST")
    assert set(requests) == {mentor_user.email, mentee_user.email}
    for calendar in requests.values():
        event = calendar.vevent
        assert room in event.location.value
        assert event.dtstart.value.astimezone(meeting.starts_at.tzinfo) == meeting.starts_at
    first_sequence = int(requests[mentee_user.email].vevent.sequence.value)

    # --- The mentor moves it: offers again, the mentee picks, SEQUENCE rises ---------------
    page.goto(base)
    mail.outbox.clear()
    page.click("#next-meeting a:has-text('Proponer nuevos horarios')")
    page.click("button:has-text('Ofrecer estos horarios')")
    expect(page.locator("#offer")).to_contain_text("Esperando que la otra parte elija uno")
    # The new email's link (a new page load: the same address as the page already open).
    (again,) = [m for m in mail.outbox if m.to == [mentee_user.email]]
    assert link in again.body
    mentee_page.goto(live_server.url + link)
    mentee_page.reload()
    mentee_page.locator("#offer button.pick").first.click()
    expect(mentee_page.locator("main")).to_contain_text("quedó confirmada para todos")
    moved = Meeting.objects.get(pk=meeting.pk)
    assert moved.starts_at != meeting.starts_at
    requests = _invitations("REQUEST")
    assert set(requests) == {mentor_user.email, mentee_user.email}
    for calendar in requests.values():
        assert int(calendar.vevent.sequence.value) > first_sequence
        assert room in calendar.vevent.location.value

    # --- Before: the old flow on meeting 2 (the mentor types the time, the mentee confirms) --
    page.goto(base)
    mail.outbox.clear()
    row = page.locator("#meeting-2")
    row.locator("summary").click()
    counts["before"]["mentor"] += 1
    row.locator("input[name='m2-starts']").fill("10:00")
    row.locator("input[name='m2-ends']").fill("11:00")
    counts["before"]["mentor"] += 2
    row.locator("form.move-form button[type=submit]").click()
    counts["before"]["mentor"] += 1
    expect(page.locator("main")).to_contain_text("Reunión 2")
    (asked,) = mail.outbox
    assert asked.to == [mentee_user.email]
    mentee_page.goto(base + "#meeting-2")
    mentee_page.reload()
    counts["before"]["mentee"] += 1
    mentee_page.locator("form[action$='/meetings/2/confirm/'] button[type=submit]").click()
    counts["before"]["mentee"] += 1
    expect(mentee_page.locator("main")).to_contain_text("Reunión 2")
    counts["before"]["emails"] = len(mail.outbox)
    assert Meeting.objects.get(relationship=relationship, number=2).confirmed_at is not None

    # --- Cancelling meeting 1 (taking its time away) sends CANCEL --------------------------
    mail.outbox.clear()
    page.goto(base)
    row = page.locator("#meeting-1")
    row.locator("summary").click()
    row.locator("input[name='m1-starts']").fill("")
    row.locator("input[name='m1-ends']").fill("")
    row.locator("form.move-form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Reunión 1")
    cancels = _invitations("CANCEL")
    assert set(cancels) == {mentor_user.email, mentee_user.email}
    for calendar in cancels.values():
        assert int(calendar.vevent.sequence.value) > first_sequence
    context.close()

    print(
        "\nagreeing a meeting: "
        + " ".join(
            f"{flow}: emails={c['emails']} mentor_clicks={c['mentor']} "
            f"mentee_clicks={c['mentee']} total_clicks={c['mentor'] + c['mentee']};"
            for flow, c in counts.items()
        )
    )
    before, after = counts["before"], counts["after"]
    assert after["emails"] <= before["emails"]
    assert after["mentor"] + after["mentee"] <= before["mentor"] + before["mentee"]
    assert (before, after) == (
        {"emails": 3, "mentor": 4, "mentee": 2},
        {"emails": 3, "mentor": 2, "mentee": 2},
    )
