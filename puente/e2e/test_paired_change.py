"""The coordinator's final report shows, beside the indicators' means, the change per
participant and the difference in differences with their intervals (the user guide's
screenshot), readable with a screen reader (axe) and in Spanish."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from puente.conftest import build_world
from puente.core.permissions import Role
from puente.e2e.conftest import SCREENSHOTS, check_accessibility
from puente.e2e.test_foundation import sign_in
from puente.factories import MembershipFactory, UserFactory
from puente.instruments.services import instrument_from_template, version_publish
from puente.monitoring import comparison, services
from puente.monitoring.models import RoundInvitation
from puente.recruitment.models import Application, Call

TODAY = dt.date(2026, 11, 23)
MENTEES = [(2, 4), (2, 4), (3, 4), (3, 5), (2, 3), (3, 4), (1, 3), (2, 3)]
WAITING = [(2, 2), (3, 4), (2, 2), (3, 4), (3, 3), (2, 3)]


def _report_world():
    world = build_world()
    world.coordinator.language = "es"
    world.coordinator.save()
    mentees = [world.program.memberships.get(role=Role.MENTEE)]
    for n in range(len(MENTEES) - 1):
        mentees.append(
            MembershipFactory(
                user=UserFactory(email=f"empresa{n}@example.org"),
                program=world.program,
                role=Role.MENTEE,
                wave=world.wave,
            )
        )
    now = timezone.now()
    call = Call.objects.create(
        program=world.program,
        wave=world.wave,
        title="Convocatoria",
        slug="convocatoria",
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=60),
    )
    for n in range(len(WAITING)):
        Application.objects.create(
            call=call,
            role=Role.MENTEE,
            email=f"espera{n}@example.org",
            status=Application.Status.WAITLISTED,
            token_hash=f"{n:064d}",
        )
    services.indicator_save(
        program=world.program,
        data={
            "name": "Confianza para vender a grandes compradores",
            "unit": "de 5",
            "computation": "answer_mean",
            "question_key": "confidence",
        },
    )
    for step, kind in enumerate(("baseline", "endline")):
        survey = instrument_from_template(program=world.program, template_key=f"{kind}-survey")
        version_publish(version=survey.versions.get(), by=world.coordinator)
        round_ = services.round_open(
            program=world.program,
            wave=world.wave,
            kind=kind,
            instrument=survey,
            roles=[Role.MENTEE],
            by=world.coordinator,
            today=TODAY,
            notify=False,
        )
        comparison.comparison_invite(round_=round_, by=world.coordinator, notify=False)
        for membership, values in zip(mentees, MENTEES, strict=True):
            services.round_answer(
                invitation=RoundInvitation.objects.get(round=round_, user=membership.user),
                cleaned={"confidence": values[step]},
            )
        invitations = RoundInvitation.objects.filter(round=round_, comparison=True)
        for invitation, values in zip(invitations.order_by("pk"), WAITING, strict=True):
            services.round_answer(invitation=invitation, cleaned={"confidence": values[step]})
    return world


def test_final_report_shows_change_per_participant_and_the_comparison(
    page: Page, live_server, transactional_db
):
    world = _report_world()
    sign_in(page, live_server.url, world.coordinator.email)
    page.goto(f"{live_server.url}/p/{world.program.slug}/reports/program/")
    block = page.locator(".paired").first
    expect(block).to_contain_text("Cambio por participante")
    expect(block).to_contain_text("Diferencia en diferencias")
    expect(block).to_contain_text(
        "subió 1,5 puntos en una escala de 5 puntos (IC 95 % 1,1–1,9), n = 8"
    )
    expect(block).to_contain_text("No aleatorizado")
    check_accessibility(page)
    block.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".indicator-block", has=block).first.screenshot(
        path=str(SCREENSHOTS / "paired-change.png")
    )
