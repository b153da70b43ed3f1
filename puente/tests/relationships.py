"""A relationship lived for a few weeks, for the tests and browser tests of its page."""

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.utils import timezone

from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services
from puente.mentoring.models import SessionPlan
from puente.plans import services as plans

THEMES = [
    "Presentaciones, expectativas, acuerdo y agenda",
    "Diagnóstico de la empresa",
    "Propuesta de valor para compradores corporativos",
    "Costos y precios",
    "Negociación",
    "Formalización y facturación electrónica",
    "Calidad y certificaciones",
    "Comunicación y presentación en público",
    "Plan de ventas",
    "Liderazgo e inteligencia emocional",
    "Preparar la rueda de negocios",
    "Cierre y próximos pasos",
]
TOPICS = (
    "Revisamos los costos de producción de las tres líneas de producto y calculamos el margen "
    "de cada una; la línea de uniformes pierde dinero en pedidos pequeños. Preparamos la ficha "
    "técnica que pide el comprador y la lista de certificaciones que faltan."
)


def lived_relationship(world, meetings=12):
    """A pair (the mentor with a new mentee) whose first meetings were held and logged, with a
    private note, the next meeting's time proposed, the agreement confirmed by both and a
    growth plan with open actions; ``meetings`` meetings in all."""
    today = timezone.localdate()
    SessionPlan.objects.get_or_create(
        program=world.program,
        wave=None,
        defaults={"meetings": 12, "span_weeks": 16, "themes": THEMES},
    )
    mentor = world.program.memberships.get(role=Role.MENTOR)
    mentee = MembershipFactory(
        user=UserFactory(full_name="Raúl Emprendedor", time_zone="Europe/Madrid"),
        program=world.program,
        role=Role.MENTEE,
        wave=world.wave,
    )
    tutor = world.program.memberships.get(role=Role.TUTOR)
    Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    TutorAssignment.objects.create(program=world.program, tutor=tutor, mentee=mentee)
    (relationship,) = services.relationships_from_matches(
        program=world.program, today=today - dt.timedelta(days=20)
    )
    relationship.meetings.filter(number__gt=meetings).delete()
    held = list(relationship.meetings.filter(planned_on__lt=today).order_by("number"))[:3]
    for meeting in held:
        services.meeting_log(
            meeting=meeting,
            by=world.mentor,
            data={
                "held": True,
                "duration_minutes": 90,
                "attended": [mentee],
                "topics": TOPICS,
                "next_steps": "Enviar la ficha técnica al comprador antes del viernes.",
                "shared_notes": "La empresaria trae las facturas del último trimestre.",
            },
        )
        services.private_note_add(meeting=meeting, by=world.mentor, text="Revisar su flujo.")
    upcoming = relationship.meetings.filter(planned_on__gte=today).order_by("number").first()
    zone = zoneinfo.ZoneInfo("America/Bogota")
    starts = dt.datetime.combine(upcoming.planned_on, dt.time(18, 30), tzinfo=zone)
    services.meeting_move(
        meeting=upcoming,
        on=upcoming.planned_on,
        by=world.mentor,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        time_zone="America/Bogota",
    )
    agreement = services.agreement_save(
        relationship=relationship,
        by=world.mentor,
        data={"goals": "Venderle por primera vez a un comprador corporativo.", "channel": "Zoom"},
    )
    services.agreement_confirm(agreement=agreement, by=world.mentor)
    services.agreement_confirm(agreement=agreement, by=mentee.user)
    plan = plans.plan_open(relationship=relationship, mentee=mentee)
    goal = plans.goal_create(
        plan=plan,
        title="Primera venta a un comprador corporativo",
        indicator="ventas",
        target_value=Decimal(1),
        target_date=today + dt.timedelta(days=90),
    )
    for n in range(7):
        plans.action_create(
            plan=plan,
            goal=goal,
            title=f"Acción {n + 1} del plan",
            owner="mentee",
            due_on=today + dt.timedelta(days=7 * n - 7),
        )
    upcoming.refresh_from_db()
    return relationship, upcoming
