"""Demo feedback: post-meeting answers for the held demo meetings (mostly good, two pairs rated
low), a pulse and a mini-retro in the running cohort of "Mujeres proveedoras", and lessons learned
from its first, finished cohort.

Runs once per program (a second seed leaves it as it is). Answers come from a seeded random
generator; the services send no email.
"""

import datetime as dt
import random

from django.db import transaction

from puente.core.permissions import Role
from puente.events.models import Event
from puente.feedback.models import Lesson, MeetingFeedback, Pulse
from puente.feedback.services import (
    lesson_add,
    meeting_feedback_save,
    pulse_answer_save,
    pulse_close,
    pulse_open,
)
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.programs.models import Membership, Program

SEED = 2026
PROGRAMS = ("mujeres-proveedoras", "mentoria-codigo-abierto")
# The pairs (by place in the program's list of relationships) whose meetings are rated low.
LOW_RATED = {"mujeres-proveedoras": (2, 5), "mentoria-codigo-abierto": (1,)}
CLOSED_AT = dt.datetime(2026, 11, 13, 17, 0, tzinfo=dt.UTC)

HELPED = (
    "Los ejemplos concretos de compradores reales.",
    "Que revisamos juntas la ficha técnica línea por línea.",
    "La plantilla de costos que me compartió.",
    "Practicar la presentación en voz alta.",
    "Salir con tareas claras para la semana.",
    "Los contactos que me pasó para pedir cotizaciones.",
    "Que me escuchó sin juzgar.",
    "El ejercicio de negociación con casos reales.",
)
CHANGE = (
    "Empezar a la hora acordada.",
    "Llegar con la agenda enviada antes.",
    "Más tiempo para mis preguntas.",
    "Menos teoría y más práctica.",
    "Hacer la reunión por videollamada con cámara.",
    "Dejar por escrito los compromisos.",
)
LOW_CHANGE = (
    "Sentí que la reunión no tuvo un objetivo claro.",
    "Se canceló a último momento y la repetimos a las carreras.",
    "Hablamos de temas que no son prioridad para mi empresa.",
    "Me costó seguir el ritmo; necesito explicaciones más simples.",
)
PULSE_COMMENTS = (
    "Muy bien, ya tengo claro qué me falta para inscribirme como proveedora.",
    "Bien, aunque nos cuesta coincidir en horarios.",
    "Me gustaría más espacios con otras empresarias.",
    "Regular: la conexión a internet en el taller me complica las videollamadas.",
    "",
)
RETRO = (
    (
        "El taller de costos fue lo más útil hasta ahora.",
        "Avisar con más tiempo los cambios de horario.",
        "Sesiones en grupo de tres empresas con la misma mentora.",
    ),
    (
        "La guía de la primera reunión ordenó la conversación.",
        "Los formularios son largos para hacerlos desde el celular.",
        "Un grupo de WhatsApp por sector.",
    ),
    (
        "Conocer compradores reales en la rueda de negocios de prueba.",
        "",
        "Visitas a los talleres de las empresas.",
    ),
    ("Mi mentora responde rápido y con ejemplos.", "Más material en audio.", ""),
)
LESSONS = (
    (
        Role.COORDINATOR,
        Lesson.Theme.MATCHING,
        "Emparejar por sector del comprador funcionó mejor que por tamaño de empresa.",
        "Preguntar la disponibilidad horaria antes de emparejar: tres parejas no coincidían.",
    ),
    (
        Role.COORDINATOR,
        Lesson.Theme.LOGISTICS,
        "Las reuniones virtuales permitieron sumar empresas de fuera de la capital.",
        "Confirmar la conectividad de cada empresa en la inscripción.",
    ),
    (
        Role.TUTOR,
        Lesson.Theme.MEETINGS,
        "La agenda enviada el día anterior hizo más productivas las reuniones.",
        "Dejar los compromisos por escrito al final de cada reunión.",
    ),
    (
        Role.TUTOR,
        Lesson.Theme.COMMUNICATION,
        "El grupo de mensajería de la cohorte resolvió dudas rápido.",
        "Separar los avisos oficiales de la conversación del grupo.",
    ),
    (
        Role.MENTOR,
        Lesson.Theme.TRAINING,
        "La inducción para mentoras sobre compras corporativas fue clave.",
        "Sumar una sesión sobre facturación electrónica antes de la tercera reunión.",
    ),
    (
        Role.MENTOR,
        Lesson.Theme.TOOLS,
        "La plantilla de costos compartida ahorró tiempo en cada pareja.",
        "Los formularios deberían funcionar bien en el celular.",
    ),
    (
        Role.MENTOR,
        Lesson.Theme.MEETINGS,
        "",
        "Doce reuniones en dieciséis semanas es apretado cuando hay feriados.",
    ),
)


def _tag_logs(program: Program, rng: random.Random) -> None:
    """The held meetings' logs without focus areas get one or two of the program's, as the
    mentors would tag them, so the feedback can be read by focus area."""
    areas = list(program.focus_areas.order_by("pk"))
    if not areas:
        return
    logs = (
        MeetingLog.objects.filter(meeting__relationship__program=program, held=True)
        .prefetch_related("focus_areas")
        .order_by("meeting__relationship_id", "meeting__number")
    )
    for log in logs:
        if not log.focus_areas.all():
            log.focus_areas.set(rng.sample(areas, k=min(len(areas), rng.choice((1, 1, 2)))))


