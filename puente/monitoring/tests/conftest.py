import pytest

from puente.core.permissions import Role
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services
from puente.mentoring.models import Relationship, SessionPlan


@pytest.fixture
def relationship(world) -> Relationship:
    """The world's mentor and mentee, matched and followed by the world's tutor, with a plan of
    12 meetings over 16 weeks (the same pair as mentoring's tests)."""
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    tutor = program.memberships.get(role=Role.TUTOR)
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    Match.objects.create(program=program, wave=world.wave, mentor=mentor, mentee=mentee)
    TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    (made,) = services.relationships_from_matches(program=program)
    return made


@pytest.fixture
def me_world(world):
    """Six mentees in the world's wave (five women, one man) plus a baseline survey and an
    endline survey, both published."""
    from puente.factories import MembershipFactory, UserFactory
    from puente.instruments.services import instrument_from_template, version_publish

    mentees = [world.program.memberships.get(role=Role.MENTEE)]
    world.mentee.gender, world.mentee.city = "Mujer", "Quito"
    world.mentee.save()
    for n, (gender, city) in enumerate(
        [
            ("Mujer", "Quito"),
            ("Mujer", "Quito"),
            ("Mujer", "Cuenca"),
            ("Mujer", "Quito"),
            ("Hombre", "Quito"),
        ]
    ):
        user = UserFactory(email=f"mentee{n}@example.org", gender=gender, city=city, language="es")
        mentees.append(
            MembershipFactory(
                user=user,
                program=world.program,
                role=Role.MENTEE,
                wave=world.wave,
                track=world.track,
            )
        )
    surveys = {}
    for key in ("baseline-survey", "midline-survey", "endline-survey"):
        instrument = instrument_from_template(program=world.program, template_key=key)
        version_publish(version=instrument.versions.get(), by=world.coordinator)
        surveys[key.split("-")[0]] = instrument
    world.mentees = mentees
    world.surveys = surveys
    return world
