"""Demo events: each program's kick-off and the gatherings around it, with invitations by
audience. Past events have answers, attendance taken on the day and a lessons-learned note;
upcoming ones have answers only, and one of them was cancelled (with its reason).

Runs once per program (a second seed leaves it as it is). Dates are fixed around the demo's
"now" (``TODAY`` in ``puente.demo.mentoring``); nobody is emailed.
"""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from django.db import transaction

from puente.core.permissions import Role
from puente.demo.mentoring import TODAY
from puente.events.models import Event
from puente.events.services import (
    event_attendance_take,
    event_cancel,
    event_invite,
    event_lessons_save,
    event_rsvp,
    event_save,
)
from puente.programs.models import Membership, Program

SEED = 20261123


@dataclass(frozen=True)
class DemoEvent:
    kind: str
    title: str
    description: str
    day: dt.date
    starts: dt.time
    hours: float
    time_zone: str
    mode: str
    place: str = ""
    video_link: str = ""
    wave: int | None = None
    track: str | None = None
    # The audience: roles (empty for everyone but observers), within the event's wave and track.
    roles: tuple[str, ...] = ()
    lessons: tuple[str, str, str] | None = None
    walk_ins: int = 0
    # Cancelled three days before the demo's today, after the answers, with this reason.
    cancel_reason: str = ""


PANAMA = "America/Panama"
BOGOTA = "America/Bogota"

