"""A mentor opens her relationship's page on a phone (375 px), in Spanish and in English: it
leads with the next meeting, the other side's name is the title, the timeline shows what was
held, the meeting's forms load when opened (htmx, under the real Content-Security-Policy) and
still work without JavaScript; the time zone is chosen by country and city. In a circle, each
mentee confirms the agreement herself."""

import re

from playwright.sync_api import Browser, Page, expect

from puente.conftest import PASSWORD, build_world
from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match
from puente.mentoring import services
from puente.mentoring.models import Meeting
from puente.tests.relationships import lived_relationship

PHONE = {"width": 375, "height": 740}


def _world():
    world = build_world()
    world.program.name = "Proveedores que crecen"
    world.program.save()
    for person, name in ((world.mentor, "Lucía Mentora"), (world.mentee, "Ana Empresaria")):
        person.full_name, person.language = name, "es"
        person.save()
    return world


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_mentor_reads_what_is_next_on_a_phone_in_spanish_and_english(
    browser: Browser, live_server, transactional_db
) -> None:
    world = _world()
    relationship, upcoming = lived_relationship(world)
    url = f"{live_server.url}/p/{world.program.slug}/mentoring/{relationship.pk}/"
    context = browser.new_context(bypass_csp=True, locale="es-ES", viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, world.mentor.email)
    page.goto(url)

    # The title names the mentee; the page leads with the next meeting, its time, what was
    # agreed last time and the plan's open actions.
    expect(page.locator("h1")).to_have_text("Relación con Raúl Emprendedor")
    lead = page.locator("#next")
    expect(lead.locator("h3").first).to_have_text(f"Próxima: reunión {upcoming.number}")
    expect(lead).to_contain_text("Enviar la ficha técnica al comprador")
    expect(lead.locator("#plan-open-actions li")).to_have_count(5)
    expect(page.locator("#progress svg title").first).to_have_text("Reuniones en el tiempo")
    expect(page.locator("#progress-" + str(relationship.pk))).to_contain_text("3 realizadas")
    assert page.locator("option").count() == 0  # no time-zone list on the page
    _fits_the_phone(page)
    check_accessibility(page)
    screenshot(page, "mentoring-relationship-phone")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    lead.screenshot(path=str(SCREENSHOTS / "mentoring-next-phone.png"))
    page.locator("#progress").screenshot(path=str(SCREENSHOTS / "mentoring-timeline-phone.png"))

    # Opening a meeting loads its forms; the time zone is searched by country or city.
    meeting = page.locator(f"#meeting-{upcoming.number}")
    meeting.locator("summary").click()
    move = meeting.locator("form.move-form")
    expect(move).to_be_visible()
    search = move.locator("input[type=search]")
    expect(search).to_be_visible()
    search.fill("lima")
    zone = move.locator("select[name$='time_zone']")
    assert zone.input_value() == "America/Lima"
    expect(move.locator(".zone-search [role=status]")).to_contain_text("Perú — Lima")
    _fits_the_phone(page)
    check_accessibility(page)
    move.screenshot(path=str(SCREENSHOTS / "mentoring-meeting-forms-phone.png"))

    # The same page in English.
    page.goto(url)
    page.locator(".lang-switch button[value=en]").click()
    expect(page.locator("h1")).to_have_text("Relationship with Raúl Emprendedor")
    expect(page.locator("#next h3").first).to_have_text(f"Next: meeting {upcoming.number}")
    _fits_the_phone(page)
    check_accessibility(page)
    screenshot(page, "mentoring-relationship-phone-en")
    context.close()


def test_without_javascript_a_meeting_is_logged_from_its_own_page(
    browser: Browser, live_server, transactional_db
) -> None:
    world = _world()
    relationship, upcoming = lived_relationship(world)
    context = browser.new_context(java_script_enabled=False, locale="es-ES", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", world.mentor.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.goto(f"{live_server.url}/p/{world.program.slug}/mentoring/{relationship.pk}/")
    meeting = page.locator(f"#meeting-{upcoming.number}")
    meeting.locator("summary").click()
    meeting.locator(".forms-slot a").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{upcoming.number}/$"))
    prefix = f"m{upcoming.number}"
    log = page.locator("form.log-form")
    log.locator(f"input[name='{prefix}-held'][value='yes']").check()
    log.locator(f"textarea[name='{prefix}-topics']").fill("Negociamos plazos de pago")
    log.locator("button[type=submit]").click()
    # A mistake (no duration) comes back with the message and what was typed.
    expect(page.locator(f"textarea[name='{prefix}-topics']")).to_have_value(
        "Negociamos plazos de pago"
    )
    page.locator(f"input[name='{prefix}-duration_minutes']").fill("90")
    page.locator("form.log-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/mentoring/{relationship.pk}/#meeting-"))
    assert relationship.meetings.get(number=upcoming.number).status == Meeting.Status.HELD
    context.close()


def test_the_forms_load_under_the_content_security_policy(
    browser: Browser, live_server, transactional_db
) -> None:
    world = _world()
    relationship, upcoming = lived_relationship(world)
    context = browser.new_context(locale="es-ES")  # no bypass_csp: the policy applies
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", world.mentor.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.goto(f"{live_server.url}/p/{world.program.slug}/mentoring/{relationship.pk}/")
    meeting = page.locator(f"#meeting-{upcoming.number}")
    meeting.locator("summary").click()
    expect(meeting.locator("form.log-form")).to_be_visible()
    expect(meeting.locator(".zone-search input")).to_be_visible()
    assert violations == []
    context.close()


def test_in_a_circle_each_mentee_confirms_the_agreement_herself(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    world = _world()
    world.program.format = "group"
    world.program.save()
    mentor = world.program.memberships.get(role=Role.MENTOR)
    first = world.program.memberships.get(role=Role.MENTEE)
    second = MembershipFactory(
        user=UserFactory(email="berta@example.org", full_name="Berta Costurera", language="es"),
        program=world.program,
        role=Role.MENTEE,
        wave=world.wave,
    )
    for mentee in (first, second):
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    (circle,) = services.relationships_from_matches(program=world.program)
    agreement = services.agreement_save(
        relationship=circle,
        by=world.mentor,
        data={"goals": "Vender juntas a una cadena hotelera.", "frequency": "Cada dos semanas"},
    )
    services.agreement_confirm(agreement=agreement, by=world.mentor)
    url = f"{live_server.url}/p/{world.program.slug}/mentoring/{circle.pk}/"

    sign_in(page, live_server.url, world.mentee.email)
    page.goto(url + "#agreement")
    page.locator("#agreement button[type=submit]").first.click()
    confirmations = page.locator("#agreement-confirmations")
    expect(confirmations.locator("li.confirmed")).to_have_count(2)
    expect(confirmations.locator("li.pending")).to_contain_text("Berta Costurera")
    expect(page.locator("#agreement")).to_contain_text("Falta que todas las personas")

    context = browser.new_context(bypass_csp=True, locale="es-ES", viewport=PHONE)
    other = context.new_page()
    sign_in(other, live_server.url, second.user.email)
    other.goto(url + "#agreement")
    expect(other.locator("#agreement-confirmations li.pending")).to_contain_text("Berta")
    check_accessibility(other)
    other.locator("#agreement").screenshot(
        path=str(SCREENSHOTS / "mentoring-agreement-confirmations.png")
    )
    other.locator("#agreement button[type=submit]").first.click()
    expect(other.locator("#agreement")).to_contain_text("Confirmado por todas las personas")
    assert circle.agreement.is_confirmed
    context.close()
