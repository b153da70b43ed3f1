"""A hand-made program for the weekly digest of the ISO week starting Monday 23 November 2026."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import TutorAssignment
from puente.mentoring.models import Meeting, Relationship, RiskFlag
from puente.programs.models import Membership, Program
from puente.recruitment.models import Application, Call, ReviewAssignment

WEEK = dt.date(2026, 11, 23)  # a Monday
# Monday morning in the server's time zone (TIME_ZONE, Bogotá: UTC−5).
MONDAY_MORNING = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


def add_relationship(
    program: Program,
    mentor: Membership,
    mentees: list[Membership],
    *,
    tutor: Membership | None = None,
    status: str = Relationship.Status.ACTIVE,
    meetings: Sequence[tuple[dt.date, str]] = (),
) -> Relationship:
    relationship = Relationship.objects.create(
        program=program,
        mentor=mentor,
        status=status,
        end_reason="Se mudó" if status == Relationship.Status.ENDED_EARLY else "",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 3, 1),
    )
    relationship.mentees.add(*mentees)
    if tutor is not None:  # the tutor follows its mentees
        for mentee in mentees:
            TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    for number, (day, meeting_status) in enumerate(meetings, start=1):
        Meeting.objects.create(
            relationship=relationship, number=number, planned_on=day, status=meeting_status
        )
    return relationship


def add_pair(program: Program, index: int, **kwargs) -> Relationship:
    mentor = MembershipFactory(
        program=program,
        role=Role.MENTOR,
        user=UserFactory(email=f"mentora{index}@example.org", full_name=f"Mentora {index}"),
    )
    mentee = MembershipFactory(
        program=program,
        role=Role.MENTEE,
        user=UserFactory(
            email=f"emprendedora{index}@example.org", full_name=f"Emprendedora {index}"
        ),
    )
    return add_relationship(program, mentor, [mentee], **kwargs)


@dataclass
class DigestWorld:
    followed: Relationship  # followed by the world's tutor (through a tutor assignment)
    unfollowed: Relationship
    paused: Relationship
    elsewhere: Relationship  # in the other program


H, M, P, S = (
    Meeting.Status.HELD,
    Meeting.Status.MISSED,
    Meeting.Status.PLANNED,
    Meeting.Status.SCHEDULED,
)


@pytest.fixture
def digest_world(world) -> DigestWorld:
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    tutor = program.memberships.get(role=Role.TUTOR)
    TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    followed = add_relationship(
        program,
        mentor,
        [mentee],
        meetings=[
            (dt.date(2026, 11, 17), H),  # last week, held
            (dt.date(2026, 11, 19), M),  # last week, missed
            (dt.date(2026, 11, 20), P),  # last week, never logged
            (dt.date(2026, 11, 25), S),  # this week
            (dt.date(2026, 12, 5), P),  # later
        ],
    )
    RiskFlag.objects.create(
        relationship=followed,
        reason=RiskFlag.Reason.TWO_MISSED,
        month=dt.date(2026, 11, 1),
        raised_on=dt.date(2026, 11, 20),
    )
    unfollowed = add_pair(
        program,
        1,
        meetings=[(dt.date(2026, 11, 10), H), (dt.date(2026, 11, 26), P)],
    )
    RiskFlag.objects.create(
        relationship=unfollowed,
        reason=RiskFlag.Reason.NO_CONTACT,
        month=dt.date(2026, 10, 1),
        raised_on=dt.date(2026, 11, 1),
        follow_up="La llamé el 3 de noviembre.",
    )
    RiskFlag.objects.create(
        relationship=unfollowed,
        reason=RiskFlag.Reason.NO_CONTACT,
        month=dt.date(2026, 9, 1),
        raised_on=dt.date(2026, 10, 1),
        resolved_on=dt.date(2026, 10, 8),
    )
    paused = add_pair(
        program,
        2,
        status=Relationship.Status.PAUSED,
        meetings=[(dt.date(2026, 11, 18), M), (dt.date(2026, 11, 24), P)],
    )
    RiskFlag.objects.create(
        relationship=paused,
        reason=RiskFlag.Reason.TWO_MISSED,
        month=dt.date(2026, 11, 1),
        raised_on=dt.date(2026, 11, 18),
    )
    elsewhere = add_pair(
        world.other_program,
        3,
        meetings=[(dt.date(2026, 11, 18), M), (dt.date(2026, 11, 19), M)],
    )
    RiskFlag.objects.create(
        relationship=elsewhere,
        reason=RiskFlag.Reason.TWO_MISSED,
        month=dt.date(2026, 11, 1),
        raised_on=dt.date(2026, 11, 19),
    )
    call = Call.objects.create(
        program=program,
        title="Convocatoria 2027",
        slug="convocatoria-2027",
        introduction="Postula.",
        opens_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        closes_at=dt.datetime(2026, 12, 15, tzinfo=dt.UTC),
        confirmation_message="Gracias.",
    )
    for n, submitted in enumerate([dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC), None, None]):
        application = Application.objects.create(
            call=call,
            role=Role.MENTEE,
            email=f"postulante{n}@example.org",
            token_hash=f"{n:064d}",
            status=Application.Status.SUBMITTED if n < 2 else Application.Status.DRAFT,
            submitted_at=submitted or (dt.datetime(2026, 11, 2, tzinfo=dt.UTC) if n < 2 else None),
        )
        if n == 0:
            ReviewAssignment.objects.create(application=application, reviewer=world.reviewer)
    return DigestWorld(followed=followed, unfollowed=unfollowed, paused=paused, elsewhere=elsewhere)
