"""Demo conversations: a couple of relationships of each demo program (those of the demo
logins' mentors first) talk in Spanish between meetings. Written straight to the tables, with
times around ``TODAY``, so seeding sends no email."""

import datetime as dt

from django.db import transaction

from puente.conversations.models import Message, Participant, Thread
from puente.demo.community import SLUGS, TODAY, _people
from puente.mentoring.models import Relationship
from puente.programs.models import Program

# (who writes: "mentor" or "mentee", days before TODAY, hour, text)
CONVERSATIONS = [
    [
        (
            "mentee",
            3,
            9,
            "Hola, ya tengo las facturas del último trimestre. ¿Las revisamos el jueves?",
        ),
        ("mentor", 3, 12, "¡Perfecto! Trae también la ficha técnica y la lista de precios."),
        ("mentee", 2, 18, "Listo. ¿Nos vemos por videollamada o en la tienda?"),
        ("mentor", 1, 8, "Mejor en la tienda, así veo el inventario. A las 6:30 p. m."),
    ],
    [
        ("mentor", 4, 10, "Te comparto la plantilla de costos que usamos en la reunión."),
        ("mentee", 4, 20, "Gracias. Me cuesta separar los costos fijos de los variables."),
        ("mentor", 2, 9, "Normal al principio. Llena lo que puedas y lo vemos juntos."),
    ],
]


def _at(days_ago: int, hour: int) -> dt.datetime:
    day = TODAY - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _relationships(program: Program) -> list[Relationship]:
    people = _people(program)
    mentors = [user.pk for user in people[2]] if people else []
    active = (
        Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE)
        .select_related("mentor__user")
        .prefetch_related("mentees__user")
        .order_by("pk")
    )
    chosen = [r for r in active if r.mentor.user_id in mentors]
    chosen += [r for r in active if r not in chosen]
    return chosen[: len(CONVERSATIONS)]


@transaction.atomic
def seed_conversations() -> None:
    for program in Program.objects.filter(slug__in=SLUGS).order_by("slug"):
        if Thread.objects.filter(relationship__program=program).exists():
            continue
        for relationship, lines in zip(_relationships(program), CONVERSATIONS, strict=False):
            mentee = relationship.mentees.all()[0].user
            authors = {"mentor": relationship.mentor.user, "mentee": mentee}
            thread = Thread.objects.create(relationship=relationship)
            for side, days_ago, hour, body in lines:
                message = Message.objects.create(thread=thread, author=authors[side], body=body)
                at = _at(days_ago, hour)
                Message.objects.filter(pk=message.pk).update(created_at=at, updated_at=at)
            # Each side has read up to their own last message: the other's answer is unread.
            for side, person in authors.items():
                last = max(_at(d, h) for s, d, h, _b in lines if s == side)
                Participant.objects.create(thread=thread, user=person, last_read_at=last)
