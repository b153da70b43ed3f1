"""Demo calls with applications at every stage: drafts, submitted, reviewed, decided.

Written with the services that send no email (answers, assignments, reviews) and plain rows for
decisions, so seeding never mails anyone. Every value is fixed, so a second run changes nothing.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from puente.accounts.models import User
from puente.core.permissions import Role
from puente.instruments.models import Instrument, InstrumentVersion
from puente.instruments.services import instrument_from_template, submission_save, version_publish
from puente.instruments.services import published_version as latest_published
from puente.programs.models import FocusArea, Membership, Program, Wave
from puente.recruitment.models import Application, ApplicationEvent, AutoCriterion, Call
from puente.recruitment.services import (
    call_form_set,
    call_rescore,
    person_from_application,
    review_save,
    reviews_assign,
)

BOGOTA = ZoneInfo("America/Bogota")
S = Application.Status


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BOGOTA)


def form(program: Program, template_key: str, by: User) -> Instrument:
    """The program's published copy of a template, made once."""
    instrument = Instrument.objects.filter(program=program, template_key=template_key).first()
    if instrument is None:
        instrument = instrument_from_template(program=program, template_key=template_key)
    version = instrument.versions.filter(status=InstrumentVersion.Status.DRAFT).first()
    if version is not None and latest_published(instrument) is None:
        version_publish(version=version, by=by)
    return instrument


@dataclass
class Applicant:
    email: str
    full_name: str
    role: str
    status: str
    answers: dict[str, Any]
    scores: list[tuple[int, ...]]  # one tuple of rubric scores per reviewer


def demo_token_hash(email: str, call: Call) -> str:
    # Deterministic, so reruns match; demo links are not secret (the demo is public).
    return hashlib.sha256(f"demo:{call.slug}:{email}".encode()).hexdigest()


def call_row(program: Program, slug: str, **fields: Any) -> Call:
    call, _ = Call.objects.update_or_create(slug=slug, defaults={"program": program, **fields})
    call.full_clean()
    return call


def seed_applications(
    call: Call,
    applicants: list[Applicant],
    *,
    coordinator: User,
    reviewers: list[User],
    wave: Wave | None,
    decided_on: date,
) -> None:
    for applicant in applicants:
        application, created = Application.objects.get_or_create(
            call=call,
            email=applicant.email,
            defaults={
                "role": applicant.role,
                "full_name": applicant.full_name,
                "token_hash": demo_token_hash(applicant.email, call),
                "status": S.STARTED,
            },
        )
        if not created:
            continue
        ApplicationEvent.objects.create(
            application=application, action="started", at=at(call.opens_at.date())
        )
        if applicant.status == S.STARTED:
            continue
        version = latest_published(call.forms.get(role=applicant.role).instrument)
        assert version is not None  # noqa: S101 - published above
        submit = applicant.status != S.DRAFT
        application.submission = submission_save(
            version=version, cleaned=applicant.answers, submit=submit
        )
        application.status = S.SUBMITTED if submit else S.DRAFT
        application.email_confirmed_at = at(call.opens_at.date(), 11)
        if submit:
            application.submitted_at = at(call.opens_at.date(), 12)
        application.save()
        if not submit:
            continue
        for reviewer, scores in zip(reviewers, applicant.scores, strict=False):
            reviews_assign(applications=[application], reviewer=reviewer, by=coordinator)
            assignment = application.reviews.get(reviewer=reviewer)
            rubric = latest_published(call.rubric) if call.rubric else None
            if rubric is None:
                continue
            keys = [q.key for q in rubric.questions.all() if q.type == "scale"]
            review_save(
                assignment=assignment, cleaned=dict(zip(keys, scores, strict=False)), submit=True
            )
        if applicant.status in (S.ACCEPTED, S.WAITLISTED, S.REJECTED):
            decide(application, applicant, coordinator=coordinator, wave=wave, day=decided_on)
    call_rescore(call=call)


