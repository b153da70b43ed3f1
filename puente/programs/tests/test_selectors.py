"""Reads scoped to the person asking, and the number of queries the list pages make."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import (
    FocusAreaFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    TrackFactory,
    UserFactory,
    WaveFactory,
)
from puente.programs import selectors
from puente.programs.access import ProgramAccess, program_roles

pytestmark = pytest.mark.django_db


def _access(user, program):
    return ProgramAccess(program=program, user=user, roles=program_roles(user, program))


def _names(memberships):
    return sorted((m.user.email, m.role) for m in memberships)


# programs_for_user


def test_programs_for_user_lists_the_programs_with_roles(world):
    MembershipFactory(user=world.mentor, program=world.program, role=Role.REVIEWER)
    (item,) = selectors.programs_for_user(world.mentor)
    assert item.program == world.program
    assert item.roles == [Role.MENTOR, Role.REVIEWER]


def test_programs_for_user_counts_every_person_of_the_program(world):
    # Six people hold one role each; a second role for one of them adds no person.
    MembershipFactory(user=world.mentor, program=world.program, role=Role.REVIEWER)
    items = selectors.programs_for_user(world.mentee)
    assert [item.members for item in items] == [6]
    assert [item.members for item in selectors.programs_for_user(world.coordinator)] == [6]


def test_programs_for_user_is_empty_for_an_outsider(world):
    assert selectors.programs_for_user(world.outsider) == []


def test_organization_admins_see_their_programs_as_coordinators(world):
    admin = UserFactory()
    world.program.organization.admins.add(admin)
    second = ProgramFactory(organization=world.program.organization)
    MembershipFactory(user=admin, program=second, role=Role.MENTOR)
    items = {item.program: item for item in selectors.programs_for_user(admin)}
    assert set(items) == {world.program, second}
    assert items[world.program].roles == [Role.COORDINATOR]
    assert items[world.program].members == 6
    assert items[second].roles == [Role.COORDINATOR, Role.MENTOR]


# organizations_for_creator


def test_coordinators_and_admins_may_create_programs_in_their_organization(world):
    admin = UserFactory()
    lone_org = OrganizationFactory()
    lone_org.admins.add(admin)
    assert list(selectors.organizations_for_creator(world.coordinator)) == [
        world.program.organization
    ]
    assert list(selectors.organizations_for_creator(admin)) == [lone_org]
    assert list(selectors.organizations_for_creator(UserFactory(is_superuser=True))) == list(
        type(lone_org).objects.all()
    )


@pytest.mark.parametrize("name", ["reviewer", "tutor", "mentor", "mentee", "observer", "outsider"])
def test_other_people_may_not_create_programs(world, name):
    assert not selectors.organizations_for_creator(getattr(world, name)).exists()


def test_a_coordinator_of_two_programs_sees_the_organization_once(world):
    MembershipFactory(
        user=world.coordinator,
        program=ProgramFactory(organization=world.program.organization),
        role=Role.COORDINATOR,
    )
    assert selectors.organizations_for_creator(world.coordinator).count() == 1


# program_overview


def test_program_overview_counts_people_by_role_wave_and_track(world):
    second_wave = WaveFactory(program=world.program, number=2)
    for _ in range(3):
        MembershipFactory(program=world.program, role=Role.MENTEE, wave=second_wave)
    MembershipFactory(user=world.tutor, program=world.program, role=Role.MENTOR)
    overview = selectors.program_overview(world.program)
    by_role = {role: count for role, _label, count in overview.members_by_role}
    assert by_role == {
        "coordinator": 1,
        "reviewer": 1,
        "tutor": 1,
        "mentor": 2,
        "mentee": 4,
        "observer": 1,
    }
    assert overview.total_members == 9
    waves = {wave.number: (wave.mentor_count, wave.mentee_count) for wave in overview.waves}
    assert waves == {1: (1, 1), 2: (0, 3)}
    ((track, mentors, mentees),) = [
        (t.name, t.mentor_count, t.mentee_count) for t in overview.tracks
    ]
    assert (track, mentors, mentees) == ("Entrar a la industria", 1, 1)


def test_my_memberships_and_coordinators(world):
    (membership,) = selectors.my_memberships(world.mentee, world.program)
    assert (membership.role, membership.wave, membership.track) == (
        Role.MENTEE,
        world.wave,
        world.track,
    )
    assert selectors.program_coordinators(world.program) == [world.coordinator]


# directory visibility

EVERYONE = {
    ("coordinator@example.org", "coordinator"),
    ("reviewer@example.org", "reviewer"),
    ("tutor@example.org", "tutor"),
    ("mentor@example.org", "mentor"),
    ("mentee@example.org", "mentee"),
    ("observer@example.org", "observer"),
}
PUBLIC = {
    ("coordinator@example.org", "coordinator"),
    ("tutor@example.org", "tutor"),
    ("mentor@example.org", "mentor"),
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("coordinator", EVERYONE),
        ("tutor", EVERYONE),
        ("reviewer", PUBLIC | {("reviewer@example.org", "reviewer")}),
        ("mentor", PUBLIC),
        ("mentee", PUBLIC | {("mentee@example.org", "mentee")}),
    ],
)
def test_directory_shows_what_each_role_may_see(world, name, expected):
    access = _access(getattr(world, name), world.program)
    assert set(_names(selectors.directory(access))) == expected


def test_directory_never_lists_other_programs(world):
    MembershipFactory(program=world.other_program, role=Role.MENTOR)
    access = _access(world.coordinator, world.program)
    assert all(m.program_id == world.program.pk for m in selectors.directory(access))


def test_directory_search_matches_every_word(world):
    MembershipFactory(
        user=UserFactory(full_name="Lucía Pardo", organization="Banco Andino", city="Quito"),
        program=world.program,
        role=Role.MENTOR,
    )
    MembershipFactory(
        user=UserFactory(full_name="Lucía Ortega", organization="Textiles", city="Lima"),
        program=world.program,
        role=Role.MENTOR,
    )
    access = _access(world.mentee, world.program)
    assert [m.user.full_name for m in selectors.directory(access, query="lucía")] == [
        "Lucía Ortega",
        "Lucía Pardo",
    ]
    assert [m.user.full_name for m in selectors.directory(access, query="lucía quito")] == [
        "Lucía Pardo"
    ]


def test_only_those_who_see_emails_may_search_by_email(world):
    coordinator = _access(world.coordinator, world.program)
    mentee = _access(world.mentee, world.program)
    assert _names(selectors.directory(coordinator, query="tutor@example")) == [
        ("tutor@example.org", "tutor")
    ]
    assert list(selectors.directory(mentee, query="tutor@example")) == []


def test_directory_filters_by_role_wave_and_track(world):
    wave2 = WaveFactory(program=world.program, number=2)
    track2 = TrackFactory(program=world.program, name="Liderar equipos")
    late = MembershipFactory(program=world.program, role=Role.MENTEE, wave=wave2, track=track2)
    access = _access(world.coordinator, world.program)
    assert _names(selectors.directory(access, role=Role.MENTEE)) == sorted(
        [("mentee@example.org", "mentee"), (late.user.email, "mentee")]
    )
    assert [m.user for m in selectors.directory(access, wave=wave2)] == [late.user]
    assert [m.user for m in selectors.directory(access, track=track2)] == [late.user]
    assert len(selectors.directory(access, wave=world.wave, role=Role.MENTOR)) == 1


def test_member_for_user_returns_visible_entries_only(world):
    MembershipFactory(user=world.tutor, program=world.program, role=Role.MENTEE)
    person, memberships = selectors.member_for_user(
        _access(world.mentor, world.program), world.tutor.pk
    )
    assert person == world.tutor
    assert [m.role for m in memberships] == [Role.TUTOR]
    _person, all_entries = selectors.member_for_user(
        _access(world.coordinator, world.program), world.tutor.pk
    )
    assert sorted(m.role for m in all_entries) == [Role.MENTEE, Role.TUTOR]


@pytest.mark.parametrize(
    ("viewer", "target"),
    [
        ("mentor", "mentee"),
        ("mentee", "reviewer"),
        ("mentor", "observer"),
        ("coordinator", "outsider"),
    ],
)
def test_member_for_user_answers_404_when_nothing_is_visible(world, viewer, target):
    with pytest.raises(Http404):
        selectors.member_for_user(
            _access(getattr(world, viewer), world.program), getattr(world, target).pk
        )


# query counts: a list page makes the same number of queries whatever its size


def _populate(program, n, waves, tracks, areas):
    for i in range(n):
        membership = MembershipFactory(
            program=program,
            role=Role.MENTEE if i % 3 else Role.MENTOR,
            wave=waves[i % len(waves)],
            track=tracks[i % len(tracks)],
            user=UserFactory(organization=f"Empresa {i}", job_title="Analista"),
        )
        membership.focus_areas.set(areas[: 1 + i % len(areas)])


def _program_with(n, n_waves=2):
    program = ProgramFactory()
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    waves = [WaveFactory(program=program, number=i + 1) for i in range(n_waves)]
    tracks = [TrackFactory(program=program) for _ in range(2)]
    areas = [FocusAreaFactory(program=program) for _ in range(3)]
    _populate(program, n - 1, waves, tracks, areas)
    assert program.memberships.count() == n
    return program, coordinator


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_directory_queries_do_not_grow_with_members():
    small, small_coordinator = _program_with(5)
    large, large_coordinator = _program_with(50)
    small_count, small_page = _count_queries(
        client_for(small_coordinator), reverse("programs:directory", args=[small.slug])
    )
    large_count, large_page = _count_queries(
        client_for(large_coordinator), reverse("programs:directory", args=[large.slug])
    )
    assert small_page.context["page"].paginator.count == 5
    assert len(large_page.context["page"].object_list) == 50
    assert small_count == large_count


def test_directory_queries_do_not_grow_for_a_mentee_either():
    counts = []
    for n in (5, 50):
        program, _coordinator = _program_with(n)
        mentee = program.memberships.filter(role=Role.MENTEE).first().user
        url = reverse("programs:directory", args=[program.slug])
        count, page = _count_queries(client_for(mentee), url)
        assert page.context["page"].paginator.count > 1
        counts.append(count)
    assert counts[0] == counts[1]


def test_program_home_queries_do_not_grow_with_members_or_waves():
    small, small_coordinator = _program_with(5, n_waves=1)
    large, large_coordinator = _program_with(50, n_waves=6)
    small_count, small_page = _count_queries(
        client_for(small_coordinator), reverse("programs:program-home", args=[small.slug])
    )
    large_count, large_page = _count_queries(
        client_for(large_coordinator), reverse("programs:program-home", args=[large.slug])
    )
    assert small_page.context["overview"].total_members == 5
    assert large_page.context["overview"].total_members == 50
    assert small_count == large_count


def test_member_detail_queries_do_not_grow_with_focus_areas():
    counts = []
    for n_areas in (1, 8):
        program, coordinator = _program_with(3)
        mentee = program.memberships.filter(role=Role.MENTEE).first()
        mentee.focus_areas.set([FocusAreaFactory(program=program) for _ in range(n_areas)])
        url = reverse("programs:member-detail", args=[program.slug, mentee.user_id])
        count, _page = _count_queries(client_for(coordinator), url)
        counts.append(count)
    assert counts[0] == counts[1]


def test_my_programs_queries_do_not_grow_with_programs():
    counts = []
    for n in (2, 8):
        person = UserFactory()
        for _ in range(n):
            program = ProgramFactory()
            MembershipFactory(user=person, program=program, role=Role.MENTOR)
            MembershipFactory(program=program, role=Role.MENTEE)
        count, page = _count_queries(client_for(person), reverse("programs:my-programs"))
        assert len(page.context["items"]) == n
        counts.append(count)
    assert counts[0] == counts[1]
