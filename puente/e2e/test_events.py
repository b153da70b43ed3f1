"""A coordinator creates an event and invites a wave, a mentee answers, and on the day the
coordinator takes attendance and writes down the lessons learned."""

import datetime as dt
import re

from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.mentoring.models import Event, EventInvitation


def test_coordinator_runs_an_event_and_a_mentee_answers(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="proveedoras", name="Mujeres Proveedoras")
    wave1 = WaveFactory(program=program, number=1, name="Cohorte 1")
    wave2 = WaveFactory(program=program, number=2, name="Cohorte 2")
    coordinator = UserFactory(
        email="coordinadora@example.org", full_name="Marcela Coordinadora", language="es"
    )
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentee = UserFactory(email="empresaria@example.org", full_name="Rosa Empresaria", language="es")
    MembershipFactory(user=mentee, program=program, role=Role.MENTEE, wave=wave2)
    mentor = UserFactory(email="mentor@example.org", full_name="Jorge Mentor", language="es")
    MembershipFactory(user=mentor, program=program, role=Role.MENTOR, wave=wave2)
    earlier = UserFactory(email="anterior@example.org", full_name="Ana de la Cohorte 1")
    MembershipFactory(user=earlier, program=program, role=Role.MENTEE, wave=wave1)
    day = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=10)

    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/events/")
    check_accessibility(page)
    page.click("main .page-head a.button")
    page.select_option("select[name=kind]", "kick_off")
    page.fill("input[name=title]", "Lanzamiento de la Cohorte 2")
    page.fill("textarea[name=description]", "Bienvenida, presentación de las parejas y agenda.")
    page.select_option("select[name=wave]", str(wave2.pk))
    page.fill("input[name=on]", day.isoformat())
    page.fill("input[name=starts]", "17:30")
    page.fill("input[name=ends]", "19:30")
    page.select_option("select[name=time_zone]", "America/Panama")
    page.select_option("select[name=mode]", "hybrid")
    page.fill("input[name=place]", "Auditorio del banco, Ciudad de Panamá")
    page.fill("input[name=video_link]", "https://meet.example.org/lanzamiento")
    check_accessibility(page)
    page.click("#event-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/events/\d+/#invite$"))
    event = Event.objects.get()

    # The wave of the event is ticked already: inviting it leaves the first cohort out.
    expect(page.locator(f"input[name=waves][value='{wave2.pk}']")).to_be_checked()
    page.click("#invite button[type=submit]")
    expect(page.locator("#invitation-list")).to_contain_text("Rosa Empresaria")
    expect(page.locator("#invitation-list")).to_contain_text("Jorge Mentor")
    expect(page.locator("#invitation-list")).not_to_contain_text("Ana de la Cohorte 1")
    check_accessibility(page)

    context = browser.new_context(bypass_csp=True, locale="es-ES")
    member = context.new_page()
    sign_in(member, live_server.url, mentee.email)
    member.goto(f"{live_server.url}/p/{program.slug}/events/")
    card = member.locator(f"#event-{event.pk}")
    expect(card).to_contain_text("Lanzamiento de la Cohorte 2")
    card.locator("button[name=rsvp][value=yes]").click()
    expect(member.locator(f"#event-{event.pk} button[aria-pressed=true]")).to_have_attribute(
        "value", "yes"
    )
    assert EventInvitation.objects.get(event=event, user=mentee).rsvp == "yes"
    check_accessibility(member)
    screenshot(member, "events-member")
    context.close()

    # The day comes: the event started an hour ago.
    now = dt.datetime.now(dt.UTC)
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    page.goto(f"{live_server.url}/p/{program.slug}/events/{event.pk}/")
    attendance = page.locator("#attendance")
    attendance.get_by_label("Rosa Empresaria").check()
    page.select_option("select[name=walk_ins]", label="Ana de la Cohorte 1 · Mentee")
    attendance.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#attendance$"))
    attended = set(
        EventInvitation.objects.filter(event=event, attended=True).values_list(
            "user__email", flat=True
        )
    )
    assert attended == {mentee.email, earlier.email}

    lessons = page.locator("#lessons")
    lessons.locator("textarea[name=lessons_who_came]").fill("Casi toda la cohorte, y una visita.")
    lessons.locator("textarea[name=lessons_what_worked]").fill("Las presentaciones en parejas.")
    lessons.locator("textarea[name=lessons_to_change]").fill("Probar antes el audio de la sala.")
    lessons.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#lessons$"))
    event.refresh_from_db()
    assert event.lessons_what_worked == "Las presentaciones en parejas."
    assert event.lessons_written_by == coordinator
    expect(page.locator("#event-counts")).to_contain_text("2")
    check_accessibility(page)
    screenshot(page, "events-coordinator")
