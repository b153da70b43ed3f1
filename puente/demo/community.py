"""Demo community: in each demo program, a wave's posts (achievements, questions, resources, an
event) with comments, a cheer or two, one post hidden with its reason and one report waiting;
in mujeres-proveedoras, two published stories with consent and one awaiting review.

Runs once per program (a second seed leaves it as it is). Rows are written directly, with fixed
times around ``TODAY``, so seeding sends no email.
"""

import datetime as dt

from django.db import transaction
from django.utils import translation

from puente.accounts.models import User
from puente.community.forms import CONSENT_TEXT
from puente.community.models import Cheer, Comment, Post, Report, Story
from puente.core.permissions import Role
from puente.programs.models import Membership, Program

TODAY = dt.date(2026, 11, 23)
SLUGS = ("mujeres-proveedoras", "mentoria-codigo-abierto", "mentoria-inversa")

ACHIEVEMENTS = {
    "mujeres-proveedoras": (
        "¡Primera orden de compra con una cadena de supermercados!",
        "Después de tres reuniones con el área de compras, hoy llegó la orden: 400 cajas de "
        "mermelada para sus tiendas de Lima. Gracias a mi mentora por ayudarme con la ficha "
        "técnica y el precio.",
    ),
    "mentoria-codigo-abierto": (
        "¡Mi primer pull request aceptado en un proyecto grande!",
        "Corregí la documentación de instalación en Windows y la fusionaron ayer. Pequeño, "
        "pero es mi nombre en la lista de colaboradores.",
    ),
    "mentoria-inversa": (
        "¡Presenté mi primer tablero de datos al comité!",
        "Con lo que practicamos en la mentoría armé un tablero de ventas y lo presenté sin "
        "leer las notas.",
    ),
}
QUESTIONS = {
    "mujeres-proveedoras": (
        "¿Cómo calculan el precio para un comprador corporativo?",
        "Me piden precio por volumen y pago a 60 días. ¿Alguien tiene una plantilla para "
        "calcular el margen con ese plazo?",
    ),
    "mentoria-codigo-abierto": (
        "¿Cómo elijo mi primer issue?",
        "Hay cientos de issues abiertos en el proyecto. ¿Por cuál empezaron ustedes?",
    ),
    "mentoria-inversa": (
        "¿Qué herramienta usan para compartir pantalla con la gerencia?",
        "En la última sesión se cortó la llamada dos veces. ¿Qué les funciona mejor?",
    ),
}
RESOURCES = {
    "mujeres-proveedoras": (
        "Guía de requisitos para proveedores de supermercados",
        "Comparto la guía que usé para preparar la visita de calidad: registro sanitario, "
        "rotulado y facturación electrónica.",
        "https://www.example.org/guia-proveedores",
    ),
    "mentoria-codigo-abierto": (
        "Lista de proyectos con issues para principiantes",
        "Una lista curada de proyectos con etiquetas «good first issue».",
        "https://www.example.org/primeros-issues",
    ),
    "mentoria-inversa": (
        "Atajos de teclado para presentaciones",
        "Los diez atajos que más me sirvieron para no perderme en las diapositivas.",
        "https://www.example.org/atajos",
    ),
}
COMMENTS = [
    "¡Felicidades! Se nota todo el trabajo que le pusiste.",
    "¡Qué buena noticia! Cuéntanos cómo fue la negociación.",
    "Yo uso una hoja de cálculo sencilla; te la paso en la próxima sesión.",
    "Empieza por algo que te moleste a ti como usuaria: así conoces bien el problema.",
]
HIDDEN = (
    "Vendo mi auto, escríbanme al privado para precios.",
    "Publicidad personal, fuera del propósito del espacio.",
)
REPORTED_COMMENT = "Esto no funciona, mejor ni lo intenten."
STORIES = [
    (
        "De la feria del barrio a la góndola del supermercado",
        "Antes vendía solo en ferias. En la mentoría aprendí a leer los requisitos de un "
        "comprador grande, a calcular el precio por volumen y a preparar la visita de calidad. "
        "Hoy mis mermeladas están en doce tiendas.",
        True,
    ),
    (
        "Aprendí a decir mi precio sin pedir disculpas",
        "Mi mentora me hizo practicar la negociación hasta que dejé de bajar el precio antes "
        "de que me lo pidieran. Cerré mi primer contrato anual.",
        False,
    ),
    (
        "Lo que me enseñó mentorear",
        "Creí que iba a enseñar; terminé aprendiendo tanto como mi mentoreada sobre cómo "
        "crece una empresa familiar.",
        False,
    ),
]


