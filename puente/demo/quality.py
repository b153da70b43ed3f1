"""Demo data quality in "Mujeres proveedoras": real flags on the running cohort's rounds, so that
each round's data-quality page has something true to show.

- The program's own range: a supplier of the program sells under 50,000 dollars a month (the
  rule replaces the question's wide bounds in every round); one business typed 64,000 at the
  endline (out of range, and an outlier of the round).
- One business's baseline sales were typed in hundreds (a jump of more than 100 times to its
  later rounds).
- Two accounts registered the same business (typed another way) and both answered the endline.
- Two endline sales looked low for the round (outliers); the coordinator called and accepted
  them with a note.
- The endline survey ends with a grid of five business practices (1 to 5); one business gave
  every item the same answer (straight-lining).

Runs once (a second seed leaves it as it is); every value is fixed or drawn from a seeded
generator, and the checks are run at the end so the flags are there without a worker.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from puente.core.permissions import Role
from puente.instruments.engine import store_answers
from puente.instruments.models import Answer, Instrument, QuestionType
from puente.instruments.services import question_add
from puente.monitoring import quality
from puente.monitoring.models import Round, RoundKind
from puente.programs.models import Program

SLUG = "mujeres-proveedoras"
SEED = 2026
PERSONA = "empresaria.proveedoras"
MONTHLY_SALES_MAX = Decimal(50000)
DECIDED_AT = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)

# The endline's grid of business practices: (key, Spanish, English).
PRACTICES = [
    ("practice_records", "Llevo registros de ventas y gastos", "I keep sales and expense records"),
    ("practice_costs", "Conozco el costo de cada producto", "I know what each product costs"),
    ("practice_quotes", "Preparo cotizaciones formales", "I prepare formal quotes"),
    ("practice_delivery", "Cumplo las fechas de entrega", "I meet delivery dates"),
    ("practice_invoices", "Emito facturas electrónicas", "I issue electronic invoices"),
]


def add_practices_grid(instrument: Instrument) -> None:
    """The five practices (scale 1 to 5, optional) at the end of a survey's draft version."""
    version = instrument.versions.get()
    for key, label, label_en in PRACTICES:
        question_add(
            version=version,
            key=key,
            type=QuestionType.SCALE,
            scale="1-5",
            label=label,
            label_en=label_en,
            help_text="1 = nunca, 5 = siempre.",
            help_text_en="1 = never, 5 = always.",
            required=False,
        )


def _set_number(submission_id: int | None, key: str, value: Decimal) -> None:
    if submission_id is None:
        return
    Answer.objects.filter(submission_id=submission_id, question__key=key).update(number=value)


@transaction.atomic
def seed_quality() -> None:
    program = Program.objects.filter(slug=SLUG).first()
    if program is None:
        return
    rounds = {r.kind: r for r in Round.objects.filter(program=program, wave__number=2)}
    endline, baseline = rounds.get(RoundKind.ENDLINE), rounds.get(RoundKind.BASELINE)
    if endline is None or baseline is None:
        return
    coordinator = (
        program.memberships.filter(role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    by = coordinator.user if coordinator else None
    answered = [
        i
        for i in endline.invitations.filter(answered_at__isnull=False, user__isnull=False)
        .select_related("user__business")
        .order_by("pk")
        if i.user is not None and not i.user.email.startswith(PERSONA)
    ]
    if len(answered) < 10:
        return
    # Two accounts of one business: the second typed its name another way. Written again on
    # every seed, since the people's seed writes the businesses' names again.
    first, second = answered[2].user, answered[8].user
    if (
        first is not None
        and second is not None
        and hasattr(first, "business")
        and hasattr(second, "business")
    ):
        second.business.legal_name = first.business.legal_name.upper().replace(".", "")
        second.business.save(update_fields=["legal_name", "updated_at"])
    if endline.quality_rules.filter(kind="range", max_value=MONTHLY_SALES_MAX).exists():
        return
    # The grid of practices, answered by every business at the endline; one straight-liner.
    rng = random.Random(f"{SEED}-{SLUG}-practices")  # noqa: S311 - demo data
    questions = list(endline.version.questions.all())
    for n, invitation in enumerate(answered):
        grid = {key: 4 if n == 6 else rng.randint(2, 5) for key, _label, _en in PRACTICES}
        if n != 6 and len(set(grid.values())) == 1:
            grid[PRACTICES[-1][0]] = 1 + grid[PRACTICES[-1][0]] % 5
        if invitation.submission is not None:
            store_answers(invitation.submission, grid, questions)
    # Out of range (and an outlier): 64,000 dollars in a month.
    _set_number(answered[1].submission_id, "monthly_sales", Decimal(64000))
    # Baseline sales typed in hundreds: more than 100 times less than at the endline.
    jumper = answered[3]
    later = Answer.objects.get(submission=jumper.submission_id, question__key="monthly_sales")
    before = baseline.invitations.filter(user=jumper.user, submission__isnull=False).first()
    if before is not None and later.number:
        _set_number(
            before.submission_id, "monthly_sales", (later.number / 150).quantize(Decimal(1))
        )
    for round_ in rounds.values():
        quality.rule_save(
            round_=round_,
            data={
                "kind": "range",
                "question_key": "monthly_sales",
                "min_value": Decimal(0),
                "max_value": MONTHLY_SALES_MAX,
            },
            by=by,
        )
        quality.round_check(round_=round_)
    # The coordinator has called the two businesses whose sales looked low for the round.
    low = endline.flags.filter(kind="outlier", answer__number__lt=MONTHLY_SALES_MAX)
    for flag in low.order_by("pk"):
        quality.flag_decide(
            flag=flag,
            status="accepted",
            note="Confirmado por teléfono con la empresaria: fue un mes flojo.",
            by=by,
            now=DECIDED_AT,
        )
