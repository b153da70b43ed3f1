"""Demo reports: October's monthly mentor reports in Mujeres Proveedoras (some filed and
accepted, some awaiting review, some missing), and the finished pilot of Mentoría Código
Abierto, whose relationships were completed and have their certificates.

Runs once per program (a second seed leaves it as it is); no email is sent.
"""

import datetime as dt
import random
from typing import Any

from django.db import transaction

from puente.core.permissions import Role
from puente.demo.mentoring import TODAY
from puente.events.models import Event, EventInvitation
from puente.feedback.models import MeetingFeedback
from puente.instruments.services import instrument_from_template, version_publish
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.mentoring.selectors import mentees_with_tutors
from puente.mentoring.services import meeting_log, relationship_status_change
from puente.monitoring.models import Indicator, Round, RoundKind
from puente.programs.models import Program, Wave
from puente.reports.models import Certificate, MentorReport, ReportStory
from puente.reports.program_report import reportable_stories
from puente.reports.services import (
    certificates_issue,
    report_instrument,
    report_review,
    report_save,
)

OCTOBER = dt.date(2026, 10, 1)
ANSWERS = (
    {
        "progress": "Definimos la lista de precios para compradores corporativos y la empresa "
        "envió su primera cotización formal.",
        "progress_rating": 4,
        "difficulties": "Costó reunir los costos reales de producción.",
        "support_needed": "",
        "next_focus": "Preparar la ficha técnica y la presentación para la rueda de negocios.",
    },
    {
        "progress": "Avanzamos en la formalización: la empresa ya emite factura electrónica.",
        "progress_rating": 3,
        "difficulties": "Una reunión se cayó por una entrega urgente.",
        "support_needed": "Un contacto en el área de compras de una de las empresas ancla.",
        "next_focus": "Calidad y certificaciones.",
    },
)
PILOT_TOPICS = (
    "Repasamos el portafolio y elegimos el proyecto principal.",
    "Simulamos una entrevista técnica y revisamos las respuestas.",
    "Armamos un plan de estudio de ocho semanas.",
    "Revisamos la hoja de vida y el perfil profesional.",
)


def _october_reports(program: Program) -> None:
    """By place in the list: accepted, awaiting review, missing, in turn (ended-early and paused
    relationships left out)."""
    if MentorReport.objects.filter(relationship__program=program).exists():
        return
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    if coordinator is None:
        return
    report_instrument(program=program, kind=MentorReport.Kind.MONTHLY, by=coordinator.user)
    relationships = (
        Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE)
        .select_related("mentor__user")
        .prefetch_related(mentees_with_tutors())
        .order_by("pk")
    )
    for index, relationship in enumerate(relationships):
        if index % 3 == 2:
            continue  # missing
        report = report_save(
            relationship=relationship,
            kind=MentorReport.Kind.MONTHLY,
            month=OCTOBER,
            by=relationship.mentor.user,
            cleaned=ANSWERS[index % len(ANSWERS)],
            submit=True,
            today=TODAY,
            notify=False,
        )
        if index % 3 == 0:
            tutors = relationship.tutors
            reviewer = tutors[0].user if tutors else coordinator.user
            report_review(
                report=report,
                by=reviewer,
                accept=True,
                comment="Buen avance. Sigamos con la ficha técnica.",
                notify=False,
            )


def _completed_pilot(program: Program) -> None:
    """The pilot wave (already over): each mentor with two mentees, ten meetings every two
    weeks, all held but one, then completed and certified."""
    pilot = Wave.objects.filter(program=program, number=1).first()
    if pilot is None or Relationship.objects.filter(program=program, wave=pilot).exists():
        return
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    mentors = list(
        program.memberships.filter(role=Role.MENTOR, wave=pilot)
        .select_related("user")
        .order_by("pk")
    )
    mentees = list(
        program.memberships.filter(role=Role.MENTEE, wave=pilot)
        .select_related("user")
        .order_by("pk")
    )
    if coordinator is None or not mentors or not mentees:
        return
    for index, mentor in enumerate(mentors):
        group = mentees[2 * index : 2 * index + 2]
        if not group:
            break
        relationship = Relationship.objects.create(
            program=program,
            wave=pilot,
            track=group[0].track,
            kind=Relationship.Kind.CIRCLE if len(group) > 1 else Relationship.Kind.PAIR,
            mentor=mentor,
            starts_on=pilot.starts_on,
            ends_on=pilot.ends_on,
        )
        relationship.mentees.add(*group)
        for number in range(1, 11):
            meeting = Meeting.objects.create(
                relationship=relationship,
                number=number,
                planned_on=pilot.starts_on + dt.timedelta(weeks=2 * (number - 1)),
            )
            held = number != 4 + index % 3
            meeting_log(
                meeting=meeting,
                by=mentor.user,
                data={
                    "held": held,
                    "duration_minutes": 60 if held else None,
                    "attended": group if held else [],
                    "topics": PILOT_TOPICS[(index + number) % len(PILOT_TOPICS)] if held else "",
                    "next_steps": "",
                    "shared_notes": "",
                },
            )
        relationship_status_change(
            relationship=relationship,
            status=Relationship.Status.COMPLETED,
            by=coordinator.user,
            reason="Cierre del piloto.",
            today=pilot.ends_on,
            notify=False,
        )
    if not Certificate.objects.filter(program=program, relationship__wave=pilot).exists():
        certificates_issue(program=program, by=coordinator.user, wave=pilot)


