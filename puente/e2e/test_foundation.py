"""A coordinator signs in, creates a program with a wave and a track, and finds it in the list."""

import re

from playwright.sync_api import Page, expect

from puente.conftest import PASSWORD
from puente.e2e.conftest import check_accessibility
from puente.factories import OrganizationFactory, UserFactory
from puente.programs.models import Program


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    check_accessibility(page)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/programs/$"))


def test_coordinator_creates_program_with_wave_and_track(
    page: Page, live_server, transactional_db
) -> None:
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Lucía Ramírez")
    organization = OrganizationFactory(name="Comunidad Código Abierto", slug="cca")
    organization.admins.add(coordinator)

    page.goto(live_server.url)
    check_accessibility(page)
    sign_in(page, live_server.url, coordinator.email)
    check_accessibility(page)

    page.click("a[href='/programs/new/']")
    check_accessibility(page)
    page.fill("#id_name", "Mentoría para líderes")
    page.fill("#id_purpose", "Acompañar a quienes empiezan a liderar equipos.")
    page.select_option("#id_format", "group")
    page.fill("#id_starts_on", "2027-02-01")
    page.fill("#id_ends_on", "2027-07-31")
    page.fill("#id_ends_on", "2026-01-01")  # first a mistake: ends before it starts
    page.click("main form button[type=submit]")
    # The form comes back with the error next to the field and keeps what was typed.
    expect(page.locator(".has-error #id_ends_on")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Mentoría para líderes")
    check_accessibility(page)
    page.fill("#id_ends_on", "2027-07-31")
    page.click("main form button[type=submit]")

    expect(page).to_have_url(re.compile(r"/p/mentoria-para-lideres/edit/$"))
    page.fill("#id_wave-name", "Ola 1")
    page.fill("#id_wave-starts_on", "2027-02-01")
    page.fill("#id_wave-ends_on", "2027-04-30")
    page.click("#waves button[type=submit]")
    expect(page.locator("#waves li")).to_contain_text("Ola 1")
    page.fill("#id_track-name", "Liderar equipos")
    page.click("#tracks button[type=submit]")
    expect(page.locator("#tracks li")).to_contain_text("Liderar equipos")
    check_accessibility(page)

    page.click("header a[href='/programs/']")
    card = page.locator("#program-list li", has_text="Mentoría para líderes")
    expect(card).to_be_visible()
    check_accessibility(page)

    program = Program.objects.get(slug="mentoria-para-lideres")
    assert [w.name for w in program.waves.all()] == ["Ola 1"]
    assert [t.name for t in program.tracks.all()] == ["Liderar equipos"]
    assert program.memberships.filter(user=coordinator, role="coordinator").exists()

    card.locator("a").click()
    expect(page.locator("#role-counts")).to_be_visible()
    check_accessibility(page)
