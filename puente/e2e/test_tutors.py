"""A coordinator assigns a tutor after the relationships were made: the board names the tutor,
and the tutor opens their caseload (on a phone too) with the last contact and the risk flag."""

import datetime as dt

from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.matching.models import Match
from puente.mentoring import services
from puente.mentoring.models import Meeting, RiskFlag, SessionPlan


def test_a_tutor_assigned_later_shows_on_the_board_and_follows_their_caseload(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedoras-ii", name="Proveedoras II", tutor_caseload=10)
    wave = WaveFactory(program=program, number=1)
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    tutor_user = UserFactory(email="tutora@example.org", full_name="Inés Tutora", language="es")
    MembershipFactory(user=tutor_user, program=program, role=Role.TUTOR, wave=wave)
    names = [("Lucía Mentora", "Raúl Emprendedor"), ("Marta Mentora", "Sara Empresaria")]
    for index, (mentor_name, mentee_name) in enumerate(names):
        mentor = MembershipFactory(
            user=UserFactory(full_name=mentor_name), program=program, role=Role.MENTOR, wave=wave
        )
        mentee = MembershipFactory(
            user=UserFactory(full_name=mentee_name, city="Barranquilla" if index else "Cali"),
            program=program,
            role=Role.MENTEE,
            wave=wave,
        )
        Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    first, second = services.relationships_from_matches(program=program)
    Meeting.objects.filter(relationship=first, number=1).update(
        status=Meeting.Status.HELD, planned_on=first.starts_on
    )
    RiskFlag.objects.create(
        relationship=second,
        reason=RiskFlag.Reason.NO_CONTACT,
        month=second.starts_on.replace(day=1),
        raised_on=second.starts_on + dt.timedelta(days=3),
    )

    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/board/")
    board = page.locator("#relationship-board")
    expect(board).not_to_contain_text("Inés Tutora")
    page.goto(f"{live_server.url}/p/{program.slug}/matching/tutors/")
    page.locator("form[action$='/tutors/assign/'] button[type=submit]").click()
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/board/")
    expect(page.locator(f"#relationship-{first.pk}")).to_contain_text("Inés Tutora")
    expect(page.locator(f"#relationship-{second.pk}")).to_contain_text("Inés Tutora")
    check_accessibility(page)

    phone = browser.new_context(
        bypass_csp=True, locale="es-ES", viewport={"width": 375, "height": 740}
    )
    tutor = phone.new_page()
    sign_in(tutor, live_server.url, tutor_user.email)
    tutor.goto(f"{live_server.url}/p/{program.slug}/")
    tutor.get_by_role("link", name="Mis casos").click()
    caseload = tutor.locator(".caseload")
    expect(caseload).to_contain_text("2 de 10 mentees")
    expect(caseload).to_contain_text("1 relación en riesgo")
    expect(caseload.locator("[data-tutoring] >> text=Raúl Emprendedor")).to_be_visible()
    expect(caseload).to_contain_text("Aún sin reuniones realizadas")
    check_accessibility(tutor)
    # Nothing wider than the phone's screen but the table, which scrolls inside its frame.
    assert tutor.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(tutor, "mentoring-caseload")
    phone.close()
