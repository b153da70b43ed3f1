"""A mentor files last month's report, pre-filled from the logs, and the tutor accepts it; a mentee
downloads the certificate of a completed relationship."""

import datetime as dt
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, pdf_screenshot, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, ProgramFactory, UserFactory, WaveFactory
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services as mentoring
from puente.mentoring.models import Relationship, SessionPlan
from puente.reports import services
from puente.reports.models import MentorReport
from puente.reports.selectors import add_months, first_of_month


def test_mentor_files_a_monthly_report_and_the_tutor_accepts_it(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    today = timezone.localdate()
    last_month = add_months(first_of_month(today), -1)
    program = ProgramFactory(
        slug="proveedoras",
        name="Proveedoras que crecen",
        starts_on=add_months(last_month, -2),
        ends_on=add_months(last_month, 10),
    )
    wave = WaveFactory(program=program, number=1)
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Marta Coordinadora")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    tutor_user = UserFactory(email="tutora@example.org", full_name="Teresa Tutora")
    tutor = MembershipFactory(user=tutor_user, program=program, role=Role.TUTOR, wave=wave)
    mentor_user = UserFactory(email="mentora@example.org", full_name="Lucía Mentora")
    mentor = MembershipFactory(user=mentor_user, program=program, role=Role.MENTOR, wave=wave)
    mentee_user = UserFactory(email="emprendedora@example.org", full_name="Rosa Emprendedora")
    mentee = MembershipFactory(user=mentee_user, program=program, role=Role.MENTEE, wave=wave)
    SessionPlan.objects.create(program=program, meetings=12, cadence="weekly")
    Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    (relationship,) = mentoring.relationships_from_matches(
        program=program, today=add_months(last_month, -1)
    )
    month_meetings = list(
        relationship.meetings.filter(
            planned_on__gte=last_month, planned_on__lt=first_of_month(today)
        ).order_by("number")
    )
    for index, meeting in enumerate(month_meetings):
        mentoring.meeting_log(
            meeting=meeting,
            by=mentor_user,
            data={
                "held": index != 1,
                "duration_minutes": 60,
                "topics": f"Tema {index + 1}: costos y precios",
                "next_steps": "Enviar la cotización" if index == 0 else "",
            },
        )
    held = len(month_meetings) - (1 if len(month_meetings) > 1 else 0)

    sign_in(page, live_server.url, mentor_user.email)
    page.goto(f"{live_server.url}/p/{program.slug}/reports/")
    check_accessibility(page)
    edit = f"/reports/relationships/{relationship.pk}/{last_month.year}-{last_month.month}/"
    page.click(f"#my-reports a[href$='{edit}']")
    expect(page).to_have_url(re.compile(re.escape(edit) + "$"))
    expect(page.locator("#summary-held")).to_have_text(str(held))
    expect(page.locator("#report-summary")).to_contain_text("Tema 1: costos y precios")
    expect(page.locator("#report-summary")).to_contain_text("Enviar la cotización")
    page.fill("textarea[name=progress]", "Definimos la lista de precios.")
    page.check("input[name=progress_rating][value='4']")
    page.fill("textarea[name=next_focus]", "La ficha técnica.")
    check_accessibility(page)
    screenshot(page, "reports-monthly-form")
    page.click("#report-form button[name=submit_report]")
    expect(page.locator("#report-status")).to_be_visible()
    report = MentorReport.objects.get()
    assert report.status == MentorReport.Status.SUBMITTED
    assert report.snapshot["held"] == held

    context = browser.new_context(bypass_csp=True, locale="es-ES")
    tutor_page = context.new_page()
    sign_in(tutor_page, live_server.url, tutor_user.email)
    tutor_page.goto(f"{live_server.url}/p/{program.slug}/reports/")
    tutor_page.click(f"#to-review a[href$='/reports/{report.pk}/']")
    expect(tutor_page.locator("#report-answers")).to_contain_text("Definimos la lista de precios.")
    tutor_page.check("input[name=decision][value=accept]")
    tutor_page.fill("textarea[name=comment]", "Muy bien.")
    check_accessibility(tutor_page)
    screenshot(tutor_page, "reports-review")
    tutor_page.click("#review-form button[type=submit]")
    expect(tutor_page.locator("#review-form")).to_have_count(0)
    report.refresh_from_db()
    assert report.status == MentorReport.Status.ACCEPTED
    context.close()

    coordinator_context = browser.new_context(bypass_csp=True, locale="es-ES")
    coordinator_page = coordinator_context.new_page()
    sign_in(coordinator_page, live_server.url, coordinator.email)
    coordinator_page.goto(f"{live_server.url}/p/{program.slug}/reports/filing/")
    expect(coordinator_page.locator("#filing-table")).to_contain_text("Lucía Mentora")
    expect(coordinator_page.locator("#filing-table td.filing-accepted")).to_have_count(1)
    check_accessibility(coordinator_page)
    screenshot(coordinator_page, "reports-filing")
    coordinator_page.goto(f"{live_server.url}/p/{program.slug}/exports/")
    check_accessibility(coordinator_page)
    screenshot(coordinator_page, "reports-exports")
    coordinator_context.close()


def test_mentee_downloads_a_certificate(
    page: Page, browser: Browser, live_server, transactional_db
) -> None:
    program = ProgramFactory(slug="comunidad", name="Mentoría Código Abierto")
    wave = WaveFactory(program=program, number=1, name="Piloto")
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Paula Coordinadora")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentor = MembershipFactory(
        user=UserFactory(full_name="Andrés Mentor"), program=program, role=Role.MENTOR, wave=wave
    )
    mentee_user = UserFactory(email="mentee@example.org", full_name="Valentina Gómez Ñáñez")
    mentee = MembershipFactory(user=mentee_user, program=program, role=Role.MENTEE, wave=wave)
    relationship = Relationship.objects.create(
        program=program,
        wave=wave,
        mentor=mentor,
        starts_on=dt.date(2026, 2, 2),
        ends_on=dt.date(2026, 5, 29),
        status=Relationship.Status.COMPLETED,
    )
    relationship.mentees.add(mentee)

    coordinator_context = browser.new_context(bypass_csp=True, locale="es-ES")
    coordinator_page = coordinator_context.new_page()
    sign_in(coordinator_page, live_server.url, coordinator.email)
    coordinator_page.goto(f"{live_server.url}/p/{program.slug}/certificates/")
    coordinator_page.click("#issue-form button[type=submit]")
    expect(coordinator_page.locator("#certificate-table")).to_contain_text("Valentina Gómez Ñáñez")
    check_accessibility(coordinator_page)
    screenshot(coordinator_page, "reports-certificates")
    coordinator_context.close()
    certificate = relationship.certificates.get(role="mentee")

    sign_in(page, live_server.url, mentee_user.email)
    page.goto(f"{live_server.url}/p/{program.slug}/reports/")
    check_accessibility(page)
    with page.expect_download() as download_info:
        page.click(f"#my-certificates a[href$='/certificates/{certificate.pk}/pdf/']")
    download = download_info.value
    assert download.suggested_filename == f"certificate-{certificate.code}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    pdf_screenshot(pdf, "reports-certificate-pdf")

    page.goto(f"{live_server.url}/certificates/{certificate.code}/")
    expect(page.locator("#certificate-valid")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Valentina Gómez Ñáñez")
    check_accessibility(page)
    screenshot(page, "reports-certificate-check")
    assert services.certificates_issue(program=program, by=coordinator) == []
