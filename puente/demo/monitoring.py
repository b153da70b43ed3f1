"""Demo monitoring and evaluation, each program with the indicator pack of its kind: in "Mujeres
proveedoras" (supplier businesses, with targets and three activity indicators), the running
cohort's baseline and midline (closed) and its endline (open, two thirds answered, the demo
mentee not yet), with answers that show the change the program is after; a closed baseline in
"Mentoría código abierto" (community); and "Mentoría inversa" as a funder first sees a pilot:
its pack, targets to fill in, no round yet.

The supplier program also has a comparison group: ten businesses of the wave's call that were
eligible and waitlisted (beyond its capacity), invited to the baseline and endline rounds,
whose answers change less than the mentored businesses', so its final report shows the change
per participant and the difference in differences with their intervals (not randomized).

Runs once per program (a second seed leaves it as it is). Answers come from a seeded random
generator, every date and time is fixed, and the services send no email.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from puente.core.permissions import Role
from puente.demo.quality import add_practices_grid
from puente.instruments.catalog import survey_key
from puente.instruments.models import Instrument
from puente.instruments.services import instrument_from_template, version_publish
from puente.monitoring import packs
from puente.monitoring.comparison import comparison_invite
from puente.monitoring.models import Indicator, Round, RoundInvitation, RoundKind
from puente.monitoring.services import (
    indicator_pack_create,
    indicator_save,
    round_answer,
    round_close,
    round_open,
)
from puente.programs.models import Program, Wave
from puente.recruitment.models import Application, Call

SEED = 2026
PERSONA = "empresaria.proveedoras"


def _at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


# (kind, opened on, closed on or None while open, share of the invited who answer)
PROVEEDORAS_ROUNDS: list[tuple[str, dt.date, dt.date | None, float]] = [
    (RoundKind.BASELINE, dt.date(2026, 9, 7), dt.date(2026, 9, 21), 17 / 18),
    (RoundKind.MIDLINE, dt.date(2026, 10, 26), dt.date(2026, 11, 9), 15 / 18),
    (RoundKind.ENDLINE, dt.date(2026, 11, 16), None, 12 / 18),
]
CODIGO_ROUNDS: list[tuple[str, dt.date, dt.date | None, float]] = [
    (RoundKind.BASELINE, dt.date(2026, 11, 2), dt.date(2026, 11, 16), 0.85)
]

# Targets of the supplier pack's indicators (by question key), and the activity indicators the
# coordinator added to it.
PROVEEDORAS_TARGETS = {
    "sold_to_corporate": Decimal(30),
    "corporate_sales": Decimal(2500),
    "formally_registered": Decimal(90),
    "confidence": Decimal(4),
    "po_process": Decimal(60),
    "monthly_sales": Decimal(3500),
}
PROVEEDORAS_INDICATORS: list[dict[str, Any]] = [
    {
        "name": "Reuniones de mentoría realizadas",
        "definition": "Reuniones registradas como realizadas hasta la fecha de cada ronda.",
        "unit": "reuniones",
        "level": Indicator.Level.OUTPUT,
        "target": Decimal(180),
        "computation": Indicator.Computation.MEETINGS_HELD,
        "disaggregation": Indicator.Disaggregation.TRACK,
    },
    {
        "name": "Horas de mentoría recibidas",
        "definition": "Horas de reuniones realizadas que recibieron las empresarias.",
        "unit": "h",
        "level": Indicator.Level.OUTPUT,
        "target": Decimal(300),
        "computation": Indicator.Computation.MENTORING_HOURS,
    },
    {
        "name": "Asistencia a eventos del programa",
        "definition": "Porcentaje de personas invitadas que asistieron a los eventos.",
        "unit": "%",
        "level": Indicator.Level.OUTPUT,
        "target": Decimal(80),
        "computation": Indicator.Computation.EVENT_ATTENDANCE,
        "role": Role.MENTEE,
    },
]
# By track: the funder follows the two tracks apart.
PROVEEDORAS_BY_TRACK = {"confidence", "po_process", "monthly_sales"}
CODIGO_TARGETS = {"confidence": Decimal(4)}


def _surveys(program: Program, pack: packs.Pack, by: Any) -> dict[str, Instrument]:
    """The pack (its indicators and baseline survey) and the midline and endline surveys that
    ask the same questions."""
    made = indicator_pack_create(program=program, pack=pack, by=by)
    surveys: dict[str, Instrument] = {RoundKind.BASELINE: made.survey}
    for kind in (RoundKind.MIDLINE, RoundKind.ENDLINE):
        key = survey_key(pack.survey_prefix, kind)
        instrument = instrument_from_template(program=program, template_key=key)
        if pack.key == "suppliers" and kind == RoundKind.ENDLINE:
            # A grid of business practices, where the data-quality demo finds a straight-liner.
            add_practices_grid(instrument)
        version_publish(version=instrument.versions.get(), by=by)
        surveys[kind] = instrument
    return surveys


def _answer(rng: random.Random, kind: str, start: dict[str, Any]) -> dict[str, Any]:
    """One business's answers: its baseline drawn at random, later rounds grown from it."""
    step = {"baseline": 0, "midline": 1, "endline": 2}[kind]
    confidence = min(5, start["confidence"] + step * rng.choice((0, 1, 1)))
    po = start["po"] or rng.random() < 0.25 * step
    sold = start["sold"] or rng.random() < 0.18 * step
    if step:
        start["growth"] += Decimal(rng.randint(6, 22)) / 100
    sales = (start["sales"] * start["growth"]).quantize(Decimal(1))
    start.update(po=po, sold=sold)
    # Drawn apart, the same for a business every round, so that the draws above stay as they
    # were before these questions were asked: the round from which it is registered (3: not by
    # the endline) and the share of six months' sales that went to corporate buyers.
    side = random.Random(f"{SEED}-supplier-{start['id']}")  # noqa: S311 - demo data
    registered_from = side.choice((0, 0, 1, 2, 3))
    corporate_share = Decimal(side.randint(15, 45)) / 100
    return {
        "confidence": confidence,
        "formally_registered": "yes" if step >= registered_from else "no",
        "po_process": "yes" if po else "no",
        "sold_to_corporate": "yes" if sold else "no",
        "corporate_sales": (sales * 6 * corporate_share).quantize(Decimal(1)) if sold else 0,
        "monthly_sales": sales,
    }


