import pytest

from puente.core.permissions import Role
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services
from puente.mentoring.models import Relationship, SessionPlan


@pytest.fixture
def relationship(world) -> Relationship:
    """The world's mentor and mentee, matched and followed by the world's tutor, with a plan of
    12 meetings over 16 weeks."""
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    tutor = program.memberships.get(role=Role.TUTOR)
    SessionPlan.objects.create(
        program=program, meetings=12, span_weeks=16, themes=["Presentaciones", "Metas"]
    )
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=mentee)
    TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    (made,) = services.relationships_from_matches(program=program)
    return made
