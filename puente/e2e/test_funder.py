"""The funder (observer) opens the dashboard: every group shown has at least 5 people, and every
hidden figure says why; the coordinator opens the final report with its charts."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, pdf_screenshot, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import (
    MembershipFactory,
    ProgramFactory,
    TrackFactory,
    UserFactory,
    WaveFactory,
)
from puente.feedback.models import MeetingFeedback
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.monitoring.disclosure import MIN_PEOPLE
from puente.monitoring.models import Indicator


def _program():
    program = ProgramFactory(slug="proveedoras-demo", name="Proveedoras que crecen")
    waves = [WaveFactory(program=program, number=1), WaveFactory(program=program, number=2)]
    tracks = [
        TrackFactory(program=program, name="Formalización"),
        TrackFactory(program=program, name="Ventas a empresas"),
    ]
    coordinator = UserFactory(email="coordinadora@example.org", language="es")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    observer = UserFactory(email="financiador@example.org", language="es")
    MembershipFactory(user=observer, program=program, role=Role.OBSERVER)
    mentor = MembershipFactory(
        user=UserFactory(full_name="Lucía Mentora"), program=program, role=Role.MENTOR
    )
    cities = ["Lima"] * 8 + ["Cusco"] * 4 + ["Arequipa"] * 2
    now = timezone.now()
    for i, city in enumerate(cities):
        mentee = MembershipFactory(
            user=UserFactory(
                full_name=f"Emprendedora {i}", gender="Mujer" if i % 3 else "Hombre", city=city
            ),
            program=program,
            role=Role.MENTEE,
            wave=waves[0] if i < 9 else waves[1],
            track=tracks[i % 2],
        )
        relationship = Relationship.objects.create(
            program=program,
            wave=mentee.wave,
            track=mentee.track,
            mentor=mentor,
            status=Relationship.Status.COMPLETED if i % 4 == 0 else Relationship.Status.ACTIVE,
            starts_on=dt.date(2026, 8, 3),
            ends_on=dt.date(2026, 12, 18),
        )
        relationship.mentees.set([mentee])
        for number in range(1, 4):
            held = (i + number) % 3 != 0
            meeting = Meeting.objects.create(
                relationship=relationship,
                number=number,
                planned_on=dt.date(2026, 8, 10) + dt.timedelta(weeks=3 * number),
                status=Meeting.Status.HELD if held else Meeting.Status.MISSED,
            )
            MeetingLog.objects.create(
                meeting=meeting, held=held, duration_minutes=60 if held else None, written_at=now
            )
            if held:
                MeetingFeedback.objects.create(
                    meeting=meeting, author=mentee.user, side="mentee", usefulness=3 + (i % 3)
                )
    Indicator.objects.create(
        program=program,
        name="Horas de mentoría",
        unit="h",
        computation=Indicator.Computation.MENTORING_HOURS,
    )
    return program, coordinator, observer


def test_observer_sees_no_group_smaller_than_five(page: Page, live_server, transactional_db):
    program, coordinator, observer = _program()
    sign_in(page, live_server.url, observer.email)
    page.goto(f"{live_server.url}{program.get_absolute_url()}")
    page.click(f"nav.program-nav a[href$='/p/{program.slug}/dashboard/']")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    check_accessibility(page)
    texts = page.locator("td.group-count").all_inner_texts()
    counts = [int(text) for text in texts if text.strip().isdigit()]
    assert counts, "some group is shown"
    assert min(counts) >= MIN_PEOPLE
    # A hidden figure says why, in the person's language (Spanish here).
    expect(page.locator(".hidden-figure").first).to_contain_text("Oculto")
    # Arequipa (2 mentees) is suppressed, never counted.
    arequipa = page.locator("#table-location tr", has_text="Arequipa")
    expect(arequipa.locator("td.group-count")).to_have_count(0)
    html = page.content()
    assert "Emprendedora" not in html and "Lucía Mentora" not in html
    screenshot(page, "funder-dashboard")


def test_coordinator_opens_the_final_report(page: Page, live_server, transactional_db):
    program, coordinator, _observer = _program()
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/p/{program.slug}/reports/program/")
    expect(page.locator("#participation svg.chart")).to_have_count(1)
    expect(page.locator("#fig-matched")).to_have_text("14")
    check_accessibility(page)
    screenshot(page, "reports-program-final")
    pdf = page.context.request.get(f"{live_server.url}/p/{program.slug}/reports/program/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    pdf_screenshot(pdf.body(), "reports-program-final-pdf")
    page.goto(f"{live_server.url}/p/{program.slug}/reports/program/stories/")
    check_accessibility(page)