def decide(
    application: Application,
    applicant: Applicant,
    *,
    coordinator: User,
    wave: Wave | None,
    day: date,
) -> None:
    if applicant.status == S.ACCEPTED:
        user, _answers = person_from_application(application)
        membership, _ = Membership.objects.get_or_create(
            user=user,
            program=application.call.program,
            role=applicant.role,
            defaults={"wave": wave},
        )
        application.membership = membership
    application.status = applicant.status
    application.decided_by = coordinator
    application.decided_at = at(day, 16)
    application.save()
    ApplicationEvent.objects.create(
        application=application, action=applicant.status, actor=coordinator, at=at(day, 16)
    )


# Answers, by template.

GOALS = (
    "Quiero conseguir mi primer empleo como desarrolladora y preparar entrevistas técnicas.",
    "Busco pasar de soporte a desarrollo backend en el próximo año.",
    "Me gustaría liderar mi primer equipo sin perder la parte técnica.",
    "Quiero aprender a dar retroalimentación difícil y a negociar prioridades.",
    "Necesito ordenar mi portafolio y entender cómo crecer en una empresa de producto.",
    "Quiero ganar confianza para hablar en público y en reuniones con clientes.",
)
OFFERS = (
    "Diez años construyendo productos web; he acompañado a juniors en code reviews.",
    "Lidero un equipo de datos de ocho personas; puedo ayudar con entrevistas y carrera.",
    "Experiencia en infraestructura y SRE; me gusta enseñar buenas prácticas.",
    "Fui mentee en el piloto y ahora quiero devolver lo que recibí.",
)
FIRST = ("Camila", "Valeria", "Sofía", "Daniela", "Lucía", "Mariana", "Paula", "Andrea", "Jimena")
LAST = ("Rojas", "Quispe", "Herrera", "Mendoza", "Castro", "Vargas", "Flores", "Paredes", "Ríos")


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"


def areas_of(program: Program, rng: random.Random, k: int = 2) -> list[str]:
    ids = [
        str(pk)
        for pk in FocusArea.objects.filter(program=program)
        .order_by("name")
        .values_list("pk", flat=True)
    ]
    return rng.sample(ids, min(k, len(ids)))


def availability(rng: random.Random) -> list[str]:
    return rng.sample(
        [
            "mon-evening",
            "tue-evening",
            "wed-morning",
            "thu-evening",
            "sat-morning",
            "fri-afternoon",
        ],
        3,
    )


STORY = [
    S.ACCEPTED,
    S.ACCEPTED,
    S.WAITLISTED,
    S.REJECTED,
    S.SUBMITTED,
    S.SUBMITTED,
    S.SUBMITTED,
    S.DRAFT,
    S.STARTED,
]


def scores(rng: random.Random, reviewers: int) -> list[tuple[int, ...]]:
    return [tuple(rng.randint(2, 5) for _ in range(4)) for _ in range(reviewers)]


def community_applicants(program: Program, rng: random.Random) -> list[Applicant]:
    applicants = []
    for n in range(14):
        role = Role.MENTOR if n % 3 == 0 else Role.MENTEE
        name = person_name(rng)
        status = STORY[n % len(STORY)]
        if role == Role.MENTOR:
            answers: dict[str, Any] = {
                "full_name": name,
                "organization": rng.choice(("Cóndor Cloud", "Datarama", "Kuna Software")),
                "job_title": rng.choice(("Desarrolladora sénior", "Líder técnica", "SRE")),
                "years_experience": Decimal(rng.randint(4, 15)),
                "why_mentor": "Quiero que más mujeres lleguen y se queden en tecnología.",
                "offer": rng.choice(OFFERS),
                "focus_areas": areas_of(program, rng),
                "mentored_before": rng.choice(("yes", "no")),
                "hours": rng.choice(("1", "2")),
                "availability": availability(rng),
            }
        else:
            answers = {
                "full_name": name,
                "city": rng.choice(("Bogotá", "Lima", "Quito", "Ciudad de México")),
                "goals": rng.choice(GOALS),
                "focus_areas": areas_of(program, rng),
                "expectations": "Reuniones quincenales y tareas concretas entre sesiones.",
                "hours": rng.choice(("1", "2", "3")),
                "availability": availability(rng),
                "motivation": rng.randint(3, 5),
            }
        applicants.append(
            Applicant(
                email=f"postulante.comunidad.{n + 1:02d}@demo.puente.example",
                full_name=name,
                role=role,
                status=status,
                answers=answers,
                scores=scores(rng, 2),
            )
        )
    return applicants


