"""A mentee completes the endline survey and the coordinator's indicator view updates; the
program health page for the guide."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from puente.core.permissions import Role
from puente.e2e.conftest import check_accessibility, screenshot
from puente.e2e.test_foundation import sign_in
from puente.factories import (
    MembershipFactory,
    ProgramFactory,
    TrackFactory,
    UserFactory,
    WaveFactory,
)
from puente.instruments.services import instrument_from_template, version_publish
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import RiskFlag, SessionPlan
from puente.monitoring import services
from puente.monitoring.models import RoundInvitation

NAMES = [
    "Yolanda Caicedo",
    "Rosa Mamani",
    "Carmen Quispe",
    "Lucía Torres",
    "Ana Vélez",
    "Marta Rojas",
]


def _answers(round_, people, rows):
    for user, (confidence, po, sales) in zip(people, rows, strict=False):
        services.round_answer(
            invitation=RoundInvitation.objects.get(round=round_, user=user),
            cleaned={
                "confidence": confidence,
                "po_process": po,
                "sold_to_corporate": "no",
                "monthly_sales": sales,
            },
        )


def _program():
    today = timezone.localdate()
    program = ProgramFactory(slug="proveedoras", name="Mujeres proveedoras")
    wave = WaveFactory(program=program, number=1, name="Cohorte 1")
    track = TrackFactory(program=program, name="Primera venta a empresas")
    coordinator = UserFactory(email="coordinadora@example.org", full_name="Lucía Ramírez")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    mentees = []
    for index, name in enumerate(NAMES):
        user = UserFactory(email=f"empresaria{index}@example.org", full_name=name, gender="Mujer")
        mentees.append(
            MembershipFactory(user=user, program=program, role=Role.MENTEE, wave=wave, track=track)
        )
    SessionPlan.objects.create(program=program, meetings=8, span_weeks=16)
    for index, mentee in enumerate(mentees[:4]):
        mentor = MembershipFactory(
            user=UserFactory(full_name=f"Mentora {index + 1}"),
            program=program,
            role=Role.MENTOR,
            wave=wave,
        )
        Match.objects.create(program=program, wave=wave, mentor=mentor, mentee=mentee)
    for index, relationship in enumerate(mentoring.relationships_from_matches(program=program)):
        for meeting in relationship.meetings.order_by("number"):
            meeting.planned_on = today + dt.timedelta(days=14 * (meeting.number - 4))
            meeting.save(update_fields=["planned_on"])
        for number in range(1, 4 - index % 3):
            mentoring.meeting_log(
                meeting=relationship.meetings.get(number=number),
                by=relationship.mentor.user,
                data={"held": number != 2 or index != 1, "duration_minutes": 90},
            )
        if index == 1:
            RiskFlag.objects.create(
                relationship=relationship,
                reason=RiskFlag.Reason.TWO_MISSED,
                month=today.replace(day=1),
                raised_on=today,
            )
    surveys = {}
    for kind in ("baseline", "endline"):
        instrument = instrument_from_template(program=program, template_key=f"{kind}-survey")
        version_publish(version=instrument.versions.get(), by=coordinator)
        surveys[kind] = instrument
    people = [m.user for m in mentees]
    rounds = {
        kind: services.round_open(
            program=program,
            wave=wave,
            kind=kind,
            instrument=surveys[kind],
            roles=[Role.MENTEE],
            by=coordinator,
            today=today,
            notify=False,
        )
        for kind in ("baseline", "endline")
    }
    _answers(
        rounds["baseline"],
        people,
        [(2, "no", 1000), (2, "no", 1200), (3, "yes", 900), (2, "no", 1500), (3, "no", 800)],
    )
    services.round_close(round_=rounds["baseline"], by=coordinator)
    # Four of the five endline answers are in: too few to show; the first mentee's is missing.
    _answers(
        rounds["endline"],
        people[1:],
        [(4, "yes", 1500), (4, "yes", 1100), (3, "yes", 1800), (4, "no", 1000)],
    )
    for name, key in (
        ("Confianza para vender", "confidence"),
        ("Ventas mensuales", "monthly_sales"),
    ):
        services.indicator_save(
            program=program,
            data={
                "name": name,
                "computation": "answer_mean",
                "question_key": key,
                "level": "outcome",
                "target": 4 if key == "confidence" else 1500,
                "unit": "de 5" if key == "confidence" else "USD",
            },
        )
    services.indicator_save(
        program=program,
        data={"name": "Reuniones realizadas", "computation": "meetings_held", "level": "output"},
    )
    return program, coordinator, people[0], rounds["endline"]


def test_mentee_completes_the_endline_and_the_indicators_update(
    page: Page, live_server, transactional_db
) -> None:
    program, coordinator, mentee, endline = _program()
    base = f"{live_server.url}/p/{program.slug}"
    overall = "#indicator-{} tr.overall td"

    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{base}/health/")
    check_accessibility(page)
    expect(page.locator("#health-logs-missing")).to_be_visible()
    expect(page.locator("#health-at-risk")).to_contain_text("Rosa Mamani")
    screenshot(page, "monitoring-health")

    page.goto(f"{base}/monitoring/indicators/")
    confidence = program.indicators.get(question_key="confidence")
    cells = page.locator(overall.format(confidence.pk))
    expect(cells.nth(0)).to_contain_text("2.4")
    before = cells.nth(2).inner_text()
    assert re.search(r"5", before) and not re.search(r"\d\.\d", before)  # "fewer than 5"
    page.context.clear_cookies()

    sign_in(page, live_server.url, mentee.email)
    page.goto(f"{base}/monitoring/surveys/")
    check_accessibility(page)
    page.click(f"#my-surveys a[href$='/rounds/{endline.pk}/answer/']")
    check_accessibility(page)
    form = page.locator("#round-answer-form")
    form.locator("input[name='confidence'][value='5']").check()
    form.locator("input[name='formally_registered'][value='yes']").check()
    form.locator("input[name='po_process'][value='yes']").check()
    form.locator("input[name='sold_to_corporate'][value='yes']").check()
    form.locator("input[name='corporate_sales']").fill("1200")
    form.locator("input[name='monthly_sales']").fill("2600")
    form.locator("button[type=submit]").click()
    expect(page.locator("#already-answered")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{base}/monitoring/indicators/")
    cells = page.locator(overall.format(confidence.pk))
    expect(cells.nth(2)).to_contain_text("4")  # (4 + 4 + 3 + 4 + 5) / 5 = 4
    expect(cells.nth(3)).to_contain_text("+1.6")  # from 2.4
    check_accessibility(page)
    screenshot(page, "monitoring-indicators")

    page.goto(f"{base}/monitoring/rounds/{endline.pk}/")
    expect(page.locator("#round-rates")).to_contain_text("83%")
    check_accessibility(page)
    screenshot(page, "monitoring-round")
