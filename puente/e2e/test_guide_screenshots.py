"""Walk through the demo as each role and take the user guide's screenshots (docs/screenshots)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in

DEMO_PASSWORD = "puente-demo-2026"
COMMUNITY = "mentoria-codigo-abierto"


@pytest.fixture
def demo(transactional_db) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_coordinator_pages(page: Page, live_server, demo) -> None:
    sign_in(page, live_server.url, "coordinadora.comunidad@demo.puente.example", DEMO_PASSWORD)
    screenshot(page, "my-programs")
    page.goto(f"{live_server.url}/p/{COMMUNITY}/")
    expect(page.locator("#role-counts .stat").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "coordinator-program-home")

    page.goto(f"{live_server.url}/p/{COMMUNITY}/people/?role=mentor")
    expect(page.locator("#directory-results tbody tr").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "directory")

    page.goto(f"{live_server.url}/p/{COMMUNITY}/edit/")
    check_accessibility(page)
    screenshot(page, "program-setup")

    page.goto(f"{live_server.url}/p/{COMMUNITY}/people/invite/")
    check_accessibility(page)
    screenshot(page, "invite")

    page.goto(f"{live_server.url}/p/{COMMUNITY}/forms/")
    check_accessibility(page)
    screenshot(page, "forms-list")
    page.locator("main table a").first.click()
    check_accessibility(page)
    screenshot(page, "form-builder")

    page.goto(f"{live_server.url}/p/{COMMUNITY}/calls/")
    check_accessibility(page)
    screenshot(page, "calls")
    page.locator("#call-list a", has_text="Applications").or_(
        page.locator("#call-list a", has_text="Postulaciones")
    ).first.click()
    expect(page.locator("#application-results tbody tr").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "demo-applications")


def test_reviewer_pages(page: Page, live_server, demo) -> None:
    sign_in(page, live_server.url, "revisor.comunidad@demo.puente.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/{COMMUNITY}/reviews/")
    check_accessibility(page)
    screenshot(page, "reviews")


def test_mentee_pages(page: Page, live_server, demo) -> None:
    sign_in(page, live_server.url, "empresaria.proveedoras@demo.puente.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/mujeres-proveedoras/")
    check_accessibility(page)
    screenshot(page, "mentee-program-home")
    page.goto(f"{live_server.url}/me/")
    check_accessibility(page)
    screenshot(page, "profile")
    page.goto(f"{live_server.url}/me/edit/")
    check_accessibility(page)


def test_reverse_mentoring_run(page: Page, live_server, demo) -> None:
    from puente.matching.models import MatchRun

    run = MatchRun.objects.filter(program__slug="mentoria-inversa", status="proposed").get()
    sign_in(page, live_server.url, "coordinadora.inversa@demo.puente.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/mentoria-inversa/matching/runs/{run.pk}/")
    first = page.locator(".proposal").first
    first.locator("summary").click()
    expect(first.locator(".explanation li").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "matching-reverse-run")


def test_coordinator_mentoring_course(page: Page, live_server, demo) -> None:
    """Session plans, and a relationship paused with its reason and history."""
    proveedoras = "mujeres-proveedoras"
    sign_in(page, live_server.url, "coordinadora.proveedoras@demo.puente.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/{proveedoras}/mentoring/session-plans/")
    expect(page.locator(".session-plan").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "session-plans")
    page.goto(f"{live_server.url}/p/{proveedoras}/mentoring/board/?status=paused")
    page.locator("#relationship-board tbody a").first.click()
    expect(page.locator(".status-history li")).to_have_count(1)
    page.locator("#status summary").click()
    check_accessibility(page)
    screenshot(page, "relationship-status")
