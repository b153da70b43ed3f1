"""Demo mentoring: relationships from the confirmed active matches, with meetings held, missed,
not yet logged and upcoming, agreements, some pairs at risk, and some paused or ended early.

Runs once per program (a second seed leaves it as it is). Dates follow a fixed calendar around
``TODAY``, the demo's "now"; the services send no email.
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.db import transaction

from puente.core.permissions import Role
from puente.mentoring.models import Meeting, MeetingVenue, Relationship
from puente.mentoring.selectors import meeting_proposals
from puente.mentoring.services import (
    agreement_confirm,
    agreement_save,
    meeting_confirm,
    meeting_log,
    meeting_move,
    meeting_venue_save,
    relationship_status_change,
    relationships_from_matches,
    session_plan_save,
    slot_offer_create,
    watch_evaluate,
)
from puente.programs.models import Program
from puente.programs.services import break_add

# Relationships whose course changed (by program and place in the list): paused, ended early.
COURSE = {
    ("mujeres-proveedoras", 6): (
        Relationship.Status.PAUSED,
        "La empresaria está de licencia hasta mediados de enero; retomamos a la vuelta.",
    ),
    ("mujeres-proveedoras", 8): (
        Relationship.Status.ENDED_EARLY,
        "La empresa cerró su taller por una inundación y la dueña no puede seguir este año.",
    ),
    ("mentoria-codigo-abierto", 3): (
        Relationship.Status.PAUSED,
        "El mentor está de viaje tres semanas.",
    ),
}

# The program of the pair with an open offer of three times for its next meeting.
OFFER_PROGRAM = "mujeres-proveedoras"
# The demo's "now": meetings before it are logged, the ones after it are upcoming.
TODAY = dt.date(2026, 11, 23)
# The day each program's relationships started (at the latest, their wave's start).
# How the pairs meet: the suppliers' program gives each meeting a Jitsi Meet room; the
# open-source one meets on its own video server; the others leave it to each pair.
VENUES: dict[str, dict[str, str]] = {
    "mujeres-proveedoras": {"mode": MeetingVenue.Mode.JITSI},
    "mentoria-codigo-abierto": {
        "mode": MeetingVenue.Mode.TEMPLATE,
        "url_template": "https://video.codigo-abierto.example.org/rooms/{room}",
    },
}
STARTED = {
    # The Monday after the expectation-alignment workshop (10 September).
    "mujeres-proveedoras": dt.date(2026, 9, 14),
    "mentoria-codigo-abierto": dt.date(2026, 11, 2),
    "mentoria-inversa": TODAY,
}
PROVEEDORAS_THEMES = [
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
# Each program's plan says what its purpose announces (the call page writes the commitment from
# it): 12 meetings in 16 weeks for the suppliers, ten sessions in six months for the reverse
# mentoring, ten meetings every two weeks (20 weeks) for the community.
PLANS: dict[str, dict[str, object]] = {
    "mujeres-proveedoras": {
        "meetings": 12,
        "span_weeks": 16,
        "hours_per_meeting": 2,
        "cadence": Program.Cadence.WEEKLY,
        "themes": PROVEEDORAS_THEMES,
    },
    "mentoria-inversa": {
        "meetings": 10,
        "span_months": 6,
        "hours_per_meeting": Decimal("1.5"),
        "cadence": Program.Cadence.BIWEEKLY,
        "themes": ["Presentaciones, expectativas y acuerdo de confidencialidad"],
    },
    "mentoria-codigo-abierto": {
        "meetings": 10,
        "span_weeks": 20,
        "hours_per_meeting": 1,
        "cadence": Program.Cadence.BIWEEKLY,
        "themes": ["Presentaciones, metas del semestre y acuerdo"],
    },
}
# The breaks each program declared: no meeting is laid out in them.
BREAKS: dict[str, list[tuple[str, dt.date, dt.date]]] = {
    "mujeres-proveedoras": [
        ("Vacaciones de fin de año", dt.date(2026, 12, 19), dt.date(2027, 1, 10)),
        ("Semana Santa", dt.date(2027, 3, 22), dt.date(2027, 3, 28)),
    ],
    "mentoria-inversa": [
        ("Vacaciones colectivas de fin de año", dt.date(2026, 12, 21), dt.date(2027, 1, 8)),
        ("Semana Santa", dt.date(2027, 3, 22), dt.date(2027, 3, 28)),
    ],
}
TOPICS = (
    "Revisamos los avances de la semana y las metas del plan.",
    "Trabajamos la propuesta de valor y el discurso para compradores.",
    "Calculamos costos y márgenes de los productos principales.",
    "Practicamos una negociación de plazos de pago.",
    "Repasamos los requisitos del comprador y lo que falta para cumplirlos.",
)
NEXT_STEPS = "Completar la ficha técnica y enviarla antes de la próxima reunión."


def _pattern(index: int) -> str:
    """How each relationship's past went, in turn: regular, regular, no meeting in October,
    the last two missed, the last one not yet logged."""
    return ("regular", "regular", "october_missed", "two_missed", "log_pending")[index % 5]


def _missed(meeting: Meeting, pattern: str, past: list[Meeting]) -> bool:
    if pattern == "october_missed":
        return meeting.planned_on.year == 2026 and meeting.planned_on.month == 10
    if pattern == "two_missed":
        return meeting in past[-2:]
    return False


def _seed_relationship(relationship: Relationship, index: int) -> None:
    mentor = relationship.mentor.user
    mentees = list(relationship.mentees.select_related("user").order_by("pk"))
    pattern = _pattern(index)
    meetings = list(relationship.meetings.order_by("number"))
    past = [m for m in meetings if m.planned_on < TODAY]
    upcoming = [m for m in meetings if m.planned_on >= TODAY]
    for n, meeting in enumerate(past):
        if pattern == "log_pending" and meeting is past[-1]:
            continue
        held = not _missed(meeting, pattern, past)
        meeting_log(
            meeting=meeting,
            by=mentor,
            data={
                "held": held,
                "duration_minutes": 90 if held else None,
                "attended": mentees if held else [],
                "topics": TOPICS[(index + n) % len(TOPICS)] if held else "No pudimos reunirnos.",
                "next_steps": NEXT_STEPS if held else "",
                "shared_notes": "",
            },
        )
    if past and past[0].status != Meeting.Status.MISSED and pattern != "log_pending":
        agreement = agreement_save(
            relationship=relationship,
            by=mentor,
            data={
                "goals": "Venderle por primera vez a un comprador corporativo.",
                "mentor_expectations": "Que cada reunión llegue con las tareas hechas.",
                "mentee_expectations": "Consejos prácticos y contactos del sector.",
                "frequency": "Según el plan del programa",
                "channel": "Videollamada y WhatsApp",
                "confidentiality": "Lo que hablamos de la empresa queda entre nosotras.",
            },
        )
        agreement_confirm(agreement=agreement, by=mentor)
        if mentees and index % 3 != 1:
            agreement_confirm(agreement=agreement, by=mentees[0].user)
    if upcoming and index % 2 == 0:
        # The next meeting has a time, at six in the evening where the mentee lives.
        meeting = upcoming[0]
        zone_name = mentees[0].user.time_zone if mentees else meeting.time_zone
        zone = zoneinfo.ZoneInfo(zone_name)
        starts = dt.datetime.combine(meeting.planned_on, dt.time(18, 0), tzinfo=zone)
        meeting_move(
            meeting=meeting,
            on=meeting.planned_on,
            by=mentor,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            time_zone=zone_name,
        )
        if mentees and index % 4 == 0:
            # Half of those times are confirmed by the mentee; the others await confirmation.
            meeting_confirm(meeting=meeting, by=mentees[0].user)
    if upcoming and index == 1 and relationship.program.slug == OFFER_PROGRAM:
        # One pair's mentor has offered three of the times Puente proposes for the next meeting;
        # the mentee has yet to pick one.
        now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
        found = meeting_proposals(relationship, upcoming[0], now=now, count=3)
        slot_offer_create(
            meeting=upcoming[0], by=mentor, slots=[(p.start, p.end) for p in found], now=now
        )


@transaction.atomic
def seed_mentoring() -> None:
    for slug, started in STARTED.items():
        program = Program.objects.get(slug=slug)
        if Relationship.objects.filter(program=program).exists():
            continue
        coordinator = (
            program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
        )
        if coordinator:
            session_plan_save(program=program, wave=None, by=coordinator.user, data=PLANS[slug])
            if slug in VENUES:
                meeting_venue_save(program=program, by=coordinator.user, **VENUES[slug])
            for name, first, last in BREAKS.get(slug, []):
                if not program.breaks.filter(name=name, starts_on=first).exists():
                    break_add(
                        program=program,
                        by=coordinator.user,
                        name=name,
                        starts_on=first,
                        ends_on=last,
                    )
        made = relationships_from_matches(program=program, today=started)
        for index, relationship in enumerate(sorted(made, key=lambda r: r.pk)):
            _seed_relationship(relationship, index)
            course = COURSE.get((slug, index))
            if course and coordinator:
                relationship_status_change(
                    relationship=relationship,
                    status=course[0],
                    by=coordinator.user,
                    reason=course[1],
                    today=TODAY,
                    notify=False,
                )
        # The daily watch, as it ran on the demo's "now": the pairs at risk with their reason.
        watch_evaluate(program=program, today=TODAY)
