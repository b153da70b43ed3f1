import datetime as dt

import pytest
import time_machine

from puente.core.permissions import Role
from puente.factories import FocusAreaFactory
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services as mentoring
from puente.mentoring.models import Meeting, Relationship, SessionPlan

# Tests run on a fixed day: 10 November 2026 (October is the last month over).
TODAY = dt.date(2026, 11, 10)
START = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 10, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def relationship(world) -> Relationship:
    """The world's mentor and mentee from 1 September 2026, followed by the world's tutor: 12
    meetings over 16 weeks (in October: meetings 5, 6 and 7, on the 8th, 18th and 27th)."""
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    tutor = program.memberships.get(role=Role.TUTOR)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=mentee)
    TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    (made,) = mentoring.relationships_from_matches(program=program, today=START)
    return made


def log(relationship: Relationship, number: int, by, **data) -> Meeting:
    meeting = relationship.meetings.get(number=number)
    mentoring.meeting_log(meeting=meeting, by=by, data={"held": True, **data})
    return meeting


@pytest.fixture
def october(world, relationship) -> Relationship:
    """A hand-worked October: meeting 5 held (90 minutes, pricing), 6 missed, 7 held (45
    minutes, cash flow); September's meeting 4 held (60 minutes) must not count."""
    pricing = FocusAreaFactory(program=world.program, name="Precios")
    finance = FocusAreaFactory(program=world.program, name="Finanzas")
    log(relationship, 4, world.mentor, duration_minutes=60, topics="Septiembre")
    log(
        relationship,
        5,
        world.mentor,
        duration_minutes=90,
        topics="Precios de temporada",
        next_steps="Cotizar con dos proveedores",
        focus_areas=[pricing],
    )
    mentoring.meeting_log(
        meeting=relationship.meetings.get(number=6), by=world.mentee, data={"held": False}
    )
    log(
        relationship,
        7,
        world.mentee,
        duration_minutes=45,
        topics="Flujo de caja",
        focus_areas=[pricing, finance],
    )
    return relationship


ANSWERS = {
    "progress": "Definimos precios para tres productos.",
    "progress_rating": 4,
    "difficulties": "",
    "support_needed": "Contactos de compradores.",
    "next_focus": "Flujo de caja.",
}