ACTIVITIES = (
    ("Confecciones Inti", "Confección de uniformes corporativos"),
    ("Sabores del Valle", "Alimentos procesados y refrigerios"),
    ("Limpieza Brillante", "Servicios de limpieza para oficinas"),
    ("Catering Doña Rosa", "Catering para eventos empresariales"),
    ("Artesanías Killa", "Artesanías y regalos corporativos"),
    ("Papelería Andina", "Papelería e impresión"),
    ("Café de Altura", "Café tostado para cafeterías corporativas"),
    ("Textiles Amaru", "Textiles y bolsas reutilizables"),
)


def business_applicants(program: Program, rng: random.Random) -> list[Applicant]:
    applicants = []
    for n in range(9):  # with the 8 businesses already in wave 3, one tutor covers them all
        legal, activity = ACTIVITIES[n % len(ACTIVITIES)]
        name = person_name(rng)
        applicants.append(
            Applicant(
                email=f"empresa.ola3.{n + 1:02d}@demo.puente.example",
                full_name=name,
                role=Role.MENTEE,
                status=STORY[n % len(STORY)],
                answers={
                    "full_name": name,
                    "legal_name": f"{legal} {'SAS' if n % 2 else 'EIRL'} {n + 1}",
                    "economic_activity": activity,
                    "city": rng.choice(("Cali", "Buenaventura", "Tumaco", "Popayán", "Quibdó")),
                    "years_operating": Decimal(rng.randint(1, 12)),
                    "employees": Decimal(rng.randint(2, 30)),
                    "women_owned": "yes",
                    "formal": rng.choice(("yes", "yes", "no")),
                    "sold_to_corporates": rng.choice(("yes", "no", "no")),
                    "prior_sales": "Pedidos pequeños a una cadena hotelera en 2025.",
                    "focus_areas": areas_of(program, rng, 3),
                    "hours": "2",
                    # Its own generator: the rest of the demo stays as it was.
                    "availability": availability(random.Random(n)),  # noqa: S311 - demo data
                },
                scores=scores(rng, 2),
            )
        )
    return applicants


def reverse_applicants(rng: random.Random) -> list[Applicant]:
    applicants = []
    for n in range(8):
        junior = n % 2 == 0
        name = person_name(rng)
        applicants.append(
            Applicant(
                email=f"postulante.inversa.{n + 1:02d}@demo.puente.example",
                full_name=name,
                role=Role.MENTOR if junior else Role.MENTEE,
                status=(S.WAITLISTED, S.REJECTED, S.SUBMITTED, S.SUBMITTED)[n % 4],
                answers={
                    "full_name": name,
                    "department": rng.choice(("Tecnología", "Comercial", "Finanzas", "Talento")),
                    "seniority": "junior" if junior else "executive",
                    "why": "Quiero entender mejor cómo piensa la otra generación de la empresa.",
                    "learn": "Cómo se toman las decisiones estratégicas."
                    if junior
                    else "Herramientas digitales y redes sociales.",
                    "teach": "Automatización con hojas de cálculo e IA generativa."
                    if junior
                    else "Negociación con clientes grandes.",
                    "hours": "1" if junior else "2",
                    "availability": availability(rng),
                },
                scores=[],
            )
        )
    return applicants


