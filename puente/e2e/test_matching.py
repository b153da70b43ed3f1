"""A coordinator runs a match, reads an explanation, locks a pair, re-runs and confirms."""

import re

from playwright.sync_api import Page, expect

from puente.conftest import PASSWORD
from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import FocusAreaFactory, MembershipFactory, ProgramFactory, UserFactory
from puente.matching.models import Match, MatchingSettings, MatchRun


def test_run_explain_lock_rerun_confirm(page: Page, live_server, transactional_db) -> None:
    program = ProgramFactory(slug="comunidad", name="Mentoría Código Abierto")
    coordinator = UserFactory(email="coordinadora@example.org")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    areas = [
        FocusAreaFactory(program=program, name=name, kind="personal")
        for name in ("Liderazgo", "Negociación", "Comunicación")
    ]
    mentees, mentors = [], []
    for n in range(4):
        user = UserFactory(email=f"mentee{n}@example.org", full_name=f"Mentee {n}", city="Lima")
        membership = MembershipFactory(user=user, program=program, role=Role.MENTEE)
        membership.focus_areas.add(areas[n % 3])
        mentees.append(membership)
    for n in range(3):
        user = UserFactory(
            email=f"mentor{n}@example.org", full_name=f"Mentora {n}", years_experience=10
        )
        membership = MembershipFactory(user=user, program=program, role=Role.MENTOR)
        membership.focus_areas.add(areas[n])
        mentors.append(membership)
    MatchingSettings.objects.create(program=program, default_capacity=2)

    sign_in(page, live_server.url, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/p/{program.slug}/matching/")
    check_accessibility(page)
    screenshot(page, "matching-overview")
    page.click("main form[action$='/matching/runs/'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/matching/runs/\d+/$"))
    first = MatchRun.objects.get()
    assert first.matched == 4

    target = mentees[0]
    proposal = page.locator(f"#proposal-{target.pk}")
    proposal.locator("summary").click()
    expect(proposal.locator(".explanation")).to_contain_text("Liderazgo")
    check_accessibility(page)
    screenshot(page, "matching-run")

    other = next(m for m in mentors if m.pk != first.proposals.get(mentee=target).mentor_id)
    proposal.locator("select[name=mentor]").select_option(str(other.pk))
    proposal.locator("form.move button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    page.click("form[action$='/again/'] button[type=submit]")
    expect(
        page.locator(f"#proposal-{target.pk} .badge", has_text=re.compile("locked|fijad", re.I))
    ).to_be_visible()
    second = MatchRun.objects.latest("pk")
    assert second.proposals.get(mentee=target).mentor_id == other.pk

    page.click("#confirm-link")
    expect(page).to_have_url(re.compile(r"/confirm/$"))
    expect(page.locator("#confirm-summary")).to_contain_text("4")
    check_accessibility(page)
    page.fill("#id_message", "Nos vemos el lunes en la inauguración.")
    page.click("#confirm-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/matching/matches/$"))
    expect(page.locator("#match-list tbody tr")).to_have_count(4)
    check_accessibility(page)
    assert Match.objects.get(mentee=target).mentor_id == other.pk
