import datetime as dt

import pytest

from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match
from puente.mentoring import services as mentoring_services
from puente.mentoring.models import Meeting, Relationship
from puente.mentoring.tests.conftest import relationship  # noqa: F401 - a shared fixture


def hold(pair: Relationship, number: int, on: dt.date | None = None) -> Meeting:
    """Mark a meeting held (without a log), optionally on another date."""
    meeting = pair.meetings.get(number=number)
    meeting.status = Meeting.Status.HELD
    if on is not None:
        meeting.planned_on = on
    meeting.save()
    return meeting


def another_relationship(world, name: str = "Otra") -> Relationship:
    """A second pair in the world's program and wave, without a tutor."""
    mentor = MembershipFactory(
        user=UserFactory(full_name=f"Mentora {name}"),
        program=world.program,
        role=Role.MENTOR,
        wave=world.wave,
        track=world.track,
    )
    mentee = MembershipFactory(
        user=UserFactory(full_name=f"Mentoreada {name}"),
        program=world.program,
        role=Role.MENTEE,
        wave=world.wave,
        track=world.track,
    )
    Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    made = mentoring_services.relationships_from_matches(program=world.program)
    return next(r for r in made if r.mentor_id == mentor.pk)


@pytest.fixture
def held(relationship):  # noqa: F811
    """The world relationship's first meeting, held."""
    return hold(relationship, 1)