def seed_recruitment() -> None:
    rng = random.Random(2027)  # noqa: S311 - demo data, not secrets
    demo = "@demo.puente.example"

    program = Program.objects.get(slug="mentoria-codigo-abierto")
    coordinator = User.objects.get(email=f"coordinadora.comunidad{demo}")
    reviewers = list(
        User.objects.filter(memberships__program=program, memberships__role=Role.REVIEWER).order_by(
            "email"
        )[:2]
    )
    call = call_row(
        program,
        "comunidad-ola-3",
        title="Convocatoria ola 3: mentoras, mentores y mentees",
        introduction=(
            "Abrimos la tercera ola de Mentoría Código Abierto: acompañamiento uno a uno para "
            "quienes entran a la industria y para quienes empiezan a liderar equipos."
        ),
        expectations=(
            "Una reunión cada dos semanas durante cinco meses, y una retro corta tras cada sesión."
        ),
        opens_at=at(date(2026, 11, 2), 9),
        closes_at=at(date(2027, 1, 31), 23),
        confirmation_message="¡Gracias por postular! Te escribimos antes del 15 de febrero.",
        is_published=True,
        rubric=form(program, "screening-rubric", coordinator),
    )
    call_form_set(
        call=call, role=Role.MENTOR, instrument=form(program, "mentor-application", coordinator)
    )
    call_form_set(
        call=call, role=Role.MENTEE, instrument=form(program, "mentee-application", coordinator)
    )
    seed_applications(
        call,
        community_applicants(program, rng),
        coordinator=coordinator,
        reviewers=reviewers,
        wave=None,
        decided_on=date(2026, 11, 20),
    )

    program = Program.objects.get(slug="mujeres-proveedoras")
    coordinator = User.objects.get(email=f"coordinadora.proveedoras{demo}")
    reviewers = list(
        User.objects.filter(memberships__program=program, memberships__role=Role.REVIEWER).order_by(
            "email"
        )[:2]
    ) or [coordinator]
    wave = program.waves.get(number=3)
    call = call_row(
        program,
        "mujeres-proveedoras-ola-3",
        title="Ola 3: empresas lideradas por mujeres que quieren vender a grandes compradores",
        introduction=(
            "Buscamos micro y pequeñas empresas de propiedad de mujeres en el Pacífico que quieran "
            "prepararse para vender a compradores corporativos, con una mentora especialista."
        ),
        expectations="2 horas a la semana, 12 reuniones en 16 semanas, y los talleres de inicio.",
        opens_at=at(date(2026, 11, 1), 9),
        closes_at=at(date(2027, 1, 15), 23),
        confirmation_message="Recibimos su postulación. El comité de selección responde en enero.",
        is_published=True,
        wave=wave,
        rubric=form(program, "screening-rubric", coordinator),
    )
    call_form_set(
        call=call, role=Role.MENTEE, instrument=form(program, "business-application", coordinator)
    )
    call_form_set(
        call=call, role=Role.MENTOR, instrument=form(program, "mentor-application", coordinator)
    )
    for label, key, expected, weight in (
        ("Ya vendió a grandes compradores", "sold_to_corporates", "yes", Decimal(2)),
        ("Empresa formalizada", "formal", "yes", Decimal(1)),
    ):
        AutoCriterion.objects.update_or_create(
            call=call,
            question_key=key,
            defaults={"label": label, "expected": expected, "weight": weight},
        )
    seed_applications(
        call,
        business_applicants(program, rng),
        coordinator=coordinator,
        reviewers=reviewers,
        wave=wave,
        decided_on=date(2026, 11, 21),
    )

    program = Program.objects.get(slug="mentoria-inversa")
    coordinator = User.objects.get(email=f"coordinadora.inversa{demo}")
    call = call_row(
        program,
        "mentoria-inversa-2026",
        title="Mentoría inversa 2026: aprendamos unos de otros",
        introduction=(
            "Convocatoria interna: personas jóvenes de la compañía acompañan a directivos en lo "
            "digital, y aprenden de su experiencia. Diez sesiones en seis meses."
        ),
        expectations=(
            "Una primera sesión para acordar expectativas y calendario; luego una cada dos semanas."
        ),
        opens_at=at(date(2026, 9, 1), 8),
        closes_at=at(date(2026, 10, 15), 18),
        confirmation_message="Gracias. Talento Humano forma las parejas en noviembre.",
        allowed_email_domains="demo.puente.example",
        is_published=True,
    )
    reverse_form = form(program, "reverse-application", coordinator)
    call_form_set(call=call, role=Role.MENTOR, instrument=reverse_form)
    call_form_set(call=call, role=Role.MENTEE, instrument=reverse_form)
    seed_applications(
        call,
        reverse_applicants(rng),
        coordinator=coordinator,
        reviewers=[],
        wave=program.waves.order_by("number").first(),
        decided_on=date(2026, 10, 30),
    )
