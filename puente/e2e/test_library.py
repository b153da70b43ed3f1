"""A new mentor sees the onboarding prompt, reads the manual and confirms it; the coordinator
sees the confirmation."""

import re

from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.library.models import Audience, Kind, ManualConfirmation, Resource, Stage


def test_new_mentor_confirms_the_onboarding_manual(
    page: Page, browser: Browser, live_server, transactional_db, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    program = ProgramFactory(slug="proveedoras", name="Mujeres proveedoras")
    wave = WaveFactory(program=program, number=1, name="Ola 1")
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentor = UserFactory(email="mentora@example.org", full_name="Lucía Mentora", language="es")
    MembershipFactory(user=mentor, program=program, role=Role.MENTOR, wave=wave)
    manual = Resource.objects.create(
        program=program,
        title="Manual de bienvenida para mentoras",
        kind=Kind.MANUAL,
        audience=Audience.MENTORS,
        stage=Stage.ONBOARDING,
        body="Propósito del programa.\n\nMetodología: doce reuniones semanales.\n\n"
        "Calendario, expectativas y cultura.",
        is_onboarding_manual=True,
    )
    for title, kind, stage in [
        ("Guía de la primera reunión", Kind.GUIDE, Stage.FIRST_MEETING),
        ("Dinámica: pitch ante un comprador", Kind.SESSION_DYNAMIC, Stage.DURING),
    ]:
        Resource.objects.create(
            program=program,
            title=title,
            kind=kind,
            audience=Audience.EVERYONE,
            stage=stage,
            body="Paso a paso.",
        )
    Resource.objects.create(
        program=program,
        title="Plantilla de informe mensual",
        kind=Kind.TEMPLATE,
        audience=Audience.MENTORS,
        stage=Stage.DURING,
        url="https://plantillas.example.org/informe",
    )

    sign_in(page, live_server.url, mentor.email)
    page.goto(f"{live_server.url}/p/{program.slug}/")
    prompt = page.locator("#onboarding-prompt")
    expect(prompt).to_be_visible()
    check_accessibility(page)
    prompt.get_by_role("link", name=manual.title).click()
    expect(page).to_have_url(re.compile(rf"/toolkit/{manual.pk}/$"))
    expect(page.locator("#resource-body")).to_contain_text("doce reuniones semanales")
    check_accessibility(page)
    screenshot(page, "library-manual")

    # Sending without ticking the box keeps the form with an error next to it.
    page.locator("#manual-confirmation button[type=submit]").click()
    expect(page.locator("#manual-confirmation .errorlist")).to_be_visible()
    page.locator("#manual-confirmation input[name=read]").check()
    page.locator("#manual-confirmation button[type=submit]").click()
    expect(page.locator("#manual-confirmation .message.success")).to_be_visible()
    assert ManualConfirmation.objects.filter(user=mentor, resource=manual).count() == 1

    page.goto(f"{live_server.url}/p/{program.slug}/")
    expect(page.locator("#onboarding-prompt")).to_have_count(0)
    page.goto(f"{live_server.url}/p/{program.slug}/toolkit/")
    expect(page.locator("#toolkit")).to_contain_text("Plantilla de informe mensual")

    context = browser.new_context(
        bypass_csp=True, locale="es-ES", viewport={"width": 1280, "height": 900}
    )
    other = context.new_page()
    sign_in(other, live_server.url, coordinator.email)
    other.goto(f"{live_server.url}/p/{program.slug}/toolkit/")
    expect(other.locator("#toolkit")).to_contain_text(manual.title)
    check_accessibility(other)
    screenshot(other, "library-toolkit")
    other.goto(f"{live_server.url}/p/{program.slug}/toolkit/confirmations/")
    wave_row = other.locator(f"#manual-{manual.pk}-wave-1")
    expect(wave_row).to_contain_text("Lucía Mentora")
    check_accessibility(other)
    screenshot(other, "library-confirmations")
    context.close()
