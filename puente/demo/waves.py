"""The next wave in the demo: Mentoría Código Abierto's pilot (over, its relationships completed
by the reports demo) sits side by side with its scale-up, and two of the pilot's mentees were
invited back and applied as mentors to the open call for the third wave ("alumni" in its list).
Nothing is cloned: a coordinator can start the next wave from the program's setup page."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from puente.core.permissions import Role
from puente.demo.recruitment import Applicant, at, seed_applications
from puente.mentoring.models import Relationship
from puente.programs.models import Membership, Program
from puente.recruitment.models import Application, Call
from puente.recruitment.services import call_rescore
from puente.waves.models import AlumniInvitation

ALUMNI = 2


def _answers(membership: Membership, focus_areas: list[str], n: int) -> dict[str, object]:
    return {
        "full_name": membership.user.full_name,
        "organization": ("Cóndor Cloud", "Datarama")[n % 2],
        "job_title": ("Desarrolladora", "Analista de datos")[n % 2],
        "years_experience": Decimal(2 + n),
        "why_mentor": "Fui mentee en el piloto y ahora quiero devolver lo que recibí.",
        "offer": "Cómo preparé mis primeras entrevistas técnicas y mi portafolio.",
        "focus_areas": focus_areas,
        "mentored_before": "no",
        "hours": "1",
        "availability": ["tue-evening", "sat-morning"],
    }


@transaction.atomic
def seed_waves() -> None:
    program = Program.objects.filter(slug="mentoria-codigo-abierto").first()
    call = Call.objects.filter(slug="comunidad-ola-3").first()
    if program is None or call is None or not call.forms.filter(role=Role.MENTOR).exists():
        return
    pilot = program.waves.filter(number=1).first()
    coordinator = program.memberships.filter(role=Role.COORDINATOR).select_related("user").first()
    if pilot is None or coordinator is None:
        return
    alumni = list(
        Membership.objects.filter(
            program=program,
            role=Role.MENTEE,
            relationships_as_mentee__wave=pilot,
            relationships_as_mentee__status=Relationship.Status.COMPLETED,
        )
        .select_related("user")
        .order_by("pk")
        .distinct()[:ALUMNI]
    )
    focus_areas = [
        str(pk) for pk in program.focus_areas.order_by("name").values_list("pk", flat=True)[:2]
    ]
    for membership in alumni:
        AlumniInvitation.objects.get_or_create(
            user=membership.user,
            call=call,
            defaults={
                "program": program,
                "source_wave": pilot,
                "invited_by": coordinator.user,
                "sent_at": at(dt.date(2026, 11, 3), 9),
            },
        )
    new = [
        Applicant(
            email=membership.user.email,
            full_name=membership.user.full_name,
            role=Role.MENTOR,
            status=Application.Status.SUBMITTED,
            answers=_answers(membership, focus_areas, n),
            scores=[],
        )
        for n, membership in enumerate(alumni)
        if not Application.objects.filter(call=call, email=membership.user.email).exists()
    ]
    if new:
        seed_applications(
            call,
            new,
            coordinator=coordinator.user,
            reviewers=[],
            wave=None,
            decided_on=dt.date(2026, 11, 20),
        )
        call_rescore(call=call)
