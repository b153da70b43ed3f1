"""A mentor opens the relationship's growth plan, sees the gap chart against the buyer's
requirements, adds a goal and changes it; the coordinator's overview shows it."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import SessionPlan
from puente.plans import services
from puente.plans.models import AreaQuestion, Goal
from puente.programs.models import BuyerOrganization


def test_mentor_sees_the_gap_chart_adds_and_changes_a_goal(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedoras", name="Mujeres Proveedoras")
    wave = WaveFactory(program=program, number=1)
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentor_user = UserFactory(email="mentora@example.org", full_name="Lucía Mentora", language="es")
    mentor = MembershipFactory(user=mentor_user, program=program, role=Role.MENTOR, wave=wave)
    mentee_user = UserFactory(email="empresa@example.org", full_name="Dulces Doña Rosa")
    mentee = MembershipFactory(user=mentee_user, program=program, role=Role.MENTEE, wave=wave)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16, themes=["Diagnóstico"])
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    (relationship,) = mentoring.relationships_from_matches(program=program)

    buyer = BuyerOrganization.objects.create(
        organization=program.organization, name="Supermercados El Trigal"
    )
    program.buyers.add(buyer)
    instrument = services.assessment_setup(
        program=program, template_key="business-gap-assessment", by=coordinator
    )
    areas = {m.question_key: m.focus_area for m in AreaQuestion.objects.all()}
    services.targets_save(
        program=program,
        levels={(area.pk, buyer.pk): Decimal(4) for area in areas.values()},
    )
    plan = services.plan_open(relationship=relationship, mentee=mentee)
    services.plan_buyer_set(plan=plan, buyer=buyer)
    assessment = services.assessment_start(plan=plan, instrument=instrument)
    keys = list(areas)
    services.assessment_answer(
        assessment=assessment,
        side="mentee",
        by=mentee_user,
        cleaned={key: 1 + i % 4 for i, key in enumerate(keys)},
        submit=True,
    )
    services.assessment_answer(
        assessment=assessment,
        side="mentor",
        by=mentor_user,
        cleaned={key: 1 + (i + 1) % 4 for i, key in enumerate(keys)},
        submit=True,
    )
    pricing = areas["pricing"]
    services.area_prioritise(plan=plan, focus_area=pricing, impact=5, urgency=4)

    sign_in(page, live_server.url, mentor_user.email)
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/{relationship.pk}/")
    page.click("#growth-plan-link")
    expect(page).to_have_url(re.compile(rf"/plans/{relationship.pk}/{mentee.pk}/$"))
    chart = page.locator("#gap-chart svg[role=img]")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() >= len(keys) * 3
    assert chart.locator("line.chart-target").count() == len(keys)
    expect(page.locator("#gap-table")).to_contain_text("Precios y costos")
    check_accessibility(page)
    screenshot(page, "plans-gap-report")

    page.locator("#add-goal summary").click()
    form = page.locator("form.goal-form")
    form.locator("input[name='goal-title']").fill("Costear los productos principales")
    form.locator("select[name='goal-area']").select_option(label="Precios y costos")
    form.locator("input[name='goal-indicator']").fill("productos costeados")
    form.locator("input[name='goal-start_value']").fill("0")
    form.locator("input[name='goal-target_value']").fill("5")
    form.locator("input[name='goal-target_date']").fill(
        (timezone.localdate() + dt.timedelta(days=54)).isoformat()
    )
    check_accessibility(page)
    form.locator("button[type=submit]").click()
    expect(page.locator("#goals")).to_contain_text("Costear los productos principales")
    assert Goal.objects.get().area.focus_area == pricing
    check_accessibility(page)
    # The goals section rather than the top of the page.
    path = screenshot(page, "plans-goals")
    page.evaluate("document.getElementById('improvement-areas').scrollIntoView()")
    page.screenshot(path=str(path))

    # The goal was too ambitious: change it from its edit page, then back on the plan.
    goal = Goal.objects.get()
    page.locator(f"#goal-{goal.pk} a", has_text="Editar").click()
    form = page.locator("form.plan-edit-form")
    expect(form.locator("input[name='goal-title']")).to_have_value(
        "Costear los productos principales"
    )
    form.locator("input[name='goal-target_value']").fill("3")
    form.locator("input[name='goal-target_date']").fill(
        (timezone.localdate() + dt.timedelta(days=82)).isoformat()
    )
    form.locator("input[name='goal-target_date']").blur()
    check_accessibility(page)
    screenshot(page, "plans-goal-edit")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"#goal-{goal.pk}$"))
    expect(page.locator(f"#goal-{goal.pk}")).to_contain_text("/ 3")
    goal.refresh_from_db()
    assert goal.target_value == 3 and goal.title == "Costear los productos principales"
    # Deleting asks first: the confirmation opens, with what happens to the goal's actions.
    page.locator(f"#delete-goal-{goal.pk} summary").click()
    expect(page.locator(f"#delete-goal-{goal.pk} button")).to_be_visible()
    check_accessibility(page)

    page.context.clear_cookies()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/plans/")
    expect(page.locator("#plans-overview")).to_contain_text("Dulces Doña Rosa")
    check_accessibility(page)
    screenshot(page, "plans-overview")
