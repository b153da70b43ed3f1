"""Demo monitoring and evaluation: in "Mujeres proveedoras", the running cohort's baseline and
midline (closed) and its endline (open, two thirds answered, the demo mentee not yet),
with answers that show the change the program is after, and seven indicators with targets; a
closed baseline in "Mentoría código abierto".

Runs once per program (a second seed leaves it as it is). Answers come from a seeded random
generator, every date and time is fixed, and the services send no email.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from puente.core.permissions import Role
from puente.instruments.models import Instrument
from puente.instruments.services import instrument_from_template, version_publish
from puente.monitoring.models import Indicator, Round, RoundInvitation, RoundKind
from puente.monitoring.services import indicator_save, round_answer, round_close, round_open
from puente.programs.models import Program

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
    {
        "name": "Confianza para vender a grandes compradores",
        "definition": "Promedio de la autoevaluación de 1 a 5.",
        "unit": "de 5",
        "level": Indicator.Level.OUTCOME,
        "target": Decimal(4),
        "computation": Indicator.Computation.ANSWER_MEAN,
        "question_key": "confidence",
        "role": Role.MENTEE,
        "disaggregation": Indicator.Disaggregation.TRACK,
    },
    {
        "name": "Empresas con proceso formal de órdenes de compra",
        "definition": "Porcentaje de empresas que reciben y gestionan órdenes de compra formales.",
        "unit": "%",
        "level": Indicator.Level.OUTCOME,
        "target": Decimal(60),
        "computation": Indicator.Computation.ANSWER_SHARE_YES,
        "question_key": "po_process",
        "role": Role.MENTEE,
        "disaggregation": Indicator.Disaggregation.TRACK,
    },
    {
        "name": "Empresas que vendieron a un comprador corporativo",
        "definition": "Porcentaje de empresas con al menos una venta a una gran empresa en los "
        "últimos seis meses.",
        "unit": "%",
        "level": Indicator.Level.IMPACT,
        "target": Decimal(30),
        "computation": Indicator.Computation.ANSWER_SHARE_YES,
        "question_key": "sold_to_corporate",
        "role": Role.MENTEE,
    },
    {
        "name": "Ventas mensuales promedio",
        "definition": "Promedio de las ventas del último mes declaradas por las empresas.",
        "unit": "USD",
        "level": Indicator.Level.IMPACT,
        "target": Decimal(3500),
        "computation": Indicator.Computation.ANSWER_MEAN,
        "question_key": "monthly_sales",
        "role": Role.MENTEE,
        "disaggregation": Indicator.Disaggregation.TRACK,
    },
]

CODIGO_INDICATORS: list[dict[str, Any]] = [
    {
        "name": "Confianza en el propio camino profesional",
        "definition": "Promedio de la autoevaluación de 1 a 5.",
        "unit": "de 5",
        "level": Indicator.Level.OUTCOME,
        "target": Decimal(4),
        "computation": Indicator.Computation.ANSWER_MEAN,
        "question_key": "confidence",
        "role": Role.MENTEE,
    },
]


def _surveys(program: Program, by: Any) -> dict[str, Instrument]:
    surveys: dict[str, Instrument] = {}
    for kind in RoundKind:
        instrument = instrument_from_template(program=program, template_key=f"{kind}-survey")
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
    return {
        "confidence": confidence,
        "po_process": "yes" if po else "no",
        "sold_to_corporate": "yes" if sold else "no",
        "monthly_sales": sales,
    }


def _seed_program(
    slug: str,
    wave_number: int,
    rounds: list[tuple[str, dt.date, dt.date | None, float]],
    indicators: list[dict[str, Any]],
) -> None:
    program = Program.objects.get(slug=slug)
    if Round.objects.filter(program=program).exists():
        return
    rng = random.Random(f"{SEED}-{slug}")  # noqa: S311 - demo data, not security
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    by = coordinator.user if coordinator else None
    wave = program.waves.get(number=wave_number)
    surveys = _surveys(program, by)
    starts: dict[int, dict[str, Any]] = {}
    for kind, opened_on, closed_on, share in rounds:
        round_ = round_open(
            program=program,
            wave=wave,
            kind=kind,
            instrument=surveys[kind],
            roles=[Role.MENTEE],
            by=by,
            today=opened_on,
            closes_on=closed_on or opened_on + dt.timedelta(days=14),
            notify=False,
        )
        invitations = list(
            RoundInvitation.objects.filter(round=round_).select_related("user").order_by("pk")
        )
        answering = [i for i in invitations if not i.user.email.startswith(PERSONA)]
        answering = answering[: round(share * len(invitations))]
        for day, invitation in enumerate(answering):
            start = starts.setdefault(
                invitation.user_id,
                {
                    "confidence": rng.randint(1, 3),
                    "po": rng.random() < 0.2,
                    "sold": rng.random() < 0.1,
                    "sales": Decimal(rng.randrange(800, 3200, 50)),
                    "growth": Decimal(1),
                },
            )
            round_answer(
                invitation=invitation,
                cleaned=_answer(rng, kind, start),
                now=_at(opened_on + dt.timedelta(days=day % 7), hour=9 + day % 9),
            )
        if closed_on is not None:
            round_close(round_=round_, by=by, now=_at(closed_on, hour=18))
    for data in indicators:
        indicator_save(program=program, data=data)


@transaction.atomic
def seed_monitoring() -> None:
    _seed_program("mujeres-proveedoras", 2, PROVEEDORAS_ROUNDS, PROVEEDORAS_INDICATORS)
    _seed_program("mentoria-codigo-abierto", 2, CODIGO_ROUNDS, CODIGO_INDICATORS)
