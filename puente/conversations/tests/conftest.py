import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from puente.conftest import World
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services as mentoring
from puente.mentoring.models import Relationship


@dataclass
class Pair:
    world: World
    relationship: Relationship
    other: Relationship  # another pair of the program, with its own mentor and mentee

    @property
    def url(self) -> str:
        return f"/p/{self.world.program.slug}/mentoring/{self.relationship.pk}/conversation/"


def _pair(world: World, mentor, mentee, tutor=None) -> Relationship:
    Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    if tutor is not None:
        TutorAssignment.objects.create(program=world.program, tutor=tutor, mentee=mentee)
    (relationship,) = mentoring.relationships_from_matches(
        program=world.program, today=timezone.localdate() - dt.timedelta(days=7)
    )
    return relationship


@pytest.fixture
def pair(world: World) -> Pair:
    memberships = world.program.memberships
    relationship = _pair(
        world,
        memberships.get(role=Role.MENTOR, user=world.mentor),
        memberships.get(role=Role.MENTEE, user=world.mentee),
        memberships.get(role=Role.TUTOR, user=world.tutor),
    )
    other_mentor = MembershipFactory(
        user=UserFactory(email="otra-mentora@example.org"),
        program=world.program,
        role=Role.MENTOR,
        wave=world.wave,
    )
    other_mentee = MembershipFactory(
        user=UserFactory(email="otro-mentee@example.org"),
        program=world.program,
        role=Role.MENTEE,
        wave=world.wave,
    )
    other = _pair(world, other_mentor, other_mentee)
    return Pair(world=world, relationship=relationship, other=other)
