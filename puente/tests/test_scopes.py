"""The object-scope layer: a PathScope answers for one person (visible, changeable, get) and for
many at once (viewers) from the same declared paths; every kind is declared once; and the rules
it replaced are not written again elsewhere."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from puente.core.permissions import Action, Role
from puente.core.scopes import REGISTRY, PathScope
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services
from puente.mentoring.models import Relationship
from puente.mentoring.scopes import FOLLOWED_RELATIONSHIPS, MEETINGS, RELATIONSHIPS
from puente.programs.access import accesses_with, get_program_for_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _access(world, user):
    request = RequestFactory().get("/")
    request.user = user
    return get_program_for_user(request, world.program.slug)


@pytest.fixture
def pairs(world):
    """The world's pair (followed by the world's tutor) and a second pair nobody here follows."""
    program = world.program
    mentor = program.memberships.get(role=Role.MENTOR)
    mentee = program.memberships.get(role=Role.MENTEE)
    TutorAssignment.objects.create(
        program=program, tutor=program.memberships.get(role=Role.TUTOR), mentee=mentee
    )
    other_mentor = MembershipFactory(program=program, role=Role.MENTOR)
    other_mentee = MembershipFactory(program=program, role=Role.MENTEE)
    Match.objects.create(program=program, mentor=mentor, mentee=mentee)
    Match.objects.create(program=program, mentor=other_mentor, mentee=other_mentee)
    ours, theirs = sorted(
        services.relationships_from_matches(program=program), key=lambda r: r.mentor_id != mentor.pk
    )
    return ours, theirs


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_each_person_sees_the_relationships_their_paths_and_actions_reach(world, pairs):
    ours, theirs = pairs
    seen = {
        persona: _ids(RELATIONSHIPS.visible(_access(world, getattr(world, persona))))
        for persona in ("coordinator", "tutor", "mentor", "mentee", "observer", "reviewer")
    }
    assert seen == {
        "coordinator": {ours.pk, theirs.pk},
        "tutor": {ours.pk},
        "mentor": {ours.pk},
        "mentee": {ours.pk},
        "observer": set(),
        "reviewer": set(),
    }
    # Only the two sides change it.
    changes = {
        persona: _ids(RELATIONSHIPS.changeable(_access(world, getattr(world, persona))))
        for persona in ("coordinator", "tutor", "mentor", "mentee")
    }
    assert changes == {
        "coordinator": set(),
        "tutor": set(),
        "mentor": {ours.pk},
        "mentee": {ours.pk},
    }


def test_reached_is_the_paths_alone_even_for_those_who_see_all(world, pairs):
    ours, _theirs = pairs
    coordinator = _access(world, world.coordinator)
    assert _ids(RELATIONSHIPS.reached(coordinator)) == set()
    MembershipFactory(program=world.program, role=Role.MENTOR, user=world.coordinator)
    ours.mentor = world.program.memberships.get(user=world.coordinator, role=Role.MENTOR)
    ours.save()
    assert _ids(RELATIONSHIPS.reached(_access(world, world.coordinator))) == {ours.pk}


def test_get_answers_404_to_those_who_do_not_see_and_403_to_those_who_only_read(world, pairs):
    ours, theirs = pairs
    assert RELATIONSHIPS.get(_access(world, world.mentor), ours.pk, write=True) == ours
    with pytest.raises(Http404):
        RELATIONSHIPS.get(_access(world, world.mentor), theirs.pk)
    with pytest.raises(Http404):
        RELATIONSHIPS.get(_access(world, world.other_coordinator), ours.pk)
    assert RELATIONSHIPS.get(_access(world, world.tutor), ours.pk) == ours
    with pytest.raises(PermissionDenied):
        RELATIONSHIPS.get(_access(world, world.tutor), ours.pk, write=True)


def test_a_scope_seen_through_another_keeps_its_rule(world, pairs):
    ours, theirs = pairs
    tutor = _access(world, world.tutor)
    assert _ids(MEETINGS.visible(tutor)) == set(ours.meetings.values_list("pk", flat=True))
    assert _ids(MEETINGS.changeable(tutor)) == set()
    mentor = _access(world, world.mentor)
    assert _ids(MEETINGS.changeable(mentor)) == set(ours.meetings.values_list("pk", flat=True))


def test_viewers_for_many_people_agrees_with_visible_for_each(
    world, pairs, django_assert_max_num_queries
):
    admin = UserFactory()
    world.program.organization.admins.add(admin)
    accesses = accesses_with(world.program, Action.RECEIVE_DIGEST)
    assert {a.user for a in accesses} == {world.coordinator, world.tutor, admin}
    relationships = Relationship.objects.filter(program=world.program)
    with django_assert_max_num_queries(2):
        bulk = FOLLOWED_RELATIONSHIPS.viewers(relationships, accesses)
    for access in accesses:
        assert bulk[access.user.pk] == _ids(FOLLOWED_RELATIONSHIPS.visible(access))


def test_a_kind_is_declared_once():
    with pytest.raises(ValueError, match="Two scopes"):
        PathScope(kind="mentoring.relationship", model=Relationship)


def test_the_registry_names_every_kind_people_see():
    assert {
        "mentoring.relationship",
        "mentoring.followed_relationship",
        "mentoring.meeting",
        "mentoring.agreement",
        "mentoring.private_note",
        "mentoring.risk_flag",
        "mentoring.caseload",
        "matching.tutor_assignment",
        "plans.plan",
        "plans.growth_plan",
        "feedback.meeting_feedback",
        "feedback.lesson",
        "reports.mentor_report",
        "reports.review",
        "reports.filed_relationship",
        "reports.certificate",
        "recruitment.application",
        "recruitment.review",
        "programs.membership",
        "programs.buyer",
        "library.resource",
        "community.post",
        "conversations.conversation",
        "conversations.thread",
        "conversations.message",
        "events.event",
        "events.invitation",
    } <= set(REGISTRY)


def _sources(*patterns):
    assert (ROOT / "puente" / "core" / "scopes.py").exists()
    for pattern in patterns:
        for path in sorted((ROOT / "puente").rglob(pattern)):
            if "/tests/" in str(path) or "/migrations/" in str(path):
                continue
            yield path, path.read_text(encoding="utf-8")


def test_who_follows_a_relationship_is_written_once():
    """The tutor rule (a tutor follows the relationships of the mentees assigned to them) lives
    in mentoring/scopes.py; everything else builds on its names (FOLLOWERS, FOLLOWING_TUTORS)."""
    home = ROOT / "puente" / "mentoring" / "scopes.py"
    offenders = [
        str(path.relative_to(ROOT))
        for path, text in _sources("*.py")
        if path != home and re.search(r"mentees__tutor_assignment|tutees__mentee", text)
    ]
    assert offenders == []


def test_python_asks_about_actions_not_role_membership():
    """``Role.X in access.roles`` decides by role name; code asks ``access.can(Action…)``."""
    offenders = [
        str(path.relative_to(ROOT))
        for path, text in _sources("*.py")
        if re.search(r"Role\.[A-Z]+ in access\.roles|access\.is_coordinator", text)
    ]
    assert offenders == []


def test_templates_ask_about_actions_never_role_names():
    role = "|".join(re.escape(r.value) for r in Role)
    patterns = [
        re.compile(r"access\.roles"),
        re.compile(r"is_coordinator"),
        re.compile(rf"[\"']({role})[\"']\s+in\s+"),
    ]
    offenders = [
        f"{path.relative_to(ROOT)}: {pattern.pattern}"
        for path, text in _sources("*.html", "*.txt")
        for pattern in patterns
        if pattern.search(text)
    ]
    assert offenders == []
