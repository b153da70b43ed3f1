"""A coordinator starts a form from a template, adapts it with htmx, publishes and previews it."""

import re

from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility
from puente.e2e.test_foundation import sign_in
from puente.factories import FocusAreaFactory, MembershipFactory, ProgramFactory, UserFactory
from puente.instruments.models import Instrument


def test_coordinator_builds_publishes_and_previews_a_form(
    page: Page, live_server, transactional_db
) -> None:
    coordinator = UserFactory(email="coordinadora@example.org", language="en")
    program = ProgramFactory(slug="piloto", name="Programa piloto")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    FocusAreaFactory(program=program, name="Finanzas")

    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/piloto/forms/")
    check_accessibility(page)
    page.get_by_label(re.compile(r"Screening rubric \(")).check()
    page.click("text=Create from the template")
    expect(page.locator("#questions li")).to_have_count(5)
    check_accessibility(page)

    # A mistake first: the form comes back in place, with the error and what was typed.
    page.select_option("#id_new-type", "single_choice")
    page.fill("#id_new-key", "recommend")
    page.fill("#id_new-label", "¿Lo recomendarías?")
    page.fill("#id_new-options", "Sí | Yes")
    page.click("#question-add button[type=submit]")
    expect(page.locator(".has-error #id_new-options")).to_be_visible()
    expect(page.locator("#id_new-label")).to_have_value("¿Lo recomendarías?")
    check_accessibility(page)
    page.fill("#id_new-options", "Sí | Yes\nNo | No")
    page.click("#question-add button[type=submit]")
    expect(page.locator("#questions li")).to_have_count(6)
    expect(page.locator("#questions li").last).to_contain_text("¿Lo recomendarías?")
    expect(page.locator("#id_new-label")).to_have_value("")

    # Move it up one place, then rename it in place.
    page.locator("#questions li").last.get_by_role("button", name=re.compile("Move up")).click()
    expect(page.locator("#questions li").nth(4)).to_contain_text("¿Lo recomendarías?")
    page.locator("#questions li").nth(4).get_by_role("link", name=re.compile("Edit")).click()
    edit_label = page.locator("#questions li").nth(4).locator("input[name$='-label']")
    edit_label.fill("¿Recomendarías el programa?")
    page.locator("#questions li").nth(4).get_by_role("button", name="Save question").click()
    expect(page.locator("#questions li").nth(4)).to_contain_text("¿Recomendarías el programa?")
    check_accessibility(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#questions li").first.get_by_role("button", name=re.compile("Delete")).click()
    expect(page.locator("#questions li")).to_have_count(5)

    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_role("button", name="Edit (creates version 2)")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Preview").first.click()
    expect(page.locator("div.scale").first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Check as submitted").click()
    expect(page.locator(".has-error").first).to_be_visible()

    instrument = Instrument.objects.get(program=program)
    version = instrument.versions.get()
    assert version.is_published
    assert "recommend" in list(version.questions.values_list("key", flat=True))
