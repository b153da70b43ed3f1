"""A mentee opens My data, downloads it, asks to be erased; the coordinator erases them."""

import re

from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory
from puente.privacy.models import ErasureRecord, ErasureRequest


def test_mentee_asks_to_be_erased_and_the_coordinator_erases(
    page: Page, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedores", name="Proveedores que crecen")
    mentee = UserFactory(email="mentee@example.org", full_name="Rosa Quispe", language="es")
    coordinator = UserFactory(email="coordina@example.org", full_name="Lucía Ramírez")
    MembershipFactory(user=mentee, program=program, role=Role.MENTEE)
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)

    sign_in(page, live_server.url, mentee.email)
    page.goto(f"{live_server.url}/me/")
    page.click("a[href='/me/data/']")
    expect(page).to_have_url(re.compile(r"/me/data/$"))
    with page.expect_download() as download:
        page.click("button[value=xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.fill("textarea[name=reason]", "Dejo el programa")
    page.fill("input[name=password]", "correct-horse-battery")
    check_accessibility(page)
    screenshot(page, "privacy-my-data")
    page.click("form[action='/me/data/erasure/'] button[type=submit]")
    expect(page.locator("form[action='/me/data/erasure/withdraw/']")).to_be_visible()
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.PENDING

    page.context.clear_cookies()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/privacy/requests/")
    expect(page.locator("main table")).to_contain_text("Rosa Quispe")
    check_accessibility(page)
    screenshot(page, "privacy-requests")
    page.check("input[name=confirm]")
    page.click("main table button[type=submit]")
    expect(page.locator("main table")).to_contain_text("Persona eliminada")
    assert ErasureRecord.objects.filter(user_id_erased=mentee.pk).exists()
