"""A refused form is announced on a 375 px phone: focus lands on the error summary at its top
(after a page load and after an htmx swap), and each link there takes focus to its field."""

import datetime as dt
import re

from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory
from puente.recruitment.tests.helpers import make_call_with_rubric

PHONE = {"width": 375, "height": 740}


def test_a_refused_application_start_focuses_the_summary_and_its_links_reach_the_fields(
    page: Page, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedoras", name="Mujeres Proveedoras")
    coordinator = UserFactory(email="coordinadora@example.org")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    call = make_call_with_rubric(
        program, by=coordinator, slug="proveedoras-2027", roles=("mentee", "mentor")
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{call.get_absolute_url()}")
    # Nothing was sent yet: no summary, and focus stays where the page starts.
    expect(page.locator("[data-error-summary]")).to_have_count(0)

    page.fill("#id_email", "ana-en-ejemplo.org")
    page.locator("#apply button[type=submit]").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.locator("h2")).to_have_text("Hay un problema")
    expect(summary).to_contain_text("2 campos necesitan atención.")
    email = page.locator("#id_email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bid_email_error\b"))
    expect(page.locator("#id_email_error")).to_contain_text("correo")
    check_accessibility(page)
    path = screenshot(page, "form-error-summary")
    summary.evaluate("element => { element.scrollIntoView(); window.scrollBy(0, -16); }")
    page.screenshot(path=str(path))

    summary.get_by_role("link", name=re.compile("^Tu correo")).click()
    expect(email).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Postulo como")).click()
    expect(page.locator("#id_role_0")).to_be_focused()


def test_an_htmx_form_refused_in_place_moves_focus_to_its_summary(
    page: Page, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="lideres", name="Líderes")
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/lideres/edit/#waves")

    # A wave without its dates: the set-up page's inline form comes back refused, in place.
    page.fill("#id_wave-name", "Ola 1")
    page.fill("#id_wave-starts_on", dt.date(2027, 2, 1).isoformat())
    page.locator("#waves form.inline-add button[type=submit]").click()

    summary = page.locator("#waves [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 campo necesita atención.")
    expect(page.locator("#id_wave-name")).to_have_value("Ola 1")
    check_accessibility(page)
    summary.get_by_role("link").click()
    expect(page.locator("#id_wave-ends_on")).to_be_focused()
    expect(page.locator("#id_wave-ends_on")).to_have_attribute("aria-invalid", "true")
