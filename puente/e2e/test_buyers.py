"""A coordinator adds a corporate buyer with its requirements per focus area and links a
business to it (in Spanish, on a computer); the business's mentor then reads the business and
its buyer on one page before the first meeting, downloads it as a PDF and measures the plan
against another buyer, the gap re-drawn in place (in English, on a 375 px phone)."""

import re
from decimal import Decimal

from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import (
    BusinessProfileFactory,
    MembershipFactory,
    ProgramFactory,
    UserFactory,
    WaveFactory,
)
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import SessionPlan
from puente.plans import services as plans
from puente.plans.models import AreaQuestion, AreaTarget
from puente.programs.models import BuyerOrganization
from puente.recruitment.models import Application
from puente.recruitment.tests.helpers import make_call_with_rubric, submitted_application

PHONE = {"width": 375, "height": 740}


def test_coordinator_adds_a_buyer_and_the_mentor_reads_the_business_and_its_buyer(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedoras", name="Mujeres Proveedoras")
    wave = WaveFactory(program=program, number=1)
    coordinator = UserFactory(
        email="coordinadora@example.org", full_name="Marcela Cifuentes", language="es"
    )
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentor_user = UserFactory(email="mentor@example.org", full_name="Jorge Mentor", language="en")
    mentor = MembershipFactory(user=mentor_user, program=program, role=Role.MENTOR, wave=wave)
    owner = UserFactory(email="rosa@example.org", full_name="Rosa Quispe", language="es")
    mentee = MembershipFactory(user=owner, program=program, role=Role.MENTEE, wave=wave)
    BusinessProfileFactory(
        owner=owner,
        legal_name="Dulces Doña Rosa SAS",
        economic_activity="Panadería y repostería",
        city="Cali",
        years_operating=6,
        women_owned=True,
    )
    call = make_call_with_rubric(program, by=coordinator, wave=wave)
    application = submitted_application(
        call, email=owner.email, goals="Quiero venderle a una cadena de supermercados."
    )
    Application.objects.filter(pk=application.pk).update(membership=mentee)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    (relationship,) = mentoring.relationships_from_matches(program=program)
    instrument = plans.assessment_setup(
        program=program, template_key="business-gap-assessment", by=coordinator
    )
    areas = {m.question_key: m.focus_area for m in AreaQuestion.objects.all()}
    # A second buyer, already there, to measure the plan against later.
    hotels = plans.buyer_save(
        program=program,
        buyer=None,
        name="Cadena Hotelera Mar Azul",
        requirements={areas["quality_certifications"].pk: (Decimal(4), "Muestras aprobadas")},
    )
    plan = plans.plan_open(relationship=relationship, mentee=mentee)
    assessment = plans.assessment_start(plan=plan, instrument=instrument)
    for side, by in (("mentee", owner), ("mentor", mentor_user)):
        plans.assessment_answer(
            assessment=assessment,
            side=side,
            by=by,
            cleaned={key: 2 for key in areas},
            submit=True,
        )

    # --- The coordinator adds the buyer (Spanish, computer) ---------------------------------
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/")
    page.locator("nav.program-nav").get_by_role("link", name="Compradores").click()
    expect(page.locator("h1")).to_have_text("Compradores corporativos")
    page.click("#add-buyer")
    form = page.locator("#buyer-form")
    form.get_by_label("Nombre").fill("Supermercados El Trigal")
    form.get_by_label("Sector").fill("Comercio minorista de alimentos")
    form.get_by_label("Ubicación").fill("Colombia y Ecuador")
    form.get_by_label("Qué compra").fill("Salsas, conservas y panadería para 48 tiendas.")
    form.get_by_label("Cómo elige a sus proveedores").fill(
        "Facturación electrónica; entregas a tiempo del 95 %; pago a 60 días."
    )
    registration, quality = areas["formal_registration"], areas["quality_certifications"]
    for area, level, words in (
        (registration, "5", "RUT y cámara de comercio vigentes; factura electrónica."),
        (quality, "4.5", "Registro sanitario vigente y visita de calidad aprobada."),
    ):
        group = form.locator(f"#requirement-{area.pk}")
        group.get_by_label("Nivel exigido").fill(level)
        group.get_by_label("Qué pide").fill(words)
    form.get_by_label(re.compile("Dulces Doña Rosa SAS")).check()
    check_accessibility(page)
    page.evaluate(f"document.getElementById('requirement-{registration.pk}').scrollIntoView()")
    path = screenshot(page, "buyers-form")
    page.evaluate(f"document.getElementById('requirement-{registration.pk}').scrollIntoView()")
    page.screenshot(path=str(path))
    form.locator("button[type=submit]").click()

    buyer = BuyerOrganization.objects.get(name="Supermercados El Trigal")
    card = page.locator(f"#buyer-{buyer.pk}")
    expect(card).to_contain_text("1 empresa apunta a este comprador")
    expect(card).to_contain_text("requisitos en 2 áreas")
    assert AreaTarget.objects.get(buyer=buyer, focus_area=quality).level == Decimal("4.5")
    plan.refresh_from_db()
    assert plan.buyer == buyer  # its plan was measured against no buyer: now this one
    check_accessibility(page)
    screenshot(page, "buyers-list")

    # --- The mentor reads the business and its buyer (English, phone) -----------------------
    phone = browser.new_context(bypass_csp=True, locale="en-US", viewport=PHONE)
    mentor_page = phone.new_page()
    sign_in(mentor_page, live_server.url, mentor_user.email)
    mentor_page.goto(f"{live_server.url}/p/{program.slug}/mentoring/{relationship.pk}/")
    mentor_page.click("#characterization-link")
    expect(mentor_page.locator("h1")).to_have_text("Dulces Doña Rosa SAS")
    expect(mentor_page.locator("#business")).to_contain_text("Panadería y repostería")
    expect(mentor_page.locator("#application")).to_contain_text(
        "Quiero venderle a una cadena de supermercados."
    )
    expect(mentor_page.locator("#buyer")).to_contain_text("Its buyer: Supermercados El Trigal")
    gap = mentor_page.locator("#characterization-gap")
    expect(gap).to_contain_text("Registro sanitario vigente y visita de calidad aprobada.")
    check_accessibility(mentor_page)
    assert mentor_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(mentor_page, "characterization")
    with mentor_page.expect_download() as download:
        mentor_page.click("#characterization-pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    # Measured against the hotels instead: the gap section is re-drawn in place (htmx).
    mentor_page.goto(f"{live_server.url}/p/{program.slug}/plans/{relationship.pk}/{mentee.pk}/")
    expect(mentor_page.locator("#gap-buyer")).to_contain_text("Supermercados El Trigal")
    table = mentor_page.locator("#gap-table")
    expect(table).to_contain_text("RUT y cámara de comercio vigentes")
    mentor_page.evaluate("window.marker = 'kept'")  # gone if the whole page reloads
    choice = mentor_page.locator("form.buyer-choice")
    choice.get_by_label("Cadena Hotelera Mar Azul").check()
    choice.get_by_label("Measure the gap against the requirements of").select_option(
        label="Cadena Hotelera Mar Azul"
    )
    choice.locator("button[type=submit]").click()
    expect(mentor_page.locator("#gap-buyer")).to_contain_text("Cadena Hotelera Mar Azul")
    expect(mentor_page.locator("#gap-table")).to_contain_text("Muestras aprobadas")
    expect(mentor_page.locator("#gap-table")).not_to_contain_text("RUT y cámara de comercio")
    assert mentor_page.evaluate("window.marker") == "kept"
    plan.refresh_from_db()
    assert plan.buyer == hotels
    assert set(mentee.buyers.all()) == {buyer, hotels}
    check_accessibility(mentor_page)
    assert mentor_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()
