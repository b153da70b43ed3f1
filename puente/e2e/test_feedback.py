"""A mentee gives the 30-second feedback right after a held meeting; the coordinator's live
feedback view shows it on the next reload."""

import re

from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.feedback import services as feedback_services
from puente.feedback.models import MeetingFeedback
from puente.matching.models import Match
from puente.mentoring import services
from puente.mentoring.models import SessionPlan
from puente.programs.models import FocusArea


def test_mentee_feedback_reaches_the_coordinators_live_view(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedoras", name="Mujeres proveedoras")
    wave = WaveFactory(program=program, number=1)
    costs = FocusArea.objects.create(program=program, name="Costos y precios", kind="business")
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentor_user = UserFactory(email="mentora@example.org", full_name="Lucía Mentora", language="es")
    mentor = MembershipFactory(user=mentor_user, program=program, role=Role.MENTOR, wave=wave)
    mentee_user = UserFactory(
        email="empresaria@example.org", full_name="Yolanda Empresaria", language="es"
    )
    mentee = MembershipFactory(user=mentee_user, program=program, role=Role.MENTEE, wave=wave)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    (relationship,) = services.relationships_from_matches(program=program)
    services.meeting_log(
        meeting=relationship.meetings.get(number=1),
        by=mentor_user,
        data={
            "held": True,
            "duration_minutes": 90,
            "attended": [mentee],
            "topics": "Costos de la línea de uniformes",
            "focus_areas": [costs],
        },
    )
    feedback_services.pulse_open(
        program=program, wave=wave, kind="pulse", title="¿Cómo va la mentoría?", by=coordinator
    )

    live = browser.new_context(bypass_csp=True, locale="es-ES")
    board = live.new_page()
    sign_in(board, live_server.url, coordinator.email)
    board.goto(f"{live_server.url}/p/{program.slug}/feedback/live/")
    expect(board.locator("#feedback-comments")).not_to_contain_text("La plantilla de costos")

    sign_in(page, live_server.url, mentee_user.email)
    page.goto(f"{live_server.url}/p/{program.slug}/mentoring/{relationship.pk}/")
    link = page.locator("#meeting-1 .meeting-feedback-link a")
    link.click()
    expect(page).to_have_url(re.compile(rf"/feedback/{relationship.pk}/meetings/1/$"))
    check_accessibility(page)
    form = page.locator("#meeting-feedback-form")
    form.locator("input[name='usefulness'][value='2']").check()
    form.locator("textarea[name='helped']").fill("La plantilla de costos que revisamos juntas.")
    form.locator("textarea[name='change']").fill("Empezar a la hora acordada.")
    screenshot(page, "feedback-give")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/feedback/$"))
    expect(page.locator("#feedback-to-give")).to_contain_text("2")
    expect(page.locator("#pulses-to-answer")).to_contain_text("¿Cómo va la mentoría?")
    check_accessibility(page)
    screenshot(page, "feedback-mine")
    assert MeetingFeedback.objects.get().usefulness == 2

    board.reload()
    comments = board.locator("#feedback-comments")
    expect(comments).to_contain_text("Costos y precios")
    expect(comments).to_contain_text("La plantilla de costos que revisamos juntas.")
    expect(board.locator("#lowest-rated")).to_contain_text("Lucía Mentora")
    expect(board.locator("#feedback-trend svg").first).to_be_visible()
    check_accessibility(board)
    screenshot(board, "feedback-live")

    feedback_services.lesson_add(
        program=program,
        by=coordinator,
        role=Role.COORDINATOR,
        theme="matching",
        worked="Emparejar por sector del comprador.",
        to_change="Preguntar la disponibilidad antes de emparejar.",
        wave=wave,
    )
    board.goto(f"{live_server.url}/p/{program.slug}/feedback/lessons/")
    expect(board.locator("#lessons-by-theme")).to_contain_text("Emparejar por sector")
    check_accessibility(board)
    screenshot(board, "feedback-lessons")
    board.goto(f"{live_server.url}/p/{program.slug}/feedback/pulses/")
    check_accessibility(board)
    screenshot(board, "feedback-pulses")
    live.close()
