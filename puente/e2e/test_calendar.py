"""A coordinator gives the program its country, declares a break and re-lays out the planned
meetings of a running relationship; the call page says what the plan asks. Dates are built from
today (the live server runs on the real clock)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.instruments.services import instrument_from_template, version_publish
from puente.matching.models import Match
from puente.mentoring import services
from puente.mentoring.models import SessionPlan
from puente.recruitment import services as recruitment


def test_a_break_and_the_countrys_holidays_move_planned_meetings_on_request(
    page: Page, live_server, transactional_db
) -> None:
    today = timezone.localdate()
    start = today + timedelta(days=14 + (7 - today.weekday()) % 7)  # a Monday, two weeks ahead
    program = ProgramFactory(
        slug="mujeres-proveedoras",
        name="Mujeres Proveedoras",
        starts_on=start,
        ends_on=start + timedelta(weeks=40),
        hours_per_week=2,
        working_days="12345",
    )
    wave = WaveFactory(program=program, number=1, name="Cohorte 1", starts_on=start)
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentor = MembershipFactory(
        user=UserFactory(full_name="Lucía Mentora"), program=program, role=Role.MENTOR, wave=wave
    )
    mentee = MembershipFactory(
        user=UserFactory(full_name="Rosa Empresaria"), program=program, role=Role.MENTEE, wave=wave
    )
    SessionPlan.objects.create(
        program=program,
        meetings=12,
        span_weeks=16,
        themes=["Presentaciones, expectativas, acuerdo y agenda", "Diagnóstico de la empresa"],
    )
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    (relationship,) = services.relationships_from_matches(program=program, today=start)
    third = relationship.meetings.get(number=3)
    assert third.planned_on.isoweekday() <= 5  # the plan's Saturday moved to a working day
    break_first, break_last = start + timedelta(days=16), start + timedelta(days=23)
    assert break_first <= third.planned_on <= break_last

    sign_in(page, live_server.url, coordinator.email)

    # 1. The program's calendar: Colombia, Monday to Friday.
    page.goto(f"{live_server.url}/p/{program.slug}/edit/")
    page.select_option("select[name=country]", "CO")
    for day in "12345":
        expect(page.locator(f"input[name=working_days][value='{day}']")).to_be_checked()
    expect(page.locator("#program-commitment")).to_contain_text(
        "12 reuniones en 16 semanas, 2 h por semana"
    )
    check_accessibility(page)
    page.click("main form button[type=submit]")
    expect(page.locator("select[name=country]")).to_have_value("CO")

    # 2. A break, declared on the session plans page.
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/session-plans/")
    expect(page.locator("#calendar-rules")).to_contain_text("Colombia")
    page.fill("input[name=break-name]", "Semana Santa")
    page.fill("input[name=break-starts_on]", break_first.isoformat())
    page.fill("input[name=break-ends_on]", break_last.isoformat())
    page.click("form[action$='/session-plans/breaks/'] button[type=submit]")
    expect(page.locator("#break-list")).to_contain_text("Semana Santa")
    # The layout of a relationship starting now avoids the break and says why a meeting moved.
    expect(page.locator("#plan-program .plan-layout")).to_contain_text("Semana Santa")
    check_accessibility(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#calendar").screenshot(path=str(SCREENSHOTS / "session-plans-calendar.png"))
    page.locator("#plan-program details").screenshot(
        path=str(SCREENSHOTS / "session-plans-layout.png")
    )

    # 3. The running relationship kept its meetings: the coordinator re-lays them out.
    relationship.refresh_from_db()
    assert relationship.meetings.get(number=3).planned_on == third.planned_on
    page.click(f"a[href$='/p/{program.slug}/mentoring/session-plans/relayout/']")
    count = page.locator("#relayout-count")
    expect(count).to_contain_text(re.compile(r"\d+ reuni"))
    moving = int(re.search(r"\d+", count.inner_text()).group())
    assert moving >= 1
    expect(page.locator("#relayout-moves")).to_contain_text("Semana Santa")
    check_accessibility(page)
    screenshot(page, "session-plans-relayout")
    page.click("main form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text(f"{moving} reuni")
    moved = relationship.meetings.get(number=3).planned_on
    assert not break_first <= moved <= break_last
    assert moved < relationship.meetings.get(number=4).planned_on
    days = list(relationship.meetings.values_list("planned_on", flat=True))
    assert len(set(days)) == 12 and all(day.isoweekday() <= 5 for day in days)

    # 4. The call page writes the commitment from the plan.
    form = instrument_from_template(program=program, template_key="business-application")
    version_publish(version=form.versions.get(), by=coordinator)
    call = recruitment.call_create(
        program=program,
        wave=wave,
        title="Cohorte 1: empresas de mujeres",
        slug="cohorte-1",
        introduction="Buscamos empresas lideradas por mujeres.",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=10),
        confirmation_message="Gracias.",
        is_published=True,
        forms={Role.MENTEE: form},
    )
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    expect(page.locator("dl.facts")).to_contain_text("12 reuniones en 16 semanas, 2 h por semana")
