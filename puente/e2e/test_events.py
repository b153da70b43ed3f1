"""A coordinator creates an event and invites a wave, a mentee answers, the coordinator moves it
(the invitees are emailed), and on the day the coordinator takes attendance and writes down the
lessons learned."""

import datetime as dt
import re
import zoneinfo

from django.core import mail
from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.events.models import Event, EventInvitation
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory


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

    # Plans change: the coordinator moves it half an hour later. The box to tell the invitees
    # is ticked already, so both of them (not the first cohort) get the new time by email.
    mail.outbox.clear()
    page.goto(f"{live_server.url}/p/{program.slug}/events/{event.pk}/edit/")
    expect(page.locator("input[name=notify]")).to_be_checked()
    page.fill("input[name=starts]", "18:00")
    page.fill("input[name=ends]", "20:00")
    check_accessibility(page)
    page.set_viewport_size({"width": 1280, "height": 1400})  # down to the box and the button
    screenshot(page, "events-edit")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("#event-form button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/events/{event.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("2")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentee.email, mentor.email])
    event.refresh_from_db()
    panama = zoneinfo.ZoneInfo("America/Panama")
    assert (event.starts_at.astimezone(panama).hour, event.sequence) == (18, 1)

    # The day comes: the event started an hour ago.
    now = dt.datetime.now(dt.UTC)
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    page.goto(f"{live_server.url}/p/{program.slug}/events/{event.pk}/")
    attendance = page.locator("#attendance")
    attendance.get_by_label("Rosa Empresaria").check()
    attendance.get_by_label("Ana de la Cohorte 1 · Mentee").check()
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


def test_coordinator_cancels_an_event_and_the_invitee_sees_why(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    from puente.events import services

    program = ProgramFactory(slug="proveedoras", name="Mujeres Proveedoras")
    wave = WaveFactory(program=program, number=2, name="Cohorte 2")
    coordinator = UserFactory(
        email="coordinadora@example.org", full_name="Marcela Coordinadora", language="es"
    )
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentee = UserFactory(email="empresaria@example.org", full_name="Rosa Empresaria", language="es")
    MembershipFactory(user=mentee, program=program, role=Role.MENTEE, wave=wave)
    mentor = UserFactory(email="mentor@example.org", full_name="Jorge Mentor", language="en")
    MembershipFactory(user=mentor, program=program, role=Role.MENTOR, wave=wave)
    day = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=10)
    starts = dt.datetime.combine(day, dt.time(9, 0), tzinfo=zoneinfo.ZoneInfo("America/Panama"))
    event = services.event_save(
        program=program,
        by=coordinator,
        data={
            "kind": Event.Kind.ALIGNMENT,
            "title": "Taller de alineación de expectativas",
            "description": "Qué espera cada empresaria y qué puede ofrecer cada mentor.",
            "wave": wave,
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=3),
            "time_zone": "America/Panama",
            "mode": Event.Mode.VIRTUAL,
            "video_link": "https://meet.example.org/taller",
        },
    )
    services.event_invite(event=event, by=coordinator, waves=[wave], notify=False)
    mail.outbox.clear()

    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/events/{event.pk}/")
    cancel = page.locator("#cancel")
    cancel.locator("summary").click()
    # The reason is required: the browser does not send the form without it.
    cancel.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/events/{event.pk}/$"))
    event.refresh_from_db()
    assert event.cancelled_at is None
    reason = "La sala no está disponible esa semana; les avisaremos la nueva fecha."
    cancel.locator("textarea[name=cancel_reason]").fill(reason)
    check_accessibility(page)
    cancel.locator("button[type=submit]").click()
    expect(page.locator("#event-cancelled")).to_contain_text(reason)
    expect(page.locator("#event-cancelled")).to_contain_text("Marcela Coordinadora")
    expect(page.locator("#invite")).to_have_count(0)
    expect(page.locator("#cancel")).to_have_count(0)
    check_accessibility(page)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentee.email, mentor.email])
    assert all(reason in m.body for m in mail.outbox)
    event.refresh_from_db()
    assert (event.cancelled_by, event.sequence) == (coordinator, 1)

    context = browser.new_context(bypass_csp=True, locale="es-ES")
    member = context.new_page()
    sign_in(member, live_server.url, mentee.email)
    member.goto(f"{live_server.url}/p/{program.slug}/events/")
    card = member.locator(f"#event-{event.pk}")
    expect(card).to_contain_text(reason)
    expect(card.locator("button[name=rsvp]")).to_have_count(0)
    check_accessibility(member)
    member.goto(f"{live_server.url}/p/{program.slug}/events/{event.pk}/")
    expect(member.locator("#event-cancelled")).to_contain_text(reason)
    expect(member.locator("#rsvp button[name=rsvp]")).to_have_count(0)
    check_accessibility(member)
    screenshot(member, "events-cancelled")
    context.close()


