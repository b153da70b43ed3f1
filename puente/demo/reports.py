"""Demo reports: October's monthly mentor reports in Mujeres Proveedoras (some filed and
accepted, some awaiting review, some missing), and the finished pilot of Mentoría Código
Abierto, whose relationships were completed and have their certificates.

Runs once per program (a second seed leaves it as it is); no email is sent.
"""

import datetime as dt

from django.db import transaction

from puente.core.permissions import Role
from puente.demo.mentoring import TODAY
from puente.mentoring.models import Meeting, Relationship
from puente.mentoring.services import meeting_log, relationship_status_change
from puente.programs.models import Program, Wave
from puente.reports.models import Certificate, MentorReport
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
        .select_related("mentor__user", "tutor__user")
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
            reviewer = relationship.tutor.user if relationship.tutor else coordinator.user
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