def _community_answer(rng: random.Random, kind: str, start: dict[str, Any]) -> dict[str, Any]:
    """One mentee's answers to the community survey: the confidence drawn as a business's
    (the same draws), a first job or promotion and mentoring others from the round they come."""
    step = {"baseline": 0, "midline": 1, "endline": 2}[kind]
    confidence = _answer(rng, kind, start)["confidence"]
    side = random.Random(f"{SEED}-community-{start['id']}")  # noqa: S311 - demo data
    job_from, mentors_from = side.choice((0, 1, 2, 3, 3)), side.choice((1, 2, 3, 3, 3))
    return {
        "confidence": confidence,
        "job_or_promotion": "yes" if step >= job_from else "no",
        "mentors_others": "yes" if step >= mentors_from else "no",
    }


@dataclass(frozen=True)
class Plan:
    slug: str
    pack: str
    wave_number: int = 1
    rounds: list[tuple[str, dt.date, dt.date | None, float]] = field(default_factory=list)
    answer: Any = _answer
    targets: dict[str, Decimal] = field(default_factory=dict)
    by_track: set[str] = field(default_factory=set)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    comparison: int = 0  # how many waitlisted businesses form the comparison group


# The share of the comparison group that answers each round it is invited to.
COMPARISON_SHARE: dict[str, float] = {RoundKind.BASELINE: 1.0, RoundKind.ENDLINE: 0.8}
COMPARISON_NAMES = (
    "Yolanda Caicedo",
    "Nelly Angulo",
    "Rubiela Mosquera",
    "Esperanza Valencia",
    "Leidy Riascos",
    "Aura Cuero",
    "Maritza Obregón",
    "Dora Hurtado",
    "Gloria Palacios",
    "Inés Micolta",
)


def _comparison_group(program: Program, wave: Wave, size: int) -> None:
    """The wave's call (closed) with ``size`` eligible businesses waitlisted beyond capacity."""
    from puente.demo.recruitment import at, demo_token_hash

    call, _created = Call.objects.get_or_create(
        slug=f"{program.slug}-ola-{wave.number}",
        defaults={
            "program": program,
            "wave": wave,
            "title": "Ola 2: empresas lideradas por mujeres (convocatoria cerrada)",
            "opens_at": at(dt.date(2026, 6, 1), 9),
            "closes_at": at(dt.date(2026, 7, 15), 23),
            "is_published": False,
        },
    )
    for n, name in enumerate(COMPARISON_NAMES[:size]):
        email = f"empresa.espera.{n + 1:02d}@demo.puente.example"
        Application.objects.get_or_create(
            call=call,
            email=email,
            defaults={
                "role": Role.MENTEE,
                "full_name": name,
                "token_hash": demo_token_hash(email, call),
                "status": Application.Status.WAITLISTED,
                "submitted_at": at(dt.date(2026, 7, 1), 12),
                "decided_at": at(dt.date(2026, 8, 3), 16),
            },
        )


def _comparison_answer(rng: random.Random, kind: str, start: dict[str, Any]) -> dict[str, Any]:
    """A waitlisted business's answers: like a mentored one's at baseline, changing less."""
    step = {"baseline": 0, "midline": 1, "endline": 2}[kind]
    if step:
        start["confidence"] = min(5, start["confidence"] + rng.choice((0, 0, 0, 1)))
        start["po"] = start["po"] or rng.random() < 0.08
        start["sold"] = start["sold"] or rng.random() < 0.06
        start["growth"] += Decimal(rng.randint(0, 12)) / 100
    sales = (start["sales"] * start["growth"]).quantize(Decimal(1))
    return {
        "confidence": start["confidence"],
        "formally_registered": "yes" if start["registered"] else "no",
        "po_process": "yes" if start["po"] else "no",
        "sold_to_corporate": "yes" if start["sold"] else "no",
        "corporate_sales": (sales * 6 * Decimal("0.2")).quantize(Decimal(1))
        if start["sold"]
        else 0,
        "monthly_sales": sales,
    }