EVENTS: dict[str, list[DemoEvent]] = {
    "mujeres-proveedoras": [
        DemoEvent(
            kind=Event.Kind.TRAINING,
            title="Capacitación de mentores: metodología y reportes",
            description="La metodología del programa (doce encuentros, plan de mejora por "
            "brechas) y cómo registrar cada reunión y enviar el reporte mensual en Puente.",
            day=dt.date(2026, 9, 1),
            starts=dt.time(17, 0),
            hours=2,
            time_zone=PANAMA,
            mode=Event.Mode.VIRTUAL,
            video_link="https://meet.example.org/bdp-capacitacion-mentores",
            wave=2,
            roles=(Role.MENTOR, Role.TUTOR, Role.COORDINATOR),
            lessons=(
                "Casi todos los mentores de la cohorte y las tutoras; faltaron dos por viaje.",
                "La demostración en vivo de la bitácora y los ejemplos de reportes bien hechos.",
                "Enviar la guía de reportes antes de la sesión y grabarla para quienes faltan.",
            ),
        ),
        DemoEvent(
            kind=Event.Kind.KICK_OFF,
            title="Lanzamiento de la Cohorte 2",
            description="Bienvenida del banco, presentación de las empresas y de sus mentoras y "
            "mentores, y primera conversación de cada pareja.",
            day=dt.date(2026, 9, 3),
            starts=dt.time(17, 30),
            hours=2.5,
            time_zone=PANAMA,
            mode=Event.Mode.HYBRID,
            place="Auditorio del Banco de Desarrollo del Pacífico, Ciudad de Panamá",
            video_link="https://meet.example.org/bdp-lanzamiento-cohorte-2",
            wave=2,
            lessons=(
                "La mayoría de las empresarias y de los mentores; varias siguieron en línea.",
                "Que cada pareja se conociera en persona y saliera con la primera fecha agendada.",
                "Probar antes el audio de la sala: quienes estaban en línea no oían las preguntas.",
            ),
            walk_ins=1,
        ),
        DemoEvent(
            kind=Event.Kind.ALIGNMENT,
            title="Taller de alineación de expectativas",
            description="Qué espera cada empresaria, qué puede ofrecer cada mentor y cómo se "
            "escribe el acuerdo de la primera reunión.",
            day=dt.date(2026, 9, 10),
            starts=dt.time(9, 0),
            hours=3,
            time_zone=PANAMA,
            mode=Event.Mode.VIRTUAL,
            video_link="https://meet.example.org/bdp-taller-expectativas",
            wave=2,
            roles=(Role.MENTOR, Role.MENTEE, Role.TUTOR),
            lessons=(
                "Dos de cada tres parejas; las tutoras acompañaron a las que faltaban.",
                "El ejercicio de escribir el acuerdo en parejas con un ejemplo real.",
                "Hacerlo la misma semana del lanzamiento, antes de la primera reunión.",
            ),
        ),
        DemoEvent(
            kind=Event.Kind.CLOSING,
            title="Ceremonia de cierre de la Cohorte 2",
            description="Entrega de certificados, testimonios de empresarias y encuentro con "
            "los compradores corporativos del programa.",
            day=dt.date(2026, 12, 17),
            starts=dt.time(18, 0),
            hours=2.5,
            time_zone=PANAMA,
            mode=Event.Mode.IN_PERSON,
            place="Salón Pacífico, Hotel Central, Ciudad de Panamá",
            wave=2,
        ),
    ],
    "mentoria-codigo-abierto": [
        DemoEvent(
            kind=Event.Kind.KICK_OFF,
            title="Lanzamiento de la ola de escalamiento",
            description="Cómo funciona la mentoría de la comunidad, el código de conducta y "
            "las herramientas; después, salas por pareja para conocerse.",
            day=dt.date(2026, 10, 29),
            starts=dt.time(19, 0),
            hours=1.5,
            time_zone=BOGOTA,
            mode=Event.Mode.VIRTUAL,
            video_link="https://meet.example.org/codigo-abierto-lanzamiento",
            wave=2,
            lessons=(
                "Buena asistencia de mentores; algunas personas mentoreadas se conectaron tarde.",
                "Las salas por pareja: casi todas agendaron su primera reunión ahí mismo.",
                "Empezar media hora más tarde para quienes salen del trabajo en Ciudad de México.",
            ),
        ),
        DemoEvent(
            kind=Event.Kind.GROUP_SESSION,
            title="Sesión grupal: cómo preparar una entrevista técnica",
            description="Simulacro de entrevista en vivo y preguntas abiertas con mentores que "
            "contratan en sus equipos.",
            day=dt.date(2026, 11, 12),
            starts=dt.time(19, 0),
            hours=1.5,
            time_zone=BOGOTA,
            mode=Event.Mode.VIRTUAL,
            video_link="https://meet.example.org/codigo-abierto-entrevistas",
            wave=2,
            track="Entrar a la industria",
            lessons=(
                "Sobre todo personas del camino «Entrar a la industria» y tres mentores.",
                "El simulacro en vivo y la revisión de portafolios al final.",
                "Compartir antes la lista de preguntas para que lleguen con dudas concretas.",
            ),
        ),
        DemoEvent(
            kind=Event.Kind.GROUP_SESSION,
            title="Sesión grupal: del código al liderazgo",
            description="Tres líderes de la comunidad cuentan su primer año a cargo de un "
            "equipo; conversación abierta.",
            day=dt.date(2026, 11, 26),
            starts=dt.time(19, 0),
            hours=1.5,
            time_zone=BOGOTA,
            mode=Event.Mode.VIRTUAL,
            video_link="https://meet.example.org/codigo-abierto-liderazgo",
            wave=2,
            cancel_reason="Dos de las tres líderes invitadas no pueden ese día. La sesión se "
            "repetirá en la próxima ola; les avisaremos la nueva fecha.",
        ),
        DemoEvent(
            kind=Event.Kind.GROUP_SESSION,
            title="Sesión grupal: revisión de portafolios",
            description="Cada persona muestra su portafolio en cinco minutos y recibe "
            "comentarios de dos mentores.",
            day=dt.date(2026, 12, 10),
            starts=dt.time(19, 0),
            hours=2,
            time_zone=BOGOTA,
            mode=Event.Mode.VIRTUAL,
            video_link="https://meet.example.org/codigo-abierto-portafolios",
            wave=2,
        ),
    ],
    "mentoria-inversa": [
        DemoEvent(
            kind=Event.Kind.KICK_OFF,
            title="Lanzamiento de la mentoría inversa",
            description="La presidencia abre el programa; cada directivo conoce a la persona "
            "joven que será su mentora y acuerdan los temas de los primeros encuentros.",
            day=dt.date(2027, 1, 14),
            starts=dt.time(8, 0),
            hours=2,
            time_zone=BOGOTA,
            mode=Event.Mode.HYBRID,
            place="Sala de juntas, piso 12, sede principal, Bogotá",
            video_link="https://meet.example.org/grupo-andino-lanzamiento",
        ),
    ],
}

