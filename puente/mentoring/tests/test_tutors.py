"""Tutors where they belong: on the board and the relationship page even when they were assigned
after the relationship was made, and each tutor's caseload (their mentees against the program's
limit, their pairs' last contact and risk flags)."""

import datetime as dt

import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching import services as matching
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services
from puente.mentoring.models import Meeting, Relationship, RiskFlag

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"mentoring:{name}", args=[world.program.slug, *args])


@pytest.fixture
def untutored(world) -> Relationship:
    """The world's pair, made before any tutor was assigned (as a new coordinator does it:
    match, confirm, then assign tutors)."""
    program = world.program
    Match.objects.create(
        program=program,
        wave=world.wave,
        mentor=program.memberships.get(role=Role.MENTOR),
        mentee=program.memberships.get(role=Role.MENTEE),
    )
    (made,) = services.relationships_from_matches(program=program)
    return made


def test_tutors_assigned_after_the_relationship_show_on_the_board_and_its_page(world, untutored):
    board = client_for(world.coordinator).get(_url(world, "board")).text
    assert "Persona Tutor" not in board
    made = matching.tutors_assign(program=world.program)
    assert [a.tutor.user for a in made] == [world.tutor]
    board = client_for(world.coordinator).get(_url(world, "board")).text
    row = board[board.index(f'id="relationship-{untutored.pk}"') :]
    assert "Persona Tutor" in row[: row.index("</tr>")]
    page = client_for(world.mentor).get(_url(world, "relationship", untutored.pk)).text
    tutors = page[page.index('id="relationship-tutors"') :]
    assert "Persona Tutor" in tutors[: tutors.index("</dd>")]
    # And the tutor now follows it.
    assert client_for(world.tutor).get(_url(world, "relationship", untutored.pk)).status_code == 200


def test_a_relationship_without_a_tutor_says_so(world, untutored):
    page = client_for(world.mentee).get(_url(world, "relationship", untutored.pk)).text
    assert "No tutor assigned yet" in page


def _mentees(world, count, *, tutor=None, start=0):
    mentees = []
    for index in range(start, start + count):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(
            program=world.program,
            role=Role.MENTEE,
            wave=world.wave,
            user=UserFactory(full_name=f"Emprendedora {index:03d}"),
        )
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
        if tutor is not None:
            TutorAssignment.objects.create(program=world.program, tutor=tutor, mentee=mentee)
        mentees.append(mentee)
    services.relationships_from_matches(program=world.program)
    return mentees


def test_a_tutor_sees_their_own_caseload_and_the_coordinator_every_tutors(world, untutored):
    tutor = world.program.memberships.get(role=Role.TUTOR)
    other = MembershipFactory(
        program=world.program,
        role=Role.TUTOR,
        user=UserFactory(full_name="Otra Tutora"),
    )
    TutorAssignment.objects.create(
        program=world.program, tutor=tutor, mentee=untutored.mentees.get()
    )
    (theirs,) = _mentees(world, 1, tutor=other)
    mine = client_for(world.tutor).get(_url(world, "caseload"))
    assert mine.status_code == 200
    assert f'id="caseload-{tutor.pk}"' in mine.text
    assert f'id="caseload-{other.pk}"' not in mine.text
    assert "Persona Mentee" in mine.text and theirs.user.full_name not in mine.text
    assert "1 of 10 mentees" in mine.text
    everyone = client_for(world.coordinator).get(_url(world, "caseload")).text
    assert f'id="caseload-{tutor.pk}"' in everyone and f'id="caseload-{other.pk}"' in everyone
    assert theirs.user.full_name in everyone


def test_the_caseload_shows_last_contact_risk_and_the_limit(world, untutored):
    tutor = world.program.memberships.get(role=Role.TUTOR)
    world.program.tutor_caseload = 2
    world.program.save()
    TutorAssignment.objects.create(
        program=world.program, tutor=tutor, mentee=untutored.mentees.get()
    )
    _mentees(world, 2, tutor=tutor)
    first = untutored.meetings.get(number=1)
    Meeting.objects.filter(pk=first.pk).update(
        status=Meeting.Status.HELD, planned_on=dt.date(2026, 11, 3)
    )
    RiskFlag.objects.create(
        relationship=untutored,
        reason=RiskFlag.Reason.TWO_MISSED,
        month=dt.date(2026, 11, 1),
        raised_on=dt.date(2026, 11, 20),
    )
    text = client_for(world.tutor).get(_url(world, "caseload")).text
    assert "3 of 2 mentees" in text and "Over the program's limit." in text
    row = text[text.index(f"relationship-{untutored.pk}") :]
    row = row[: row.index("</tr>")]
    assert "3 November 2026" in row or "Nov. 3, 2026" in row
    assert "Two meetings missed in a row" in row
    assert "1 relationship at risk" in text
    assert text.count("No meeting held yet") == 2


def test_the_caseload_takes_the_same_queries_however_many_tutors_and_mentees(
    world, untutored, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for(world.coordinator)
    tutor = world.program.memberships.get(role=Role.TUTOR)
    _mentees(world, 2, tutor=tutor)
    client.get(_url(world, "caseload"))  # warm the session
    with django_assert_max_num_queries(15) as small:
        client.get(_url(world, "caseload"))
    for index in range(3):
        more = MembershipFactory(program=world.program, role=Role.TUTOR)
        _mentees(world, 4, tutor=more, start=100 + 10 * index)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(_url(world, "caseload"))
    assert response.text.count('class="section caseload"') == 4