def _comparison_answers(
    plan: "Plan",
    round_: Round,
    by: Any,
    opened_on: dt.date,
    share: float,
) -> None:
    if round_.kind == RoundKind.BASELINE:
        _comparison_group(round_.program, round_.wave, plan.comparison)
    comparison_invite(round_=round_, by=by, notify=False)
    invitations = list(
        RoundInvitation.objects.filter(round=round_, comparison=True).order_by("application_id")
    )
    # Its own generator, seeded apart: the mentored businesses' answers stay as they were.
    side = random.Random(f"{SEED}-comparison")  # noqa: S311 - demo data
    starts = {
        invitation.application_id: {
            "confidence": side.randint(1, 3),
            "po": side.random() < 0.2,
            "sold": side.random() < 0.1,
            "sales": Decimal(side.randrange(800, 3200, 50)),
            "growth": Decimal(1),
            "registered": side.random() < 0.5,
        }
        for invitation in invitations
    }
    answering = invitations[: round(share * len(invitations))]
    for day, invitation in enumerate(answering):
        assert invitation.application_id is not None  # noqa: S101 - comparison invitations
        start = starts[invitation.application_id]
        round_answer(
            invitation=invitation,
            cleaned=_comparison_answer(side, round_.kind, start),
            now=_at(opened_on + dt.timedelta(days=1 + day % 6), hour=10 + day % 8),
        )


def _seed_program(plan: Plan) -> None:
    program = Program.objects.get(slug=plan.slug)
    if program.indicators.exists() or Round.objects.filter(program=program).exists():
        return
    rng = random.Random(f"{SEED}-{plan.slug}")  # noqa: S311 - demo data, not security
    coordinator = (
        program.memberships.filter(role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if coordinator is None:
        return
    by = coordinator.user
    surveys = _surveys(program, packs.get(plan.pack), by)
    for indicator in program.indicators.all():
        indicator_save(
            program=program,
            indicator=indicator,
            data={
                "target": plan.targets.get(indicator.question_key),
                "disaggregation": Indicator.Disaggregation.TRACK
                if indicator.question_key in plan.by_track
                else "",
            },
        )
    starts: dict[int, dict[str, Any]] = {}
    for kind, opened_on, closed_on, share in plan.rounds:
        round_ = round_open(
            program=program,
            wave=program.waves.get(number=plan.wave_number),
            kind=kind,
            instrument=surveys[kind],
            roles=[Role.MENTEE],
            by=by,
            today=opened_on,
            closes_on=closed_on or opened_on + dt.timedelta(days=14),
            notify=False,
        )
        invitations = list(
            RoundInvitation.objects.filter(round=round_, comparison=False)
            .select_related("user")
            .order_by("pk")
        )
        answering = [i for i in invitations if i.user and not i.user.email.startswith(PERSONA)]
        answering = answering[: round(share * len(invitations))]
        for day, invitation in enumerate(answering):
            assert invitation.user is not None  # noqa: S101 - members' invitations
            start = starts.setdefault(
                invitation.user.pk,
                {
                    "confidence": rng.randint(1, 3),
                    "po": rng.random() < 0.2,
                    "sold": rng.random() < 0.1,
                    "sales": Decimal(rng.randrange(800, 3200, 50)),
                    "growth": Decimal(1),
                    "id": invitation.user.email,
                },
            )
            round_answer(
                invitation=invitation,
                cleaned=plan.answer(rng, kind, start),
                now=_at(opened_on + dt.timedelta(days=day % 7), hour=9 + day % 9),
            )
        if plan.comparison and kind in COMPARISON_SHARE:
            _comparison_answers(plan, round_, by, opened_on, COMPARISON_SHARE[kind])
        if closed_on is not None:
            round_close(round_=round_, by=by, now=_at(closed_on, hour=18))
    for data in plan.indicators:
        indicator_save(program=program, data=data)


PLANS = [
    Plan(
        "mujeres-proveedoras",
        "suppliers",
        wave_number=2,
        rounds=PROVEEDORAS_ROUNDS,
        targets=PROVEEDORAS_TARGETS,
        by_track=PROVEEDORAS_BY_TRACK,
        indicators=PROVEEDORAS_INDICATORS,
        comparison=10,
    ),
    Plan(
        "mentoria-codigo-abierto",
        "community",
        wave_number=2,
        rounds=CODIGO_ROUNDS,
        answer=_community_answer,
        targets=CODIGO_TARGETS,
    ),
    # A pilot as its funder first sees it: the pack, its targets still to fill in, no round yet.
    Plan("mentoria-inversa", "reverse"),
]


@transaction.atomic
def seed_monitoring() -> None:
    for plan in PLANS:
        _seed_program(plan)
