"""A mentor logs a held meeting and the plan's progress moves; the coordinator's board shows it."""

import re

from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.matching.models import Match
from puente.mentoring import services
from puente.mentoring.models import Meeting, SessionPlan


def test_mentor_logs_a_held_meeting(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedores", name="Proveedores que crecen")
    wave = WaveFactory(program=program, number=1)
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentor_user = UserFactory(email="mentora@example.org", full_name="Lucía Mentora", language="es")
    mentor = MembershipFactory(user=mentor_user, program=program, role=Role.MENTOR, wave=wave)
    mentee = MembershipFactory(
        user=UserFactory(email="emprendedor@example.org", full_name="Raúl Emprendedor"),
        program=program,
        role=Role.MENTEE,
        wave=wave,
    )
    SessionPlan.objects.create(
        program=program, meetings=12, span_weeks=16, themes=["Presentaciones y acuerdo"]
    )
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    (relationship,) = services.relationships_from_matches(program=program)
    progress = f"#progress-{relationship.pk}"

    sign_in(page, live_server.url, mentor_user.email)
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/")
    check_accessibility(page)
    before = page.locator(progress).inner_text()
    assert re.search(r"\b0\b", before)
    page.click(f"#my-relationships a[href$='/mentoring/{relationship.pk}/']")
    expect(page).to_have_url(re.compile(rf"/mentoring/{relationship.pk}/$"))
    check_accessibility(page)

    meeting = page.locator("#meeting-1")
    status = page.locator("#meeting-1 .meeting-status")
    planned = status.inner_text()
    # The meeting's forms are not on the page: opening it loads them (htmx).
    expect(meeting.locator("form.log-form")).to_have_count(0)
    meeting.locator("summary").click()
    expect(meeting.locator("form.log-form")).to_be_visible()
    meeting.locator("input[name='m1-held'][value='yes']").check()
    meeting.locator("input[name='m1-duration_minutes']").fill("90")
    meeting.locator("textarea[name='m1-topics']").fill("Metas del negocio y acuerdo")
    meeting.locator("input[name='m1-attended']").first.check()
    check_accessibility(page)
    meeting.locator("form.log-form button[type=submit]").click()
    expect(status).not_to_have_text(planned)
    assert relationship.meetings.get(number=1).status == Meeting.Status.HELD
    check_accessibility(page)
    screenshot(page, "mentoring-relationship")

    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/")
    after = page.locator(progress).inner_text()
    assert after != before
    assert re.search(r"\b1\b", after)

    context = browser.new_context(bypass_csp=True, locale="es-ES")
    board = context.new_page()
    sign_in(board, live_server.url, coordinator.email)
    board.goto(f"{live_server.url}/p/{program.slug}/mentoring/board/")
    expect(board.locator("#relationship-board")).to_contain_text("Lucía Mentora")
    assert board.locator(progress).inner_text() == after
    check_accessibility(board)
    screenshot(board, "mentoring-board")
    context.close()


def test_a_proposed_time_is_confirmed_by_the_other_side(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="reverse-mentoring", name="Mentoría inversa")
    wave = WaveFactory(program=program, number=1)
    junior = UserFactory(email="junior@example.org", full_name="Ana Junior", language="es")
    executive = UserFactory(
        email="directora@example.org", full_name="Marta Directora", language="es"
    )
    mentor = MembershipFactory(user=junior, program=program, role=Role.MENTOR, wave=wave)
    mentee = MembershipFactory(user=executive, program=program, role=Role.MENTEE, wave=wave)
    SessionPlan.objects.create(program=program, meetings=10, span_weeks=26)
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    (relationship,) = services.relationships_from_matches(program=program)
    url = f"{live_server.url}/p/{program.slug}/mentoring/{relationship.pk}/"

    # The junior mentor proposes a time for the first session.
    sign_in(page, live_server.url, junior.email)
    page.goto(url)
    meeting = page.locator("#meeting-1")
    meeting.locator("summary").click()
    day = relationship.meetings.get(number=1).planned_on.isoformat()
    meeting.locator("input[name='m1-on']").fill(day)
    meeting.locator("input[name='m1-starts']").fill("17:30")
    meeting.locator("input[name='m1-ends']").fill("18:30")
    meeting.locator("form.move-form button[type=submit]").click()
    # The first meeting is the next one: the page leads with it and its proposed time.
    confirmation = page.locator("#next-meeting .meeting-confirmation")
    expect(confirmation).to_contain_text("Ana Junior")
    expect(confirmation.locator("button")).to_have_count(0)  # not for the one who proposed

    # The executive confirms it.
    context = browser.new_context(bypass_csp=True, locale="es-ES")
    other = context.new_page()
    sign_in(other, live_server.url, executive.email)
    other.goto(url)
    theirs = other.locator("#next-meeting .meeting-confirmation")
    check_accessibility(other)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    other.locator("#next-meeting").screenshot(
        path=str(SCREENSHOTS / "mentoring-meeting-confirm.png")
    )
    theirs.locator("button[type=submit]").click()
    expect(other.locator("#next-meeting .meeting-confirmation")).to_contain_text("Marta Directora")
    check_accessibility(other)
    confirmed = relationship.meetings.get(number=1)
    assert confirmed.confirmed_by == executive and confirmed.proposed_by == junior
    context.close()
