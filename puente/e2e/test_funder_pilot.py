"""A pilot from day one: the coordinator creates the indicator pack in one click, a baseline round
opens and three of eight businesses answer; the funder (observer) opens the dashboard on a phone,
in Spanish and in English, and reads each indicator with why its figure is not there yet."""

import datetime as dt
import re

from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.monitoring import packs, services
from puente.monitoring.models import RoundInvitation
from puente.programs.models import FocusArea, Program

PHONE = {"width": 375, "height": 740}
ANSWER = {
    "confidence": 2,
    "formally_registered": "yes",
    "po_process": "no",
    "sold_to_corporate": "no",
    "corporate_sales": 0,
    "monthly_sales": 1200,
}


def _pilot():
    program = ProgramFactory(
        slug="piloto-proveedoras",
        name="Piloto Mujeres Proveedoras",
        format=Program.Format.ONE_TO_ONE,
    )
    FocusArea.objects.create(program=program, name="Finanzas", kind=FocusArea.Kind.BUSINESS)
    wave = WaveFactory(program=program, number=1, name="Piloto")
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    funders = {}
    for language in ("es", "en"):
        funders[language] = UserFactory(email=f"banco-{language}@example.org", language=language)
        MembershipFactory(user=funders[language], program=program, role=Role.OBSERVER)
    for n in range(8):
        MembershipFactory(
            user=UserFactory(full_name=f"Empresaria {n}"),
            program=program,
            role=Role.MENTEE,
            wave=wave,
        )
    return program, wave, coordinator, funders


def _screenshot_of(page: Page, selector: str, name: str) -> None:
    """The viewport with ``selector`` at its top (the user guide's picture of that part)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).evaluate("node => node.scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_funder_reads_a_new_pilots_indicators_on_a_phone(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program, wave, coordinator, funders = _pilot()
    base = f"{live_server.url}/p/{program.slug}"

    # Day one: the coordinator creates the pack of a supplier program in one click.
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{base}/monitoring/indicators/")
    expect(page.locator("#pack-suppliers")).to_be_checked()
    check_accessibility(page)
    screenshot(page, "monitoring-indicator-pack")
    page.click("#pack-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/monitoring/indicators/$"))
    expect(page.locator(".messages")).to_contain_text("6 indicadores")
    expect(page.locator("section.indicator")).to_have_count(6)
    expect(page.locator("a.to-fill")).to_have_count(6)
    assert program.indicators.filter(target__isnull=True).count() == 6

    # The baseline round opens with the pack's survey; three of the eight have answered.
    survey = program.instruments.get()
    round_ = services.round_open(
        program=program,
        wave=wave,
        kind="baseline",
        instrument=survey,
        roles=[Role.MENTEE],
        by=coordinator,
        today=dt.datetime.now(dt.UTC).date(),
        notify=False,
    )
    for invitation in RoundInvitation.objects.filter(round=round_).order_by("pk")[:3]:
        services.round_answer(invitation=invitation, cleaned=ANSWER)

    for language, waiting, later, target in (
        (
            "es",
            "Han respondido 3 de 8: aparece cuando respondan 5.",
            "Aún no hay ronda: aparece cuando la hayan respondido 5 personas.",
            "meta por definir",
        ),
        (
            "en",
            "3 of 8 answered so far: appears when 5 have answered.",
            "No round yet: appears once 5 people have answered it.",
            "target to fill in",
        ),
    ):
        phone = browser.new_context(
            bypass_csp=True, locale="es-ES" if language == "es" else "en-GB", viewport=PHONE
        )
        funder = phone.new_page()
        sign_in(funder, live_server.url, funders[language].email)
        funder.goto(f"{base}/")
        funder.locator(f"nav.program-nav a[href$='/p/{program.slug}/dashboard/']").click()
        expect(funder).to_have_url(re.compile(r"/dashboard/$"))
        section = funder.locator("#indicators")
        # Shipped indicators, unedited since, read in the reader's language (Indicator.shown_name).
        with translation.override(language):
            names = [str(spec.name) for spec in packs.get("suppliers").indicators]
        expect(section.locator("h3")).to_have_text(names)
        # Each indicator's "All" row: the baseline waits for answers, the later rounds for
        # their round; the change has nothing to compare.
        for row in section.locator("table.indicator-table tbody tr").all():
            expect(row.locator("td").nth(0)).to_have_text(waiting)
            expect(row.locator("td").nth(1)).to_have_text(later)
            expect(row.locator("td").nth(2)).to_have_text(later)
        expect(section.locator(".to-fill")).to_have_count(6)
        expect(section.locator(".to-fill").first).to_have_text(target)
        # The funder edits nothing: the words carry no link.
        expect(section.locator("a.to-fill")).to_have_count(0)
        check_accessibility(funder)
        # Nothing wider than the phone but the tables, which scroll inside their frames.
        assert funder.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if language == "es":
            _screenshot_of(funder, "#indicators", "funder-dashboard-pilot")
        phone.close()
