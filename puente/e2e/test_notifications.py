"""A tutor opens Notifications from the profile, turns the weekly digest off and sees it saved."""

import re

from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory
from puente.notifications.models import NotificationPreference


def test_tutor_turns_the_weekly_digest_off(page: Page, live_server, transactional_db) -> None:
    program = ProgramFactory(slug="proveedores", name="Proveedores que crecen")
    tutor = UserFactory(email="tutora@example.org", full_name="Paula Tutora", language="es")
    MembershipFactory(user=tutor, program=program, role=Role.TUTOR)

    sign_in(page, live_server.url, tutor.email)
    page.goto(f"{live_server.url}/me/")
    page.click("a[href='/me/notifications/']")
    expect(page).to_have_url(re.compile(r"/me/notifications/$"))
    expect(page.locator("#digest-programs")).to_contain_text("Proveedores que crecen")
    digest = page.locator("input[name=weekly_digest]")
    expect(digest).to_be_checked()
    check_accessibility(page)
    screenshot(page, "notification-preferences")

    digest.uncheck()
    page.click("#notification-preferences button[type=submit]")
    expect(page).to_have_url(re.compile(r"/me/notifications/$"))
    expect(page.locator("input[name=weekly_digest]")).not_to_be_checked()
    expect(page.locator("input[name=meeting_reminders]")).to_be_checked()
    check_accessibility(page)
    assert NotificationPreference.objects.get(user=tutor).weekly_digest is False
