"""Tutors are assigned within their caseload, preferring their own place, and only once."""

import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching import services
from puente.matching.models import TutorAssignment

pytestmark = pytest.mark.django_db


def add(world, role, n, **profile):
    tag = profile.get("city", "x")
    return [
        MembershipFactory(
            program=world.program,
            role=role,
            wave=world.wave,
            user=UserFactory(email=f"{role}-{tag}-{i}@example.org", **profile),
        )
        for i in range(n)
    ]


def test_every_mentee_gets_a_tutor_within_the_caseload_and_near_them(world):
    cali = add(world, Role.TUTOR, 1, city="Cali", country="Colombia")[0]
    lima = add(world, Role.TUTOR, 1, city="Lima", country="Perú", time_zone="America/Lima")[0]
    near_cali = add(world, Role.MENTEE, 3, city="Cali", country="Colombia")
    near_lima = add(world, Role.MENTEE, 3, city="Lima", country="Perú", time_zone="America/Lima")
    made = services.tutors_assign(program=world.program, wave=world.wave, caseload=4)
    # 7 mentees (with the world's own) for 3 tutors (with the world's own) of 4 places each.
    assert len(made) == 7
    tutor_of = {a.mentee_id: a.tutor_id for a in TutorAssignment.objects.all()}
    assert all(tutor_of[m.pk] == cali.pk for m in near_cali)
    assert all(tutor_of[m.pk] == lima.pk for m in near_lima)
    loads = {}
    for tutor in tutor_of.values():
        loads[tutor] = loads.get(tutor, 0) + 1
    assert max(loads.values()) <= 4
    # Running again changes nothing.
    assert services.tutors_assign(program=world.program, wave=world.wave, caseload=4) == []


def test_the_caseload_limits_how_many_get_a_tutor(world):
    add(world, Role.MENTEE, 5)
    made = services.tutors_assign(program=world.program, wave=world.wave, caseload=2)
    assert len(made) == 2  # the world's one tutor, two places


def test_the_coordinator_assigns_from_the_page(world):
    client = client_for(world.coordinator)
    slug = world.program.slug
    response = client.post(
        reverse("matching:tutors-assign", args=[slug]), {"run-wave": world.wave.pk}
    )
    assert response.status_code == 302
    assignment = TutorAssignment.objects.get()
    assert assignment.tutor.user == world.tutor and assignment.mentee.user == world.mentee
    page = client.get(reverse("matching:tutors", args=[slug])).content.decode()
    assert world.mentee.full_name in page
    assert client.get(reverse("matching:tutors-assign", args=[slug])).status_code == 405


def test_assigning_tutors_costs_the_same_queries_for_more_mentees(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(extra: int) -> int:
        TutorAssignment.objects.all().delete()
        for i in range(extra):
            MembershipFactory(
                program=world.program,
                role=Role.MENTEE,
                wave=world.wave,
                user=UserFactory(email=f"q{extra}-{i}@example.org"),
            )
        with CaptureQueriesContext(connection) as captured:
            services.tutors_assign(program=world.program, wave=world.wave, caseload=50)
        return len(captured)

    assert queries(2) == queries(8)
