"""Demo growth plans: in "mujeres-proveedoras" every business with a relationship has a business
gap assessment answered by itself and its mentor, measured against the requirements of the buyer
it targets (every business targets one of the program's buyers, some two; each buyer states a
level and, in words, what it asks for in every area), with prioritised improvement areas, goals,
actions and progress updates; a few pairs of the other programs have a personal-skills plan.

Runs once per program (a second seed leaves it as it is); values come from generators seeded
with fixed strings and dates from each relationship's own calendar.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from puente.core.permissions import Role
from puente.demo.mentoring import TODAY
from puente.instruments.models import Instrument
from puente.mentoring.models import Meeting, Relationship
from puente.plans import selectors, services
from puente.plans.models import AreaQuestion, GrowthPlan
from puente.programs import services as programs
from puente.programs.models import FocusArea, Program

D = Decimal
BUSINESS_PROGRAM = "mujeres-proveedoras"
PERSONAL_PROGRAMS = {"mentoria-codigo-abierto": 4, "mentoria-inversa": 3}
# The program's default target per area of the business assessment (1 to 5).
DEFAULT_LEVELS: dict[str, int] = {
    "formal_registration": 4,
    "finances_cash_flow": 3,
    "purchase_orders": 3,
    "quality_certifications": 3,
    "pricing": 3,
    "b2b_sales": 3,
    "digital_presence": 2,
}
# What each buyer asks of a supplier, per area of the business assessment: the level and, in
# words, what it takes (as their procurement teams write it).
BUYER_REQUIREMENTS: dict[str, dict[str, tuple[int, str]]] = {
    "Supermercados El Trigal": {
        "formal_registration": (5, "RUT y cámara de comercio vigentes; factura electrónica."),
        "finances_cash_flow": (3, "Aguantar 60 días de plazo de pago sin frenar la producción."),
        "purchase_orders": (4, "Confirmar cada orden de compra en 48 horas en el portal."),
        "quality_certifications": (5, "Registro sanitario vigente y visita de calidad aprobada."),
        "pricing": (4, "Lista de precios por volumen, estable durante seis meses."),
        "b2b_sales": (3, "Haber atendido al menos a un cliente institucional."),
        "digital_presence": (2, "Ficha técnica y foto de cada producto en formato digital."),
    },
    "Cadena Hotelera Mar Azul": {
        "formal_registration": (4, "Empresa formalizada que emite factura electrónica."),
        "finances_cash_flow": (3, "Pago a 45 días."),
        "purchase_orders": (3, "Entregas por temporada con 30 días de aviso."),
        "quality_certifications": (4, "Muestras aprobadas antes de cada pedido; ficha técnica."),
        "pricing": (3, "Cotización por hotel y por temporada."),
        "b2b_sales": (4, "Dos referencias comerciales de clientes empresariales."),
        "digital_presence": (3, "Catálogo en línea con fotos y materiales de cada producto."),
    },
    "Compañía Minera Cerro Alto": {
        "formal_registration": (5, "Personal afiliado a la seguridad social; póliza de RC."),
        "finances_cash_flow": (4, "Estados financieros de dos años; facturar a 90 días."),
        "purchase_orders": (3, "Cumplir el 95 % de las órdenes a tiempo en el campamento."),
        "quality_certifications": (3, "Sistema de gestión de seguridad y salud en el trabajo."),
        "pricing": (3, "Precio fijo por contrato anual, con reajuste por IPC."),
        "b2b_sales": (4, "Contratos previos con empresas medianas o grandes."),
        "digital_presence": (2, "Correo corporativo y alta en el portal de proveedores."),
    },
}
GOALS = {
    "formal_registration": ("Facturar electrónicamente", "facturas electrónicas emitidas", 0, 10),
    "finances_cash_flow": ("Ordenar el flujo de caja", "meses con flujo de caja al día", 0, 3),
    "purchase_orders": ("Responder órdenes de compra a tiempo", "% de órdenes a tiempo", 40, 95),
    "quality_certifications": ("Obtener la certificación sanitaria", "requisitos cumplidos", 2, 8),
    "pricing": ("Costear los productos principales", "productos costeados", 0, 5),
    "b2b_sales": ("Cotizar a compradores corporativos", "cotizaciones enviadas", 0, 4),
    "digital_presence": ("Publicar el catálogo en línea", "productos publicados", 0, 20),
    "negotiation": ("Negociar con preparación", "negociaciones preparadas", 0, 3),
    "communication": ("Presentar en público", "presentaciones dadas", 0, 2),
    "leadership": ("Delegar tareas del equipo", "tareas delegadas", 0, 5),
    "confidence": ("Pedir lo que necesito", "solicitudes hechas", 0, 4),
}
RESOURCES = {
    "formal_registration": ("Guía de facturación electrónica", "guia-facturacion-electronica"),
    "finances_cash_flow": ("Plantilla de flujo de caja", "plantilla-flujo-de-caja"),
    "purchase_orders": ("Módulo: órdenes de compra paso a paso", "ordenes-de-compra"),
    "quality_certifications": ("Lista de requisitos de calidad", "requisitos-de-calidad"),
    "pricing": ("Calculadora de costos y precios", "costos-y-precios"),
    "b2b_sales": ("Módulo: vender a empresas", "vender-a-empresas"),
    "digital_presence": ("Taller de catálogo en línea", "catalogo-en-linea"),
    "negotiation": ("Módulo: negociación", "negociacion"),
    "communication": ("Módulo: comunicación efectiva", "comunicacion-efectiva"),
    "leadership": ("Módulo: liderazgo", "liderazgo"),
    "confidence": ("Módulo: confianza y asertividad", "confianza"),
}
LIBRARY = "https://puente.example/biblioteca/"


def _answers(rng: random.Random, keys: list[str], low: int, high: int) -> dict[str, int]:
    return {key: rng.randint(low, high) for key in keys}


def _seed_plan(
    relationship: Relationship,
    instrument: Instrument,
    index: int,
    today: dt.date,
) -> None:
    rng = random.Random(f"plans-{relationship.program.slug}-{index}")  # noqa: S311 - demo data
    mentee = relationship.mentees.select_related("user").order_by("pk").first()
    if mentee is None:
        return
    mentor = relationship.mentor.user
    # Measured against the first buyer its business targets (see _link_businesses).
    plan = services.plan_open(relationship=relationship, mentee=mentee)
    assessment = services.assessment_start(plan=plan, instrument=instrument)
    mapped = {
        m.question_key: m.focus_area
        for m in AreaQuestion.objects.filter(instrument=instrument).select_related("focus_area")
    }
    keys = list(mapped)
    services.assessment_answer(
        assessment=assessment,
        side="mentee",
        by=mentee.user,
        cleaned=_answers(rng, keys, 1, 4),
        submit=True,
    )
    # Every fourth mentor has a draft only: their view is still missing from the report.
    services.assessment_answer(
        assessment=assessment,
        side="mentor",
        by=mentor,
        cleaned=_answers(rng, keys, 1, 4),
        submit=index % 4 != 3,
    )
    if index % 5 == 4:
        return  # assessed, but the plan is still to be drawn up together
    plan.refresh_from_db()
    rows = selectors.gap_report(plan, selectors.plan_assessments(plan)).rows
    by_area = {area.pk: key for key, area in mapped.items()}
    widest = sorted(rows, key=lambda r: (-(r.gap or D(-9)), r.name))[:3]
    held = list(relationship.meetings.filter(status=Meeting.Status.HELD).order_by("number"))
    for rank, row in enumerate(widest):
        key = by_area[row.area_id]
        area = services.area_prioritise(
            plan=plan,
            focus_area=mapped[key],
            impact=5 - rank if rank < 2 else rng.randint(2, 4),
            urgency=rng.randint(2, 5),
            note="La brecha más grande frente a lo que pide el comprador." if rank == 0 else "",
        )
        if rank == 2:
            continue
        title, indicator, start, target = GOALS[key]
        goal = services.goal_create(
            plan=plan,
            area=area,
            title=title,
            indicator=indicator,
            start_value=D(start),
            target_value=D(target),
            starts_on=relationship.starts_on,
            target_date=relationship.ends_on,
        )
        resource_title, slug = RESOURCES[key]
        study = services.action_create(
            plan=plan,
            goal=goal,
            title=f"Estudiar: {resource_title.lower()}",
            owner="mentee",
            due_on=relationship.starts_on + dt.timedelta(weeks=3 + rank * 2),
            resource_title=resource_title,
            resource_url=f"{LIBRARY}{slug}",
        )
        if study.due_on < today and rank == 0:
            services.action_status_set(action=study, status="done")
        action = services.action_create(
            plan=plan,
            goal=goal,
            title="Revisar juntas el avance con un caso real",
            owner="mentor",
            due_on=relationship.starts_on + dt.timedelta(weeks=6 + rank * 2),
        )
        if action.due_on < today:
            services.action_status_set(action=action, status="done" if rank == 0 else "doing")
        # Progress at the held meetings: a step at every third one.
        steps = held[2::3]
        for n, meeting in enumerate(steps, start=1):
            share = min(100, n * rng.randint(15, 35))
            services.progress_record(
                goal=goal,
                by=mentor if n % 2 else mentee.user,
                value=D(start + round((target - start) * share / 100)),
                note="Lo revisamos en la reunión.",
                meeting=meeting,
                at=dt.datetime.combine(meeting.planned_on, dt.time(20, 0), tzinfo=dt.UTC),
            )


def _seed_program(slug: str, template_key: str, limit: int | None, today: dt.date) -> None:
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        return
    relationships = sorted(Relationship.objects.filter(program=program), key=lambda r: r.pk)
    if not relationships or GrowthPlan.objects.filter(relationship__program=program).exists():
        return
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    if coordinator is None:
        return
    instrument = services.assessment_setup(
        program=program, template_key=template_key, by=coordinator.user
    )
    if template_key == "business-gap-assessment":
        _seed_targets(program, instrument)
        _link_businesses(program)
    for index, relationship in enumerate(relationships[:limit]):
        _seed_plan(relationship, instrument, index, today)


def _seed_targets(program: Program, instrument: Instrument) -> None:
    """The program's default levels, and each buyer's requirements in words and levels."""
    areas: dict[str, FocusArea] = {
        m.question_key: m.focus_area
        for m in AreaQuestion.objects.filter(instrument=instrument).select_related("focus_area")
    }
    services.targets_save(
        program=program,
        levels={(area.pk, None): D(DEFAULT_LEVELS[key]) for key, area in areas.items()},
    )
    for buyer in program.buyers.order_by("name"):
        asked = BUYER_REQUIREMENTS.get(buyer.name, {})
        services.buyer_requirements_save(
            program=program,
            buyer=buyer,
            requirements={
                areas[key].pk: (D(level), words)
                for key, (level, words) in asked.items()
                if key in areas
            },
        )


def _link_businesses(program: Program) -> None:
    """Every business targets a buyer, in turn; every third one a second buyer as well."""
    buyers = list(program.buyers.filter(archived_at__isnull=True).order_by("name"))
    if not buyers:
        return
    mentees = program.memberships.filter(role=Role.MENTEE).order_by("pk")
    for index, mentee in enumerate(mentees):
        chosen = [buyers[index % len(buyers)]]
        if index % 3 == 2 and len(buyers) > 1:
            chosen.append(buyers[(index + 1) % len(buyers)])
        programs.business_buyers_set(membership=mentee, buyers=chosen)


@transaction.atomic
def seed_plans(today: dt.date = TODAY) -> None:
    _seed_program(BUSINESS_PROGRAM, "business-gap-assessment", None, today)
    for slug, limit in PERSONAL_PROGRAMS.items():
        _seed_program(slug, "personal-skills-assessment", limit, today)
