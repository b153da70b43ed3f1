"""The pages work under the real Content-Security-Policy (the other browser tests bypass it to
inject axe-core): htmx swaps happen and the browser reports no policy violation."""

import re

from playwright.sync_api import Browser, expect

from puente.conftest import PASSWORD
from puente.core.permissions import Role
from puente.factories import MembershipFactory, ProgramFactory, UserFactory


def test_htmx_works_under_the_content_security_policy(
    browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="csp", name="Programa CSP")
    coordinator = UserFactory(email="coordinadora@example.org")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    for n in range(3):
        MembershipFactory(
            program=program,
            role=Role.MENTOR,
            user=UserFactory(email=f"m{n}@example.org", full_name=f"Mentora {n}"),
        )
    context = browser.new_context()  # no bypass_csp: the policy applies
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    header = page.context.request.get(f"{live_server.url}/accounts/login/").headers
    assert "script-src 'self'" in header["content-security-policy"]
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/programs/$"))

    page.goto(f"{live_server.url}/p/{program.slug}/edit/")
    page.fill("#id_track-name", "Liderar equipos")
    page.click("#tracks button[type=submit]")
    expect(page.locator("#tracks li")).to_contain_text("Liderar equipos")
    # Swapped in place by htmx (a full page load would show the message at the top instead).
    expect(page.locator("#tracks [role=status]")).to_be_visible()
    expect(page.locator(".messages")).to_have_count(0)

    page.goto(f"{live_server.url}/p/{program.slug}/people/")
    page.fill("input[name=q]", "Mentora 2")
    expect(page.locator("#directory-results tbody tr")).to_have_count(1)
    assert violations == []
    context.close()