def _at(days_ago: float, hour: int = 15) -> dt.datetime:
    day = TODAY - dt.timedelta(days=int(days_ago))
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _people(
    program: Program,
) -> tuple[int, list[User], list[User], User | None, User | None] | None:
    """The running wave (the latest started by ``TODAY``, else the next to start), where the demo
    logins are: its id, mentees, mentors, a tutor, and the program's first coordinator."""
    waves = sorted(program.waves.all(), key=lambda w: (w.starts_on > TODAY, -w.number))
    for wave in waves:
        in_wave = Membership.objects.filter(program=program, wave=wave).select_related("user")
        mentees = [m.user for m in in_wave.filter(role=Role.MENTEE).order_by("pk")[:4]]
        mentors = [m.user for m in in_wave.filter(role=Role.MENTOR).order_by("pk")[:2]]
        if len(mentees) < 3 or not mentors:
            continue
        tutor = in_wave.filter(role=Role.TUTOR).order_by("pk").first()
        coordinator = (
            Membership.objects.filter(program=program, role=Role.COORDINATOR)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return (
            wave.pk,
            mentees,
            mentors,
            tutor.user if tutor else None,
            coordinator.user if coordinator else None,
        )
    return None


def _post(program: Program, wave_id: int, author: User, at: dt.datetime, **fields: object) -> Post:
    post = Post(program=program, wave_id=wave_id, author=author, **fields)
    post.full_clean()
    post.save()
    Post.objects.filter(pk=post.pk).update(created_at=at, updated_at=at)
    return post


def _comment(post: Post, author: User, body: str, at: dt.datetime) -> Comment:
    comment = Comment(post=post, author=author, body=body)
    comment.full_clean()
    comment.save()
    Comment.objects.filter(pk=comment.pk).update(created_at=at, updated_at=at)
    return comment


def _seed_program(program: Program) -> None:
    people = _people(program)
    if people is None:
        return
    wave_id, mentees, mentors, tutor, coordinator = people
    slug = program.slug
    helper = tutor or mentors[0]
    title, body = ACHIEVEMENTS[slug]
    achievement = _post(
        program, wave_id, mentees[0], _at(2), kind="achievement", title=title, body=body
    )
    _comment(achievement, mentors[0], COMMENTS[0], _at(2, 17))
    _comment(achievement, mentees[1], COMMENTS[1], _at(1, 9))
    for person in (mentors[0], mentees[1], helper):
        Cheer.objects.get_or_create(post=achievement, user=person)
    title, body = QUESTIONS[slug]
    question = _post(program, wave_id, mentees[1], _at(5), kind="question", title=title, body=body)
    _comment(question, helper, COMMENTS[2 if slug == "mujeres-proveedoras" else 3], _at(4))
    reported = _comment(question, mentees[2], REPORTED_COMMENT, _at(4, 18))
    title, body, link = RESOURCES[slug]
    _post(program, wave_id, mentors[0], _at(8), kind="resource", title=title, body=body, link=link)
    if coordinator is not None:
        _post(
            program,
            wave_id,
            coordinator,
            _at(10),
            kind="event",
            title="Encuentro de la ola: compartimos avances",
            body="Nos vemos el jueves 3 de diciembre a las 18:00 para compartir avances. "
            "Traigan una meta cumplida y una pregunta.",
            is_pinned=True,
            comments_closed=True,
        )
        _post(
            program,
            wave_id,
            mentees[2],
            _at(6),
            kind="resource",
            body=HIDDEN[0],
            hidden_at=_at(6, 18),
            hidden_by=coordinator,
            hidden_reason=HIDDEN[1],
        )
    Report.objects.create(
        post=question, comment=reported, reporter=mentees[0], reason="Desanima al grupo."
    )


def _seed_stories(program: Program) -> None:
    people = _people(program)
    if people is None:
        return
    _wave_id, mentees, mentors, _tutor, coordinator = people
    with translation.override("es"):
        consent_text = str(CONSENT_TEXT)
    authors = [mentees[0], mentees[1], mentors[0]]
    for index, (author, (title, body, show_business)) in enumerate(
        zip(authors, STORIES, strict=True)
    ):
        published = index < 2 and coordinator is not None
        Story.objects.get_or_create(
            program=program,
            author=author,
            defaults={
                "title": title,
                "body": body,
                "show_business": show_business,
                "status": Story.Status.PUBLISHED if published else Story.Status.PENDING,
                "consent_text": consent_text,
                "consent_given_at": _at(12 - index),
                "reviewed_by": coordinator if published else None,
                "published_at": _at(10 - index) if published else None,
            },
        )


@transaction.atomic
def seed_community() -> None:
    for program in Program.objects.filter(slug__in=SLUGS).order_by("slug"):
        if Post.objects.filter(program=program).exists():
            continue
        _seed_program(program)
        if program.slug == "mujeres-proveedoras":
            _seed_stories(program)
