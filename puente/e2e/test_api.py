"""The API's pages in a real browser: the tokens page (from the profile) and the Swagger UI docs,
which must run under the real Content-Security-Policy (no inline script)."""

import re

from playwright.sync_api import Browser, expect

from puente.conftest import PASSWORD
from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.factories import MembershipFactory, ProgramFactory, UserFactory


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/programs/$"))


def test_tokens_page_and_docs_under_the_content_security_policy(
    browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="api-csp", name="Programa API")
    coordinator = UserFactory(email="coordinadora@example.org", language="en")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    context = browser.new_context()  # no bypass_csp: the policy applies
    page = context.new_page()
    violations: list[str] = []
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, live_server.url, coordinator.email)

    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="API tokens").click()
    page.fill("input[name=name]", "Hoja de indicadores")
    page.get_by_role("button", name="Create token").click()
    key = page.locator("#new-token code").inner_text()
    assert key.startswith("pte_")
    expect(page.locator("tbody")).to_contain_text("Hoja de indicadores")
    screenshot(page, "api-tokens")

    page.goto(f"{live_server.url}/api/docs/")
    header = page.context.request.get(f"{live_server.url}/api/docs/").headers
    assert "script-src 'self'" in header["content-security-policy"]
    # Swagger UI rendered the schema's operations (it fetched /api/schema/ with the session).
    expect(page.locator(".opblock").first).to_be_visible(timeout=15000)
    expect(page.locator("#swagger-ui")).to_contain_text("/api/v1/programs/{slug}/relationships/")
    screenshot(page, "api-docs")
    assert violations == []
    assert errors == []
    context.close()


def test_tokens_page_is_accessible(page, live_server, transactional_db) -> None:
    person = UserFactory(email="mentora@example.org", language="en")
    _sign_in(page, live_server.url, person.email)
    page.goto(f"{live_server.url}/me/api-tokens/")
    check_accessibility(page)
