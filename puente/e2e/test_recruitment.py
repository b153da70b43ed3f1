"""A stranger applies through the public page, a reviewer scores, the coordinator accepts, and
the new mentee appears in the program's directory."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from puente.conftest import PASSWORD
from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import (
    FocusAreaFactory,
    MembershipFactory,
    ProgramFactory,
    UserFactory,
    WaveFactory,
)
from puente.instruments.services import instrument_from_template, version_publish
from puente.recruitment import services
from puente.recruitment.models import Application


def test_apply_review_accept_and_join(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="mujeres-proveedoras", name="Mujeres Proveedoras")
    wave = WaveFactory(program=program, number=3, name="Ola 3")
    area = FocusAreaFactory(program=program, name="Finanzas y flujo de caja", kind="business")
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Rosa Coordinadora")
    reviewer = UserFactory(email="revisora@example.org", full_name="Inés Revisora")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    MembershipFactory(user=reviewer, program=program, role=Role.REVIEWER)
    form = instrument_from_template(program=program, template_key="business-application")
    version_publish(version=form.versions.get(), by=coordinator)
    rubric = instrument_from_template(program=program, template_key="screening-rubric")
    version_publish(version=rubric.versions.get(), by=coordinator)
    call = services.call_create(
        program=program,
        wave=wave,
        title="Ola 3: empresas de mujeres",
        slug="ola-3",
        introduction="Buscamos empresas lideradas por mujeres.",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
        confirmation_message="Gracias: respondemos en enero.",
        is_published=True,
        forms={Role.MENTEE: form},
        rubric=rubric,
    )

    # 1. A stranger applies, in Spanish, without an account.
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    check_accessibility(page)
    screenshot(page, "call-public-page")
    page.fill("input[name=email]", "maria@tienda.example")
    page.click("#apply button[type=submit]")
    expect(page).to_have_url(re.compile(r"/calls/ola-3/sent/$"))
    link = re.search(r"http://testserver(/calls/\S+)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    check_accessibility(page)
    page.fill("#id_answers-full_name", "María Quiñones")
    page.fill("#id_answers-legal_name", "Confecciones Quiñones SAS")
    page.fill("#id_answers-economic_activity", "Confección de uniformes")
    page.fill("#id_answers-city", "Tumaco")
    page.fill("#id_answers-years_operating", "6")
    page.fill("#id_answers-employees", "9")
    page.check("input[name=answers-women_owned][value=yes]")
    page.check("input[name=answers-formal][value=yes]")
    page.check("input[name=answers-sold_to_corporates][value=no]")
    page.check(f"input[name=answers-focus_areas][value='{area.pk}']")
    page.check("input[name=answers-hours][value='2']")
    page.check("input[name=answers-availability][value='tue-morning']")
    page.check("input[name=answers-availability][value='thu-afternoon']")
    screenshot(page, "application-form")
    page.click("button[value=submit]")
    expect(page.locator("#application-status")).to_be_visible()
    check_accessibility(page)
    application = Application.objects.get(email="maria@tienda.example")
    assert application.status == Application.Status.SUBMITTED

    # 2. The coordinator assigns it to the reviewer.
    coordinator_page = browser.new_context(bypass_csp=True).new_page()
    sign_in(coordinator_page, live_server.url, coordinator.email, PASSWORD)
    coordinator_page.goto(f"{live_server.url}/p/{program.slug}/calls/{call.pk}/applications/")
    check_accessibility(coordinator_page)
    coordinator_page.check(f"#pick-{application.pk}")
    coordinator_page.select_option("#bulk-form select[name=reviewer]", str(reviewer.pk))
    coordinator_page.click("#bulk-form button[value=assign]")
    expect(coordinator_page.locator(".messages")).to_be_visible()

    # 3. The reviewer scores it, blind to others.
    sign_in(page, live_server.url, reviewer.email, PASSWORD)
    page.goto(f"{live_server.url}/p/{program.slug}/reviews/")
    check_accessibility(page)
    page.click("text=María Quiñones")
    check_accessibility(page)
    for key, score in (("fit", "5"), ("engagement", "4"), ("experience", "4"), ("demand", "3")):
        page.check(f"input[name=review-{key}][value='{score}']")
    screenshot(page, "review-form")
    page.click("button[value=submit]")
    expect(page).to_have_url(re.compile(r"/reviews/$"))
    check_accessibility(page)
    review = application.reviews.get()
    assert review.completed_at is not None
    assert review.total == 85  # (3×5 + 2×4 + 2×4 + 1×3) / (5 × 8) = 34/40
    # 4. The coordinator accepts; the person joins the program.
    coordinator_page.reload()
    expect(coordinator_page.locator("#application-results")).to_contain_text("María Quiñones")
    screenshot(coordinator_page, "application-list")
    coordinator_page.check(f"#pick-{application.pk}")
    coordinator_page.click("#bulk-form button[value=accepted]")
    check_accessibility(coordinator_page)
    coordinator_page.click("main form button[type=submit]")
    expect(coordinator_page.locator(".messages")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert mail.outbox[-1].to == ["maria@tienda.example"]
    assert re.search(r"http://testserver/accounts/link/\S+", mail.outbox[-1].body)

    coordinator_page.goto(f"{live_server.url}/p/{program.slug}/people/?role=mentee")
    expect(coordinator_page.locator("#directory-results")).to_contain_text("María Quiñones")
    check_accessibility(coordinator_page)
