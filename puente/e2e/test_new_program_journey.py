"""Issue 14's "done when": a new program for women-owned suppliers, run from nothing by the people
who run it, in the browser.

The organization admin creates a one-to-one program in Colombia and the home's checklist says what
comes first; she adds waves, a track and focus areas, a session plan of 12 meetings in 16 weeks
whose span holds a Colombian public holiday, and a corporate buyer with requirements per focus
area for both businesses. A mentor with 2 places is matched to the 2 businesses: confirming gives
2 pairs, not a circle; a tutor is assigned and shows on the board; the planned meetings skip the
holiday and weekends; the checklist advances as each step is done. The mentor writes the
first-meeting agreement and each mentee confirms it herself, on a 375 px phone, in Spanish and in
English: a pair's agreement is confirmed only once its mentor and its mentee have.

People join through calls (applications, review, acceptance: puente/e2e/test_recruitment.py);
here they are made with factories, as members of the first wave. Every step named above is
clicked. Dates are built from today and the holiday is found with the `holidays` package, so the
test passes on any day.
"""

import datetime as dt
import re

import holidays
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import (
    BusinessProfileFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from puente.matching.models import Match, MatchRun
from puente.mentoring.layout import ideal_days
from puente.mentoring.models import Relationship
from puente.programs.models import BuyerOrganization, Program

PHONE = {"width": 375, "height": 740}
MEETINGS, WEEKS = 12, 16


def _start_with_a_holiday(today: dt.date) -> tuple[dt.date, dt.date, int]:
    """A first day for the program, at least two weeks ahead, on an open day (a weekday that is
    not a holiday), such that the plan alone would put meeting ``index + 1`` on a Colombian
    public holiday that falls on a weekday: (start, holiday, index)."""
    closed = holidays.country_holidays("CO", years=range(today.year, today.year + 3))
    offsets = [(day - today).days for day in ideal_days(MEETINGS, today, span_weeks=WEEKS)]
    for holiday in sorted(closed):
        if holiday.isoweekday() > 5:
            continue
        for index in range(1, MEETINGS):
            start = holiday - dt.timedelta(days=offsets[index])
            if start >= today + dt.timedelta(days=14) and start.isoweekday() <= 5:
                if start not in closed:
                    return start, holiday, index
    raise AssertionError("no Colombian weekday holiday in the next three years")


def _step(page: Page, key: str):
    return page.locator(f"#step-{key}")


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_coordinator_runs_a_new_program_from_nothing(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    today = timezone.localdate()
    start, holiday, moved_index = _start_with_a_holiday(today)
    first_wave_ends = start + dt.timedelta(weeks=WEEKS + 2)
    second_wave_starts = first_wave_ends + dt.timedelta(days=1)
    ends = second_wave_starts + dt.timedelta(weeks=WEEKS + 2)

    admin = UserFactory(email="admin@banco.example", full_name="Rosa Díaz", language="es")
    organization = OrganizationFactory(name="Banco de Desarrollo", slug="banco")
    organization.admins.add(admin)

    # --- 1. The program, from nothing (Spanish, computer) -----------------------------------
    sign_in(page, live_server.url, admin.email)
    page.goto(f"{live_server.url}/programs/new/")
    page.fill("#id_name", "Mujeres proveedoras")
    page.fill("#id_purpose", "Empresas de mujeres que venden a grandes compradores.")
    page.select_option("#id_format", "one_to_one")
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", ends.isoformat())
    page.fill("#id_hours_per_week", "2")
    page.fill("#id_planned_meetings", str(MEETINGS))
    page.select_option("#id_country", "CO")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/p/mujeres-proveedoras/edit/$"))
    program = Program.objects.get(slug="mujeres-proveedoras")
    assert (program.format, program.country) == (Program.Format.ONE_TO_ONE, "CO")
    home = f"{live_server.url}/p/{program.slug}/"

    page.goto(home)
    expect(page.locator("#checklist")).to_contain_text("Próximos pasos")
    expect(_step(page, "plan")).to_have_attribute("aria-current", "step")
    expect(page.locator("#checklist li.done")).to_have_count(0)
    check_accessibility(page)

    # --- 2. Waves, a track and focus areas: the checklist moves to the session plan ---------
    _step(page, "plan").locator("a").click()
    expect(page).to_have_url(re.compile(r"/edit/#waves$"))
    for count, (name, first, last) in enumerate(
        (
            ("Cohorte 1", start, first_wave_ends),
            ("Cohorte 2", second_wave_starts, ends),
        ),
        start=1,
    ):
        page.fill("#id_wave-name", name)
        page.fill("#id_wave-starts_on", first.isoformat())
        page.fill("#id_wave-ends_on", last.isoformat())
        page.click("#waves form.inline-add button[type=submit]")
        expect(page.locator("#waves > .part-list > li")).to_have_count(count)
    page.fill("#id_track-name", "Compras corporativas")
    page.click("#tracks form.inline-add button[type=submit]")
    expect(page.locator("#tracks > .part-list > li")).to_have_count(1)
    for count, name in enumerate(("Formalización", "Calidad", "Ventas"), start=1):
        page.select_option("#id_area-kind", "business")
        page.fill("#id_area-name", name)
        page.click("#focus-areas form.inline-add button[type=submit]")
        expect(page.locator("#focus-areas > .part-list > li")).to_have_count(count)
    wave = program.waves.get(number=1)
    areas = {area.name: area for area in program.focus_areas.all()}

    page.goto(home)
    expect(_step(page, "plan")).to_have_class(re.compile(r"\bdone\b"))
    expect(_step(page, "session-plan")).to_have_attribute("aria-current", "step")
    expect(page.locator("#checklist li.done")).to_have_count(1)

    # --- 3. The session plan: 12 meetings in 16 weeks, on Colombia's open days -------------
    _step(page, "session-plan").locator("a").click()
    expect(page.locator("#calendar-rules")).to_contain_text("Colombia")
    plan = page.locator("#plan-program")
    plan.locator("#id_plan-program-meetings").fill(str(MEETINGS))
    plan.locator("#id_plan-program-span").fill(str(WEEKS))
    plan.locator("#id_plan-program-span_unit").select_option("weeks")
    plan.locator("#id_plan-program-hours_per_meeting").fill("2")
    plan.locator("#id_plan-program-themes").fill(
        "Presentaciones, expectativas y acuerdo\nDiagnóstico de la empresa frente al comprador"
    )
    plan.locator("button[type=submit]", has_text="Guardar el plan").click()
    plan = page.locator("#plan-program")
    expect(plan.locator(".commitment")).to_contain_text("12 reuniones en 16 semanas")
    # The layout of the first wave's relationships says which meeting the holiday moved.
    layout = plan.locator(".plan-layout li")
    expect(layout).to_have_count(MEETINGS)
    expect(layout.nth(moved_index)).to_contain_text("movida del")
    expect(layout.nth(moved_index)).to_contain_text(str(holiday.day))
    check_accessibility(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    plan.locator("details").screenshot(path=str(SCREENSHOTS / "journey-session-plan.png"))

    page.goto(home)
    expect(_step(page, "session-plan")).to_have_class(re.compile(r"\bdone\b"))
    expect(page.locator("#checklist li.done")).to_have_count(2)

    # --- People: a mentor with 2 places, 2 women-owned businesses, a tutor ------------------
    # (they apply and are accepted through a call in test_recruitment.py).
    mentor_user = UserFactory(
        email="lucia@example.org", full_name="Lucía Mentora", language="es", city="Bogotá"
    )
    mentor = MembershipFactory(user=mentor_user, program=program, role=Role.MENTOR, wave=wave)
    owners = []
    for email, name, business, language in (
        ("ana@example.org", "Ana Empresaria", "Arepas Doña Ana SAS", "es"),
        ("berta@example.org", "Berta Costurera", "Confecciones Berta", "en"),
    ):
        # Berta reads Puente in English but speaks Spanish too: matching needs a shared language.
        owner = UserFactory(
            email=email,
            full_name=name,
            language=language,
            spoken_languages="es,en",
            city="Bogotá",
        )
        BusinessProfileFactory(owner=owner, legal_name=business, women_owned=True, city="Bogotá")
        MembershipFactory(user=owner, program=program, role=Role.MENTEE, wave=wave)
        owners.append(owner)
    tutor_user = UserFactory(email="ines@example.org", full_name="Inés Tutora", language="es")
    MembershipFactory(user=tutor_user, program=program, role=Role.TUTOR, wave=wave)
    for membership in program.memberships.filter(role__in=[Role.MENTOR, Role.MENTEE]):
        membership.focus_areas.add(areas["Ventas"], areas["Calidad"])

    # --- 4. A corporate buyer with requirements per focus area, for both businesses --------
    page.goto(home)
    page.locator("nav.program-nav").get_by_role("link", name="Compradores").click()
    page.click("#add-buyer")
    form = page.locator("#buyer-form")
    form.get_by_label("Nombre").fill("Supermercados El Trigal")
    form.get_by_label("Sector").fill("Comercio minorista de alimentos")
    form.get_by_label("Ubicación").fill("Colombia")
    form.get_by_label("Qué compra").fill("Alimentos procesados y confección de uniformes.")
    form.get_by_label("Cómo elige a sus proveedores").fill(
        "Factura electrónica, entregas a tiempo y pago a 60 días."
    )
    for area, level, words in (
        (areas["Formalización"], "5", "RUT y cámara de comercio vigentes."),
        (areas["Calidad"], "4", "Registro sanitario y visita de calidad aprobada."),
    ):
        group = form.locator(f"#requirement-{area.pk}")
        group.get_by_label("Nivel exigido").fill(level)
        group.get_by_label("Qué pide").fill(words)
    form.get_by_label(re.compile("Arepas Doña Ana SAS")).check()
    form.get_by_label(re.compile("Confecciones Berta")).check()
    form.locator("button[type=submit]").click()
    buyer = BuyerOrganization.objects.get(programs=program, name="Supermercados El Trigal")
    card = page.locator(f"#buyer-{buyer.pk}")
    expect(card).to_contain_text("2 empresas apuntan a este comprador")
    expect(card).to_contain_text("requisitos en 2 áreas")
    check_accessibility(page)

    # --- 5. Matching: a mentor with 2 places gives 2 pairs, not a circle --------------------
    page.goto(f"{live_server.url}/p/{program.slug}/matching/")
    page.fill("#id_settings-default_capacity", "2")
    page.click("form[action$='/matching/settings/'] button[type=submit]")
    expect(page.locator("#id_settings-default_capacity")).to_have_value("2")
    page.click("main form[action$='/matching/runs/'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/matching/runs/\d+/$"))
    run = MatchRun.objects.get(program=program)
    assert run.matched == 2
    assert {p.mentor_id for p in run.proposals.all()} == {mentor.pk}
    page.click("#confirm-link")  # the page that says who is emailed what
    expect(page).to_have_url(re.compile(r"/confirm/$"))
    page.click("#confirm-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/matching/matches/$"))
    expect(page.locator("#match-list tbody tr")).to_have_count(2)
    assert Match.objects.filter(program=program, mentor=mentor).count() == 2

    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/board/")
    board = page.locator("#relationship-board tbody tr")
    expect(board).to_have_count(2)
    pairs = list(Relationship.objects.filter(program=program).order_by("pk"))
    assert len(pairs) == 2
    assert all(r.kind == Relationship.Kind.PAIR and r.mentor_id == mentor.pk for r in pairs)
    assert sorted(m.user.full_name for r in pairs for m in r.mentees.all()) == [
        "Ana Empresaria",
        "Berta Costurera",
    ]
    names = {r.pk: r.mentees.get().user.full_name for r in pairs}
    for relationship in pairs:  # each row one pair: its own business, not the other
        row = page.locator(f"#relationship-{relationship.pk}")
        expect(row).to_contain_text(names[relationship.pk])
        (other,) = set(names.values()) - {names[relationship.pk]}
        expect(row).not_to_contain_text(other)

    # --- 6. The planned meetings skip Colombia's holidays and weekends ----------------------
    closed = holidays.country_holidays("CO", years=range(start.year, start.year + 2))
    for relationship in pairs:
        assert relationship.starts_on == start
        days = list(relationship.meetings.order_by("number").values_list("planned_on", flat=True))
        assert len(days) == MEETINGS and len(set(days)) == MEETINGS
        assert days == sorted(days)
        assert all(day.isoweekday() <= 5 and day not in closed for day in days), days
        assert holiday not in days
        assert abs((days[moved_index] - holiday).days) < 7  # moved to an open day near it
        assert days[-1] < start + dt.timedelta(weeks=WEEKS)

    # --- 7. A tutor, assigned, on the coordinator's board -----------------------------------
    expect(page.locator("#relationship-board")).not_to_contain_text("Inés Tutora")
    page.goto(f"{live_server.url}/p/{program.slug}/matching/tutors/")
    page.locator("form[action$='/tutors/assign/'] button[type=submit]").click()
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/board/")
    for relationship in pairs:
        expect(page.locator(f"#relationship-{relationship.pk}")).to_contain_text("Inés Tutora")
    check_accessibility(page)
    screenshot(page, "journey-two-pairs")

    # The checklist moved on: plan, session plan, matching and tutors done.
    page.goto(home)
    for key in ("plan", "session-plan", "matching", "tutors"):
        expect(_step(page, key)).to_have_class(re.compile(r"\bdone\b"))
    expect(page.locator("#checklist li.done")).to_have_count(4)
    expect(_step(page, "call")).to_have_attribute("aria-current", "step")
    check_accessibility(page)
    screenshot(page, "journey-checklist")

    # --- 8. The mentor writes the first-meeting agreement of each pair and confirms it -----
    mentor_context = browser.new_context(bypass_csp=True, locale="es-ES")
    mentor_page = mentor_context.new_page()
    sign_in(mentor_page, live_server.url, mentor_user.email)
    for relationship in pairs:
        mentee_name = relationship.mentees.get().user.full_name
        mentor_page.goto(f"{live_server.url}/p/{program.slug}/mentoring/{relationship.pk}/")
        expect(mentor_page.locator("h1")).to_have_text(f"Relación con {mentee_name}")
        agreement = mentor_page.locator("#agreement")
        agreement.locator("details.agreement-form summary").click()
        body = agreement.locator("form.agreement-form-body")
        expect(body).to_be_visible()
        body.locator("textarea[name$=goals]").fill(
            f"Que {mentee_name.split()[0]} cumpla los requisitos de Supermercados El Trigal."
        )
        body.locator("input[name$=frequency]").fill("Cada semana, martes a las 8 a. m.")
        body.locator("button[type=submit]").click()
        mentor_page.locator("#agreement button[type=submit]", has_text="Confirmo").click()
        confirmations = mentor_page.locator("#agreement-confirmations")
        expect(confirmations.locator("li.confirmed")).to_have_count(1)
        expect(confirmations.locator("li.pending")).to_contain_text(mentee_name)
        expect(mentor_page.locator("#agreement")).to_contain_text("Falta que todas las personas")
    mentor_context.close()
    for relationship in pairs:
        relationship.refresh_from_db()
        assert not relationship.agreement.is_confirmed

    # --- 9. Each mentee confirms her own pair's agreement, on a phone -----------------------
    for owner, relationship_name in zip(owners, ("Relación con", "Relationship with"), strict=True):
        relationship = Relationship.objects.get(program=program, mentees__user=owner)
        phone = browser.new_context(bypass_csp=True, locale="es-ES", viewport=PHONE)
        mentee_page = phone.new_page()
        sign_in(mentee_page, live_server.url, owner.email)
        mentee_page.goto(f"{live_server.url}/p/{program.slug}/mentoring/{relationship.pk}/")
        expect(mentee_page.locator("h1")).to_have_text(f"{relationship_name} Lucía Mentora")
        expect(mentee_page.locator("#next")).to_be_visible()
        mentee_page.locator("#agreement button[type=submit]").first.click()
        confirmations = mentee_page.locator("#agreement-confirmations")
        expect(confirmations.locator("li.confirmed")).to_have_count(2)
        expect(confirmations.locator("li.pending")).to_have_count(0)
        relationship.agreement.refresh_from_db()
        assert relationship.agreement.is_confirmed
        _fits_the_phone(mentee_page)
        check_accessibility(mentee_page)
        if owner == owners[0]:
            # Ana's confirmation is hers alone: Berta's pair still waits for Berta.
            other = Relationship.objects.exclude(pk=relationship.pk).get(program=program)
            assert not other.agreement.is_confirmed
            screenshot(mentee_page, "journey-relationship-phone")
        else:
            screenshot(mentee_page, "journey-relationship-phone-en")
        phone.close()