def _meeting_feedback(program: Program, rng: random.Random) -> None:
    relationships = list(Relationship.objects.filter(program=program).order_by("pk"))
    low = LOW_RATED.get(program.slug, ())
    for index, relationship in enumerate(relationships):
        people = [relationship.mentor.user] + [
            m.user for m in relationship.mentees.select_related("user").order_by("pk")
        ]
        meetings = relationship.meetings.filter(status=Meeting.Status.HELD).order_by("number")
        for meeting in meetings:
            for person in people:
                if rng.random() > 0.8:
                    continue  # not everyone answers every time
                if index in low:
                    rating = rng.choice((1, 2, 2, 2, 3))
                    change = rng.choice(LOW_CHANGE)
                    helped = rng.choice(("", "", HELPED[4]))
                else:
                    rating = rng.choice((3, 4, 4, 4, 5, 5, 5))
                    helped = rng.choice((*HELPED, ""))
                    change = rng.choice((*CHANGE, "", ""))
                meeting_feedback_save(
                    meeting=meeting, by=person, usefulness=rating, helped=helped, change=change
                )


def _pulses(program: Program, rng: random.Random) -> None:
    wave = program.waves.filter(number=2).first()
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    if wave is None or coordinator is None or Pulse.objects.filter(program=program).exists():
        return
    by = coordinator.user
    people = list(
        Membership.objects.filter(
            program=program, wave=wave, role__in=[Role.MENTOR, Role.MENTEE, Role.TUTOR]
        )
        .select_related("user")
        .order_by("pk")
    )
    retro = pulse_open(
        program=program,
        wave=wave,
        kind=Pulse.Kind.RETRO,
        title="Mini-retro de mitad de cohorte",
        roles=[Role.MENTOR, Role.MENTEE],
        by=by,
    )
    for n, membership in enumerate(m for m in people if m.role != Role.TUTOR):
        if rng.random() < 0.6:
            went_well, to_improve, to_try = RETRO[n % len(RETRO)]
            pulse_answer_save(
                pulse=retro,
                by=membership.user,
                data={"went_well": went_well, "to_improve": to_improve, "to_try": to_try},
            )
    pulse_close(pulse=retro, by=by)
    Pulse.objects.filter(pk=retro.pk).update(closed_at=CLOSED_AT)
    pulse = pulse_open(
        program=program,
        wave=wave,
        kind=Pulse.Kind.PULSE,
        title="¿Cómo va la mentoría? (noviembre)",
        by=by,
    )
    answered = set()
    for membership in people:
        if membership.user_id in answered or rng.random() > 0.55:
            continue
        answered.add(membership.user_id)
        pulse_answer_save(
            pulse=pulse,
            by=membership.user,
            data={
                "rating": rng.choice((2, 3, 4, 4, 4, 5, 5)),
                "comment": rng.choice(PULSE_COMMENTS),
            },
        )


def _event_lesson(program: Program) -> None:
    """A coordinator's lesson after the first event whose lessons-learned note is written."""
    event = (
        Event.objects.filter(program=program, lessons_written_at__isnull=False)
        .order_by("starts_at", "pk")
        .first()
    )
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    if event is None or coordinator is None:
        return
    lesson_add(
        program=program,
        by=coordinator.user,
        role=Role.COORDINATOR,
        theme=Lesson.Theme.LOGISTICS,
        worked="Enviar el recordatorio con el enlace dos horas antes subió la asistencia.",
        to_change="Reservar los últimos quince minutos para que las parejas agenden su reunión.",
        event=event,
    )


def _lessons(program: Program) -> None:
    wave = program.waves.filter(number=1).first()
    if wave is None or Lesson.objects.filter(program=program).exists():
        return
    authors = {
        role: list(program.memberships.filter(role=role).select_related("user").order_by("pk")[:3])
        for role in (Role.COORDINATOR, Role.TUTOR, Role.MENTOR)
    }
    for n, (role, theme, worked, to_change) in enumerate(LESSONS):
        candidates = authors[role]
        if not candidates:
            continue
        lesson_add(
            program=program,
            by=candidates[n % len(candidates)].user,
            role=role,
            theme=theme,
            worked=worked,
            to_change=to_change,
            wave=wave,
        )
    _event_lesson(program)


@transaction.atomic
def seed_feedback() -> None:
    for slug in PROGRAMS:
        program = Program.objects.filter(slug=slug).first()
        if (
            program is None
            or MeetingFeedback.objects.filter(meeting__relationship__program=program).exists()
        ):
            continue
        rng = random.Random(f"{SEED}-{slug}")  # noqa: S311 - demo data, not security
        _tag_logs(program, rng)
        _meeting_feedback(program, rng)
        if slug == "mujeres-proveedoras":
            _pulses(program, rng)
            _lessons(program)