@transaction.atomic
def seed_reports() -> None:
    proveedoras = Program.objects.filter(slug="mujeres-proveedoras").first()
    if proveedoras is not None:
        _october_reports(proveedoras)
    comunidad = Program.objects.filter(slug="mentoria-codigo-abierto").first()
    if comunidad is not None:
        _completed_pilot(comunidad)


# --- Program reports ---------------------------------------------------------------------------


@transaction.atomic
def seed_report_stories() -> None:
    """Mujeres Proveedoras' coordinator has chosen the published stories for the final report
    (run after the community demo, which publishes them). Once: a second seed leaves it."""
    program = Program.objects.filter(slug="mujeres-proveedoras").first()
    if program is None or ReportStory.objects.filter(program=program).exists():
        return
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    ReportStory.objects.bulk_create(
        [
            ReportStory(
                program=program, story=story, chosen_by=coordinator.user if coordinator else None
            )
            for story in reportable_stories(program).order_by("pk")
        ]
    )


LARGE_SLUG = "programa-a-gran-escala"
LARGE_MEETINGS = 6
BATCH = 2000


def _large_day(start: dt.date, number: int) -> dt.date:
    return start + dt.timedelta(weeks=2 * number)


@transaction.atomic
def seed_large_activity() -> None:
    """What the program reports need in the large program, written in bulk: one relationship
    per mentee (each mentor takes mentees in turn), six fortnightly meetings each (those past
    held or missed, with logs), the mentees' feedback on a third of the meetings held, two
    events per wave with attendance, closed baseline rounds, a midline round still open and
    three indicators on activity. Once: a second seed leaves it as it is."""
    program = Program.objects.filter(slug=LARGE_SLUG).first()
    if program is None or Relationship.objects.filter(program=program).exists():
        return
    rng = random.Random(20261123)  # noqa: S311 - demo data, not security
    mentors = list(
        program.memberships.filter(role=Role.MENTOR).order_by("pk").values_list("pk", flat=True)
    )
    mentees = list(
        program.memberships.filter(role=Role.MENTEE)
        .order_by("pk")
        .values_list("pk", "user_id", "wave_id", "track_id")
    )
    if not mentors or not mentees:
        return
    waves = {wave.pk: wave for wave in program.waves.all()}
    statuses = []
    rows = []
    for index, (_pk, _user, wave_id, track_id) in enumerate(mentees):
        wave = waves[wave_id]
        draw = rng.random()
        status = (
            Relationship.Status.ENDED_EARLY
            if draw < 0.08
            else Relationship.Status.COMPLETED
            if wave.ends_on < TODAY and draw < 0.9
            else Relationship.Status.ACTIVE
        )
        statuses.append(status)
        rows.append(
            Relationship(
                program=program,
                wave=wave,
                track_id=track_id,
                mentor_id=mentors[index % len(mentors)],
                status=status,
                end_reason="Cambio de trabajo."
                if status == Relationship.Status.ENDED_EARLY
                else "",
                starts_on=wave.starts_on,
                ends_on=wave.ends_on,
            )
        )
    Relationship.objects.bulk_create(rows, batch_size=BATCH)
    relationship_ids = list(
        Relationship.objects.filter(program=program).order_by("pk").values_list("pk", flat=True)
    )
    Relationship.mentees.through.objects.bulk_create(
        [
            Relationship.mentees.through(relationship_id=rid, membership_id=mentee[0])
            for rid, mentee in zip(relationship_ids, mentees, strict=True)
        ],
        batch_size=BATCH,
    )
    meetings = []
    for rid, mentee, status in zip(relationship_ids, mentees, statuses, strict=True):
        start = waves[mentee[2]].starts_on
        for number in range(1, LARGE_MEETINGS + 1):
            day = _large_day(start, number)
            past = day < TODAY and not (status == Relationship.Status.ENDED_EARLY and number > 2)
            meetings.append(
                Meeting(
                    relationship_id=rid,
                    number=number,
                    planned_on=day,
                    status=(
                        (Meeting.Status.HELD if rng.random() < 0.85 else Meeting.Status.MISSED)
                        if past
                        else Meeting.Status.PLANNED
                    ),
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    done = Meeting.objects.filter(
        relationship__program=program,
        status__in=[Meeting.Status.HELD, Meeting.Status.MISSED],
    ).values_list("pk", "status", "planned_on", "relationship_id")
    mentee_user = {rid: mentee[1] for rid, mentee in zip(relationship_ids, mentees, strict=True)}
    logs, feedback = [], []
    for pk, state, day, rid in done.order_by("pk"):
        held = state == Meeting.Status.HELD
        logs.append(
            MeetingLog(
                meeting_id=pk,
                held=held,
                duration_minutes=rng.choice((45, 60, 60, 90)) if held else None,
                written_at=dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC),
            )
        )
        if held and rng.random() < 0.33:
            feedback.append(
                MeetingFeedback(
                    meeting_id=pk,
                    author_id=mentee_user[rid],
                    side=MeetingFeedback.Side.MENTEE,
                    usefulness=rng.choice((3, 4, 4, 5, 5)),
                )
            )
    MeetingLog.objects.bulk_create(logs, batch_size=BATCH)
    MeetingFeedback.objects.bulk_create(feedback, batch_size=BATCH)
    _large_events(program, waves, mentees, rng)
    _large_rounds(program, waves)


def _large_events(
    program: Program, waves: dict[int, Wave], mentees: list[tuple[Any, ...]], rng: random.Random
) -> None:
    for wave in waves.values():
        for kind, title, offset in (
            (Event.Kind.KICK_OFF, "Lanzamiento", 5),
            (Event.Kind.TRAINING, "Taller de planificación", 40),
        ):
            starts = dt.datetime.combine(
                wave.starts_on + dt.timedelta(days=offset), dt.time(17), tzinfo=dt.UTC
            )
            if starts.date() >= TODAY:
                continue
            event = Event.objects.create(
                program=program,
                wave=wave,
                kind=kind,
                title=f"{title} · {wave.name}",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                attendance_taken_at=starts + dt.timedelta(days=1),
            )
            EventInvitation.objects.bulk_create(
                [
                    EventInvitation(
                        event=event,
                        user_id=user_id,
                        membership_id=pk,
                        attended=rng.random() < 0.7,
                    )
                    for pk, user_id, wave_id, _track in mentees
                    if wave_id == wave.pk
                ],
                batch_size=BATCH,
            )


def _large_rounds(program: Program, waves: dict[int, Wave]) -> None:
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    if coordinator is None:
        return
    by = coordinator.user
    for kind in (RoundKind.BASELINE, RoundKind.MIDLINE):
        instrument = instrument_from_template(program=program, template_key=f"{kind}-survey")
        version = version_publish(version=instrument.versions.get(), by=by)
        for wave in waves.values():
            opened = wave.starts_on + dt.timedelta(days=7 if kind == RoundKind.BASELINE else 90)
            if opened >= TODAY:
                continue
            closed = kind == RoundKind.BASELINE or wave.ends_on < TODAY
            Round.objects.create(
                program=program,
                wave=wave,
                kind=kind,
                instrument=instrument,
                version=version,
                roles=[Role.MENTEE],
                status=Round.Status.CLOSED if closed else Round.Status.OPEN,
                opened_on=opened,
                closed_at=dt.datetime.combine(
                    opened + dt.timedelta(days=14), dt.time(12), tzinfo=dt.UTC
                )
                if closed
                else None,
            )
    for position, (name, computation, disaggregation) in enumerate(
        (
            (
                "Reuniones realizadas",
                Indicator.Computation.MEETINGS_HELD,
                Indicator.Disaggregation.WAVE,
            ),
            (
                "Horas de mentoría",
                Indicator.Computation.MENTORING_HOURS,
                Indicator.Disaggregation.TRACK,
            ),
            (
                "Asistencia a eventos",
                Indicator.Computation.EVENT_ATTENDANCE,
                Indicator.Disaggregation.GENDER,
            ),
        )
    ):
        Indicator.objects.create(
            program=program,
            name=name,
            computation=computation,
            disaggregation=disaggregation,
            unit="%" if computation == Indicator.Computation.EVENT_ATTENDANCE else "",
            position=position,
        )