def test_on_a_phone_the_coordinator_invites_latecomers_and_finds_walk_ins(
    browser: Browser, live_server, transactional_db
) -> None:
    """An event under way: inviting asks first (invitees can no longer answer), and the walk-ins
    are found by typing a few letters, on a 375 px screen, then ticked."""
    from puente.events import services

    program = ProgramFactory(slug="proveedoras", name="Mujeres Proveedoras")
    wave = WaveFactory(program=program, number=1, name="Cohorte 1")
    coordinator = UserFactory(
        email="coordinadora@example.org", full_name="Marcela Coordinadora", language="es"
    )
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    names = ["Rosa Empresaria", "Ángela Núñez", "Beatriz Ortega", "Carla Pérez", "Diana Ríos"]
    for name in names:
        MembershipFactory(
            user=UserFactory(full_name=name), program=program, role=Role.MENTEE, wave=wave
        )
    mentor = UserFactory(full_name="Jorge Mentor")
    MembershipFactory(user=mentor, program=program, role=Role.MENTOR, wave=wave)
    now = dt.datetime.now(dt.UTC)
    event = services.event_save(
        program=program,
        by=coordinator,
        data={
            "kind": Event.Kind.KICK_OFF,
            "title": "Lanzamiento",
            "starts_at": now - dt.timedelta(minutes=30),
            "ends_at": now + dt.timedelta(hours=2),
            "time_zone": "America/Bogota",
            "mode": Event.Mode.VIRTUAL,
            "video_link": "https://meet.example.org/lanzamiento",
        },
    )

    phone = browser.new_context(
        bypass_csp=True, locale="es-ES", viewport={"width": 375, "height": 740}
    )
    page = phone.new_page()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/events/{event.pk}/")
    expect(page.locator("#invite-under-way")).to_contain_text("ya no pueden responder")
    page.locator("#invite input[name=roles][value=mentor]").check()
    page.click("#invite button[type=submit]")
    warning = page.locator("#invite-warning")
    expect(warning).to_contain_text("Se invitará a 1 persona")
    expect(warning).to_contain_text("ya no podrá responder")
    assert not event.invitations.exists()
    check_accessibility(page)
    page.click("#invite-confirm-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"#invitations$"))
    expect(page.locator("#invitation-list")).to_contain_text("Jorge Mentor")

    # Walk-ins: a box narrows the list as one types, accents and case aside.
    attendance = page.locator("#attendance")
    search = attendance.get_by_label("Busca a una persona por nombre o rol")
    expect(search).to_be_visible()
    search.fill("angela")
    options = attendance.locator(".filter-list-options > div")
    expect(options.filter(has_text="Ángela Núñez")).to_be_visible()
    expect(options.filter(has_text="Beatriz Ortega")).to_be_hidden()
    attendance.get_by_label("Ángela Núñez · Mentee").check()
    search.press("Enter")  # narrows, never sends the list half-done
    search.fill("diana")
    attendance.get_by_label("Diana Ríos · Mentee").check()
    # Ángela stays in view, ticked, while another name is searched.
    expect(options.filter(has_text="Ángela Núñez")).to_be_visible()
    expect(attendance.locator("[data-filter-count]")).to_contain_text("2 marcadas")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    attendance.evaluate("node => node.scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "events-walk-ins.png"))
    attendance.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#attendance$"))
    walk_ins = set(
        EventInvitation.objects.filter(event=event, walk_in=True, attended=True).values_list(
            "user__full_name", flat=True
        )
    )
    assert walk_ins == {"Ángela Núñez", "Diana Ríos"}
    phone.close()
