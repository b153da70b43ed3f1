"""The role table in ``puente.core.permissions`` and the access helper that applies it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from puente.core.permissions import PUBLIC_ROLES, Action, Role, can
from puente.factories import MembershipFactory, UserFactory
from puente.programs.access import get_program_for_user, program_roles

# What each role may do, written out by hand from DESIGN.md so that a change to the table in
# permissions.py has to be made on purpose in both places (a new Action must be added here too).
EXPECTED = {
    # Everything in the program except the personal acts of choice mode (choosing one's own
    # mentor, answering the mentees who chose oneself) and of a relationship (logging meetings,
    # offering and picking meeting times).
    # Following up relationships at risk (FOLLOW_UP_RISKS) is the coordinator's alone. Following
    # relationships as a tutor and "My mentoring" are not theirs: they see all on the board.
    Role.COORDINATOR: set(Action)
    - {
        Action.CHOOSE_MENTOR,
        Action.RESPOND_TO_CHOICES,
        Action.LOG_MEETINGS,
        Action.OFFER_TIMES,
        Action.PICK_TIMES,
        Action.GIVE_FEEDBACK,
        Action.EDIT_PLANS,
        Action.WRITE_STORY,
        Action.FILE_MENTOR_REPORTS,
        Action.FOLLOW_RELATIONSHIPS,
        Action.VIEW_OWN_MENTORING,
        # Private conversations: coordinators meet a message only when it is reported.
        Action.READ_CONVERSATIONS,
        Action.POST_MESSAGES,
        Action.INVITE_TUTOR,
        Action.REPORT_MESSAGES,
    },
    Role.REVIEWER: {
        Action.VIEW_PROGRAM,
        Action.VIEW_DIRECTORY,
        Action.REVIEW_APPLICATIONS,
        Action.VIEW_EVENTS,
        Action.VIEW_LIBRARY,
    },
    Role.TUTOR: {
        Action.VIEW_PROGRAM,
        Action.VIEW_DIRECTORY,
        Action.VIEW_ALL_MEMBERS,
        Action.VIEW_CONTACT_DETAILS,
        Action.VIEW_RELATIONSHIPS,
        Action.FOLLOW_RELATIONSHIPS,
        Action.VIEW_OWN_MENTORING,
        Action.RECEIVE_DIGEST,
        Action.VIEW_CASELOADS,
        Action.VIEW_PROGRAM_HEALTH,
        Action.GIVE_FEEDBACK,
        Action.VIEW_FEEDBACK,
        Action.WRITE_LESSONS,
        Action.VIEW_EVENTS,
        Action.TAKE_PART_IN_COMMUNITY,
        Action.REVIEW_MENTOR_REPORTS,
        Action.VIEW_LIBRARY,
        # The buyers the plans they follow are measured against.
        Action.VIEW_BUYERS,
        # The conversations of the relationships they follow: read, write once invited in.
        Action.READ_CONVERSATIONS,
        Action.POST_MESSAGES,
        Action.REPORT_MESSAGES,
    },
    Role.MENTOR: {
        Action.VIEW_PROGRAM,
        Action.VIEW_DIRECTORY,
        Action.RESPOND_TO_CHOICES,
        Action.VIEW_RELATIONSHIPS,
        Action.VIEW_OWN_MENTORING,
        Action.LOG_MEETINGS,
        Action.OFFER_TIMES,
        Action.PICK_TIMES,
        Action.GIVE_FEEDBACK,
        Action.WRITE_LESSONS,
        Action.VIEW_EVENTS,
        Action.EDIT_PLANS,
        Action.TAKE_PART_IN_COMMUNITY,
        Action.WRITE_STORY,
        Action.FILE_MENTOR_REPORTS,
        Action.VIEW_LIBRARY,
        Action.VIEW_BUYERS,
        Action.READ_CONVERSATIONS,
        Action.POST_MESSAGES,
        Action.INVITE_TUTOR,
        Action.REPORT_MESSAGES,
    },
    Role.MENTEE: {
        Action.VIEW_PROGRAM,
        Action.VIEW_DIRECTORY,
        Action.CHOOSE_MENTOR,
        Action.VIEW_RELATIONSHIPS,
        Action.VIEW_OWN_MENTORING,
        Action.LOG_MEETINGS,
        Action.OFFER_TIMES,
        Action.PICK_TIMES,
        Action.GIVE_FEEDBACK,
        Action.VIEW_EVENTS,
        Action.EDIT_PLANS,
        Action.TAKE_PART_IN_COMMUNITY,
        Action.WRITE_STORY,
        Action.VIEW_LIBRARY,
        Action.VIEW_BUYERS,
        Action.READ_CONVERSATIONS,
        Action.POST_MESSAGES,
        Action.INVITE_TUTOR,
        Action.REPORT_MESSAGES,
    },
    Role.OBSERVER: {
        Action.VIEW_PROGRAM,
        Action.VIEW_INDICATORS,
        Action.VIEW_FUNDER_DASHBOARD,
        Action.EXPORT_IATI,
    },
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_each_role_may_do_exactly_its_actions(role, action):
    assert can([role.value], action) is (action in EXPECTED[role])


@pytest.mark.parametrize("action", list(Action))
def test_no_role_may_do_nothing(action):
    assert can([], action) is False


def test_several_roles_add_up():
    assert can([Role.OBSERVER, Role.TUTOR], Action.VIEW_CONTACT_DETAILS) is True
    assert can([Role.OBSERVER, Role.MENTEE], Action.VIEW_CONTACT_DETAILS) is False
    assert can([Role.MENTOR, Role.MENTEE], Action.INVITE) is False


def test_unknown_role_strings_grant_nothing():
    assert can(["admin", "owner"], Action.VIEW_PROGRAM) is False


def test_public_roles_are_coordinators_tutors_and_mentors():
    assert {Role.COORDINATOR, Role.TUTOR, Role.MENTOR} == PUBLIC_ROLES


# program_roles / get_program_for_user


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_program_roles_lists_every_role_the_person_holds(world):
    MembershipFactory(user=world.mentor, program=world.program, role=Role.REVIEWER)
    assert program_roles(world.mentor, world.program) == {Role.MENTOR, Role.REVIEWER}


def test_program_roles_is_empty_for_outsiders_and_anonymous(world):
    assert program_roles(world.outsider, world.program) == frozenset()
    assert program_roles(world.other_coordinator, world.program) == frozenset()
    assert program_roles(AnonymousUser(), world.program) == frozenset()


def test_organization_admins_act_as_coordinators(world):
    admin = UserFactory()
    world.program.organization.admins.add(admin)
    assert program_roles(admin, world.program) == {Role.COORDINATOR}
    # ...but only in their own organization's programs.
    assert program_roles(admin, world.other_program) == frozenset()


def test_superusers_act_as_coordinators(world):
    operator = UserFactory(is_superuser=True)
    assert program_roles(operator, world.program) == {Role.COORDINATOR}


def test_get_program_for_user_returns_the_program_with_roles(world):
    access = get_program_for_user(_request(world.tutor), world.program.slug)
    assert access.program == world.program
    assert access.user == world.tutor
    assert access.roles == {Role.TUTOR}
    assert access.can(Action.MANAGE_PROGRAM) is False
    assert access.can(Action.VIEW_DIRECTORY) is True
    assert access.can(Action.VIEW_CONTACT_DETAILS) is True


def test_get_program_for_user_answers_404_to_outsiders(world):
    with pytest.raises(Http404):
        get_program_for_user(_request(world.outsider), world.program.slug)
    with pytest.raises(Http404):
        get_program_for_user(_request(world.other_coordinator), world.program.slug)


def test_get_program_for_user_answers_404_for_an_unknown_program(world):
    with pytest.raises(Http404):
        get_program_for_user(_request(world.coordinator), "no-such-program")


def test_get_program_for_user_answers_403_to_members_without_the_right(world):
    with pytest.raises(PermissionDenied):
        get_program_for_user(_request(world.mentor), world.program.slug, Action.MANAGE_PROGRAM)
    with pytest.raises(PermissionDenied):
        get_program_for_user(_request(world.observer), world.program.slug, Action.VIEW_DIRECTORY)


def test_coordinator_access_may_manage_the_program(world):
    access = get_program_for_user(_request(world.coordinator), world.program.slug, Action.INVITE)
    assert access.can(Action.MANAGE_PROGRAM) is True
