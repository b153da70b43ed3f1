"""The coordinator reads a round's data-quality flags, resolves one with a corrected value and
sees the indicator count the answer again; the page's screenshot for the guide."""

from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

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
from puente.instruments.services import instrument_from_template, version_publish
from puente.monitoring import quality, services
from puente.monitoring.models import RoundInvitation
from puente.monitoring.quality_models import QualityFlag

NAMES = ["Yolanda Caicedo", "Rosa Mamani", "Carmen Quispe", "Lucía Torres", "Ana Vélez"]
BUSINESSES = ["Textiles Yolanda", "Dulces Rosa", "Café Quispe", "Torres Limpieza", "Vélez Catering"]
BASELINE = [1200, 25, 900, 1500, 800]
ENDLINE = [1400, 3100, 64000, 1700, 950]


def _program():
    today = timezone.localdate()
    program = ProgramFactory(slug="proveedoras", name="Mujeres proveedoras")
    wave = WaveFactory(program=program, number=1, name="Cohorte 1")
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Lucía Ramírez")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    people = []
    for n, (name, business) in enumerate(zip(NAMES, BUSINESSES, strict=True)):
        user = UserFactory(email=f"empresaria{n}@example.org", full_name=name, city="Cali")
        BusinessProfileFactory(owner=user, legal_name=business)
        MembershipFactory(user=user, program=program, role=Role.MENTEE, wave=wave)
        people.append(user)
    # A second account of Carmen Quispe's business.
    twin = UserFactory(email="cafe.quispe@example.org", full_name="Carmen Q.", city="Cali")
    BusinessProfileFactory(owner=twin, legal_name="CAFÉ QUISPE")
    MembershipFactory(user=twin, program=program, role=Role.MENTEE, wave=wave)
    rounds = {}
    for kind, sales in (("baseline", BASELINE), ("endline", ENDLINE)):
        survey = instrument_from_template(program=program, template_key=f"{kind}-survey")
        version_publish(version=survey.versions.get(), by=coordinator)
        round_ = services.round_open(
            program=program,
            wave=wave,
            kind=kind,
            instrument=survey,
            roles=[Role.MENTEE],
            by=coordinator,
            today=today,
            notify=False,
        )
        quality.rule_save(
            round_=round_,
            data={"kind": "range", "question_key": "monthly_sales", "max_value": Decimal(50000)},
            by=coordinator,
        )
        answering = [*people, twin] if kind == "endline" else people
        for user, value in zip(answering, [*sales, 1000], strict=False):
            services.round_answer(
                invitation=RoundInvitation.objects.get(round=round_, user=user),
                cleaned={
                    "confidence": 3,
                    "formally_registered": "yes",
                    "po_process": "no",
                    "sold_to_corporate": "no",
                    "corporate_sales": 0,
                    "monthly_sales": value,
                },
            )
        rounds[kind] = round_
    services.indicator_save(
        program=program,
        data={
            "name": "Ventas mensuales",
            "computation": "answer_mean",
            "question_key": "monthly_sales",
            "unit": "USD",
        },
    )
    return program, coordinator, rounds["endline"]


def test_coordinator_resolves_a_flag_and_the_indicator_counts_the_answer(
    page: Page, live_server, transactional_db
) -> None:
    program, coordinator, endline = _program()
    quality.round_check(round_=endline)
    base = f"{live_server.url}/p/{program.slug}"
    sign_in(page, live_server.url, coordinator.email)

    page.goto(f"{base}/monitoring/rounds/{endline.pk}/")
    page.click("#round-quality-link")
    open_flags = page.locator("#quality-open")
    expect(open_flags).to_contain_text("64,000 is outside")
    expect(open_flags).to_contain_text("against 25 at the baseline")  # over 100 times
    expect(open_flags).to_contain_text("Carmen Q.")  # the second account of the business
    check_accessibility(page)
    screenshot(page, "monitoring-quality")

    page.goto(f"{base}/monitoring/indicators/")
    expect(page.locator(".left-out")).to_contain_text("answers left out")

    flag = QualityFlag.objects.get(round=endline, kind="out_of_range")
    page.goto(f"{base}/monitoring/rounds/{endline.pk}/quality/")
    card = page.locator(f"#quality_flag-{flag.pk}")
    card.locator("summary").click()
    card.locator("input[value='resolved']").check()
    card.locator("input[name$='corrected_value']").fill("6400")
    card.locator("button[type=submit]").click()
    # Without a note, nothing is decided and what was typed stays.
    card = page.locator(f"#quality_flag-{flag.pk}")
    expect(card.locator("input[name$='corrected_value']")).to_have_value("6400")
    card.locator("textarea").fill("Confirmado por teléfono: 6.400")
    card.locator("button[type=submit]").click()
    expect(page.locator("#quality-decided")).to_contain_text("Confirmado por teléfono")
    expect(page.locator("#quality-decided")).to_contain_text("corrected to 6,400")
    check_accessibility(page)
    flag.refresh_from_db()
    assert (flag.status, flag.corrected_value) == ("resolved", Decimal(6400))
