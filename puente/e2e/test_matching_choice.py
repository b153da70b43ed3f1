"""Choice mode: the coordinator publishes suggestions, a mentee ranks them, a mentor declines one
with a reason, and the run gives the mentee her next choice."""

import re

from playwright.sync_api import Page, expect

from puente.conftest import PASSWORD
from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import FocusAreaFactory, MembershipFactory, ProgramFactory, UserFactory
from puente.matching.models import MatchingSettings, MatchRun, MentorResponse, Suggestion


def test_publish_choose_decline_and_run(page: Page, live_server, transactional_db) -> None:
    program = ProgramFactory(slug="emprende", name="Mentoría Emprende")
    coordinator = UserFactory(email="coordinadora@example.org")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    finance = FocusAreaFactory(program=program, name="Finanzas", kind="business")
    mentee_user = UserFactory(email="mentee@example.org", full_name="Ana Mentee")
    mentee = MembershipFactory(user=mentee_user, program=program, role=Role.MENTEE)
    mentee.focus_areas.add(finance)
    mentors = []
    for n, name in enumerate(["Beatriz Finanzas", "Carmen Ventas"]):
        user = UserFactory(
            email=f"mentor{n}@example.org",
            full_name=name,
            job_title="Directora financiera",
            organization="Cooperativa Sur",
            bio="Acompaño a emprendedoras en su planificación financiera.",
        )
        membership = MembershipFactory(user=user, program=program, role=Role.MENTOR)
        if n == 0:
            membership.focus_areas.add(finance)
        mentors.append(membership)
    MatchingSettings.objects.create(program=program, mentee_choice=True, suggestions_shown=2)
    base = live_server.url

    sign_in(page, base, coordinator.email, PASSWORD)
    page.goto(f"{base}/p/{program.slug}/matching/")
    page.click("form[action$='/suggestions/publish/'] button[type=submit]")
    expect(page.locator(".messages")).to_be_visible()
    check_accessibility(page)
    assert Suggestion.objects.filter(mentee=mentee).count() == 2
    page.context.clear_cookies()

    sign_in(page, base, mentee_user.email, PASSWORD)
    page.goto(f"{base}/p/{program.slug}/")
    page.click(f"nav.actions a[href$='/p/{program.slug}/matching/choose/']")
    expect(page.locator("#choice-form article")).to_have_count(2)
    page.locator(f"#suggestion-{mentors[0].pk} summary").click()
    expect(page.locator(f"#suggestion-{mentors[0].pk} .explanation")).to_contain_text("Finanzas")
    check_accessibility(page)
    screenshot(page, "matching-choose")
    # Two first places: refused next to both fields, what was chosen kept.
    page.select_option(f"#id_mentor_{mentors[0].pk}", "1")
    page.select_option(f"#id_mentor_{mentors[1].pk}", "1")
    page.click("#choice-form button[type=submit]")
    expect(page.locator(".has-error .errorlist")).to_have_count(2)
    expect(page.locator(f"#id_mentor_{mentors[1].pk}")).to_have_value("1")
    check_accessibility(page)
    page.select_option(f"#id_mentor_{mentors[1].pk}", "2")
    page.click("#choice-form button[type=submit]")
    expect(page.locator(".messages")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, base, mentors[0].user.email, PASSWORD)
    page.goto(f"{base}/p/{program.slug}/matching/requests/")
    article = page.locator(f"#request-{mentee.pk}")
    article.locator("button[value=decline]").click()
    expect(page.locator(f"#request-{mentee.pk} .errorlist")).to_be_visible()
    check_accessibility(page)
    page.fill(f"#id_mentee-{mentee.pk}-reason", "Este semestre viajo todas las semanas.")
    page.locator(f"#request-{mentee.pk} button[value=decline]").click()
    expect(page.locator(".messages")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "matching-requests")
    assert not MentorResponse.objects.get().accepted
    page.context.clear_cookies()

    sign_in(page, base, coordinator.email, PASSWORD)
    page.goto(f"{base}/p/{program.slug}/matching/")
    expect(page.locator("#declines")).to_contain_text("Este semestre viajo")
    check_accessibility(page)
    page.click("main form[action$='/matching/runs/'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/matching/runs/\d+/$"))
    assert MatchRun.objects.get().proposals.get(mentee=mentee).mentor_id == mentors[1].pk
