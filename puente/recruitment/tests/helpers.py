"""Test data for selection, built through the services as a coordinator and applicants would.

Names are distinct from the public-flow tests' helpers so both can grow without clashing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from puente.accounts.models import User
from puente.instruments.models import Instrument
from puente.instruments.services import (
    instrument_from_template,
    question_delete,
    version_publish,
)
from puente.programs.models import FocusArea, Program, Wave
from puente.recruitment import services
from puente.recruitment.models import Application, Call, ReviewAssignment

RUBRIC_KEYS = ("fit", "engagement", "experience", "demand", "comments")


def make_published_form(program: Program, template_key: str, *, by: User) -> Instrument:
    """A program's copy of a shipped template, published as it is."""
    instrument = instrument_from_template(program=program, template_key=template_key)
    version_publish(version=instrument.versions.get(), by=by)
    return instrument


def make_rubric(program: Program, *, by: User, keep: tuple[str, ...] = RUBRIC_KEYS) -> Instrument:
    """The screening rubric template, trimmed to the questions in ``keep``, published.

    The template weighs fit 3, engagement 2, experience 2, demand 1 (comments 0), all on 1–5."""
    rubric = instrument_from_template(program=program, template_key="screening-rubric")
    version = rubric.versions.get()
    for question in version.questions.exclude(key__in=keep):
        question_delete(question=question)
    version_publish(version=version, by=by)
    return rubric


def make_call_with_rubric(
    program: Program,
    *,
    by: User,
    slug: str = "seleccion-2027",
    wave: Wave | None = None,
    roles: tuple[str, ...] = ("mentee",),
    rubric_keys: tuple[str, ...] = RUBRIC_KEYS,
    criteria: tuple[tuple[str, str, str, str], ...] = (),
    **fields: object,
) -> Call:
    """An open, published call with application forms for ``roles`` and a published rubric.

    ``criteria`` are automatic criteria as (label, question key, expected answer, weight)."""
    templates = {"mentee": "mentee-application", "mentor": "mentor-application"}
    forms = {role: make_published_form(program, templates[role], by=by) for role in roles}
    now = timezone.now()
    values: dict[str, object] = {
        "title": "Selección 2027",
        "slug": slug,
        "introduction": "Buscamos personas con ganas de aprender.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "confirmation_message": "Gracias: respondemos en dos semanas.",
        "is_published": True,
        "wave": wave,
        "rubric": make_rubric(program, by=by, keep=rubric_keys),
    }
    values.update(fields)
    call = services.call_create(program=program, forms=forms, **values)  # type: ignore[arg-type]
    for label, key, expected, weight in criteria:
        services.auto_criterion_add(
            call=call, label=label, question_key=key, expected=expected, weight=Decimal(weight)
        )
    return call


def focus_area(program: Program, name: str = "Liderazgo") -> FocusArea:
    area, _created = FocusArea.objects.get_or_create(
        program=program, name=name, defaults={"kind": FocusArea.Kind.PERSONAL}
    )
    return area


def mentee_answers(**overrides: object) -> dict[str, object]:
    """A complete mentee application as the form's cleaned data (keys are question keys)."""
    answers: dict[str, object] = {
        "full_name": "Ana Torres",
        "city": "Lima",
        "goals": "Quiero liderar un equipo de datos.",
        "focus_areas": [],
        "expectations": "",
        "hours": "2",
        "availability": ["mon-evening", "thu-evening"],
        "motivation": 4,
    }
    answers.update(overrides)
    return answers


def mentor_answers(**overrides: object) -> dict[str, object]:
    answers: dict[str, object] = {
        "full_name": "Marta Ríos",
        "organization": "Datos SAC",
        "job_title": "Jefa de analítica",
        "years_experience": Decimal(12),
        "why_mentor": "Me acompañaron a mí.",
        "offer": "Analítica y liderazgo.",
        "focus_areas": [],
        "mentored_before": "yes",
        "hours": "2",
        "availability": ["tue-morning"],
    }
    answers.update(overrides)
    return answers


def submitted_application(
    call: Call,
    *,
    email: str,
    role: str = "mentee",
    language: str = "es",
    **answers: object,
) -> Application:
    """An application started by email and submitted with complete answers (overridable)."""
    application = services.application_start(call=call, email=email, role=role, language=language)
    cleaned = mentee_answers(**answers) if role == "mentee" else mentor_answers(**answers)
    return services.application_save(application=application, cleaned=cleaned, submit=True)


def submitted_review(
    application: Application,
    reviewer: User,
    *,
    by: User,
    scores: dict[str, object],
    submit: bool = True,
) -> ReviewAssignment:
    """Assign ``reviewer`` to the application and save their scores (by question key)."""
    services.reviews_assign(applications=[application], reviewer=reviewer, by=by)
    assignment = ReviewAssignment.objects.get(application=application, reviewer=reviewer)
    return services.review_save(assignment=assignment, cleaned=scores, submit=submit)