# How the invited answered, in turn, and whether those who answered so came.
ANSWERS = ["yes"] * 6 + ["maybe", "no", "pending", "yes"]
CAME = {"yes": 0.9, "maybe": 0.5, "pending": 0.25, "no": 0.0}


def _seed_event(program: Program, spec: DemoEvent, rng: random.Random) -> None:
    coordinator = (
        program.memberships.filter(role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if coordinator is None:
        return
    by = coordinator.user
    zone = zoneinfo.ZoneInfo(spec.time_zone)
    starts = dt.datetime.combine(spec.day, spec.starts, tzinfo=zone)
    ends = starts + dt.timedelta(hours=spec.hours)
    wave = program.waves.filter(number=spec.wave).first() if spec.wave else None
    track = program.tracks.filter(name=spec.track).first() if spec.track else None
    event = event_save(
        program=program,
        by=by,
        data={
            "kind": spec.kind,
            "title": spec.title,
            "description": spec.description,
            "wave": wave,
            "track": track,
            "starts_at": starts,
            "ends_at": ends,
            "time_zone": spec.time_zone,
            "mode": spec.mode,
            "place": spec.place,
            "video_link": spec.video_link,
        },
    )
    # Invited three weeks ahead (past events too: an event over takes no more invitations).
    invited_at = starts - dt.timedelta(days=21)
    invitations = event_invite(
        event=event,
        by=by,
        waves=[wave] if wave else [],
        tracks=[track] if track else [],
        roles=spec.roles,
        notify=False,
        now=invited_at,
    )
    # The coordinator always comes to their own event.
    if not any(i.user_id == by.pk for i in invitations):
        invitations += event_invite(
            event=event, by=by, roles=[Role.COORDINATOR], notify=False, now=invited_at
        )
    answered = {}
    for index, invitation in enumerate(sorted(invitations, key=lambda i: i.pk)):
        answer = ANSWERS[(index + rng.randrange(len(ANSWERS))) % len(ANSWERS)]
        if invitation.user_id == by.pk:
            answer = "yes"
        answered[invitation.pk] = answer
        if answer != "pending":
            moment = starts - dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 12))
            event_rsvp(invitation=invitation, by=invitation.user, answer=answer, now=moment)
    if spec.cancel_reason:
        three_days_ago = TODAY - dt.timedelta(days=3)
        cancelled_at = dt.datetime.combine(three_days_ago, dt.time(9, 0), tzinfo=zone)
        event_cancel(event=event, by=by, reason=spec.cancel_reason, notify=False, now=cancelled_at)
        return
    if ends.date() >= TODAY:
        return
    came = [i for i in invitations if i.user_id == by.pk or rng.random() < CAME[answered[i.pk]]]
    invited_people = {i.user_id for i in invitations}
    walk_ins = list(
        Membership.objects.filter(program=program, role__in=[Role.MENTOR, Role.MENTEE])
        .exclude(user_id__in=invited_people)
        .order_by("pk")[: spec.walk_ins]
    )
    event_attendance_take(
        event=event,
        by=by,
        attended=came,
        walk_ins=walk_ins,
        now=starts + dt.timedelta(minutes=20),
    )
    if spec.lessons:
        who, worked, change = spec.lessons
        event_lessons_save(
            event=event,
            by=by,
            data={
                "lessons_who_came": who,
                "lessons_what_worked": worked,
                "lessons_to_change": change,
            },
            now=ends + dt.timedelta(days=1),
        )


@transaction.atomic
def seed_events() -> None:
    for slug, specs in EVENTS.items():
        program = Program.objects.filter(slug=slug).first()
        if program is None or Event.objects.filter(program=program).exists():
            continue
        rng = random.Random(f"{SEED}-{slug}")
        for spec in specs:
            _seed_event(program, spec, rng)
