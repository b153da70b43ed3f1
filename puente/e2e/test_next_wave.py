"""A coordinator compares the waves, then starts the next wave from the last and finds its events
there, moved by the same number of days."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.events.models import Event
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.mentoring.models import Meeting, MeetingLog, Relationship, SessionPlan
from puente.programs.models import Wave


def test_coordinator_starts_the_next_wave_from_the_last(
    page: Page, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="codigo", name="Mentoría Código Abierto")
    pilot = WaveFactory(
        program=program,
        number=1,
        name="Piloto",
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 4, 30),
    )
    scale = WaveFactory(
        program=program,
        number=2,
        name="Escalamiento",
        starts_on=dt.date(2026, 5, 4),
        ends_on=dt.date(2026, 7, 31),
    )
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    for wave, pairs, completed in ((pilot, 2, 2), (scale, 6, 0)):
        for n in range(pairs):
            mentor = MembershipFactory(program=program, role=Role.MENTOR, wave=wave)
            mentee = MembershipFactory(program=program, role=Role.MENTEE, wave=wave)
            relationship = Relationship.objects.create(
                program=program,
                wave=wave,
                mentor=mentor,
                starts_on=wave.starts_on,
                ends_on=wave.ends_on,
                status=Relationship.Status.COMPLETED
                if n < completed
                else Relationship.Status.ACTIVE,
            )
            relationship.mentees.add(mentee)
            for number in (1, 2, 3):
                meeting = Meeting.objects.create(
                    relationship=relationship,
                    number=number,
                    planned_on=wave.starts_on + dt.timedelta(weeks=2 * number),
                    status=Meeting.Status.HELD if number < 3 else Meeting.Status.PLANNED,
                )
                if number < 3:
                    MeetingLog.objects.create(
                        meeting=meeting, held=True, duration_minutes=60, written_at=timezone.now()
                    )
    SessionPlan.objects.create(program=program, wave=scale, meetings=8, themes=["Metas"])
    Event.objects.create(
        program=program,
        wave=scale,
        kind=Event.Kind.KICK_OFF,
        title="Lanzamiento de la ola",
        starts_at=dt.datetime(2026, 5, 6, 15, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 5, 6, 17, tzinfo=dt.UTC),
        place="Auditorio central",
    )

    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/waves/compare/")
    expect(page.locator("#wave-comparison")).to_contain_text("Escalamiento")
    check_accessibility(page)
    screenshot(page, "waves-comparison")

    page.goto(f"{live_server.url}/p/{program.slug}/edit/")
    page.click(f"#waves a[href$='/waves/{scale.number}/next/']")
    expect(page).to_have_url(re.compile(r"/waves/2/next/$"))
    # The suggested dates: from the day after the last wave ends, for as long.
    assert page.input_value("input[name=starts_on]") == "2026-08-01"
    page.fill("input[name=name]", "Ola 3")
    check_accessibility(page)
    screenshot(page, "waves-clone-form")
    page.click("main form button[type=submit]")
    expect(page.locator(".message.success, [role=status]").first).to_be_visible()

    new = Wave.objects.get(program=program, number=3)
    assert new.name == "Ola 3"
    page.goto(f"{live_server.url}/p/{program.slug}/events/")
    copied = Event.objects.get(wave=new)
    assert copied.starts_at == dt.datetime(2026, 8, 3, 15, tzinfo=dt.UTC)  # 89 days later
    expect(page.locator(f"a[href$='/events/{copied.pk}/']").first).to_be_visible()
    check_accessibility(page)
