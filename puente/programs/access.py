"""Fetching a program for the person asking: 404 to outsiders, 403 to members without the right."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from puente.accounts.models import User
from puente.core.permissions import Action, Role, can
from puente.programs.models import Program


@dataclass(frozen=True)
class ProgramAccess:
    """A program as seen by one person, with the roles that person holds there."""

    program: Program
    user: User
    roles: frozenset[str]

    def can(self, action: Action) -> bool:
        return can(self.roles, action)

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def can_view_directory(self) -> bool:
        return self.can(Action.VIEW_DIRECTORY)

    @property
    def can_review_applications(self) -> bool:
        return self.can(Action.REVIEW_APPLICATIONS)

    @property
    def takes_part_in_mentoring(self) -> bool:
        """A mentor, mentee or tutor, who has a "My mentoring" page."""
        return bool(self.roles & {Role.MENTOR, Role.MENTEE, Role.TUTOR})

    @property
    def can_view_events(self) -> bool:
        return self.can(Action.VIEW_EVENTS)

    @property
    def can_choose_mentor(self) -> bool:
        return self.can(Action.CHOOSE_MENTOR)

    @property
    def can_respond_to_choices(self) -> bool:
        return self.can(Action.RESPOND_TO_CHOICES)


def program_roles(user: User, program: Program) -> frozenset[str]:
    """The person's roles in the program; administrators of its organization act as coordinators."""
    if not user.is_authenticated:
        return frozenset()
    roles = set(program.memberships.filter(user=user).values_list("role", flat=True))
    if user.is_superuser or program.organization.admins.filter(pk=user.pk).exists():
        roles.add(Role.COORDINATOR)
    return frozenset(roles)


def get_program_for_user(
    request: HttpRequest, slug: str, action: Action = Action.VIEW_PROGRAM
) -> ProgramAccess:
    program = Program.objects.select_related("organization").filter(slug=slug).first()
    if program is None:
        raise Http404
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - views using this require sign-in
    roles = program_roles(user, program)
    if not roles:
        raise Http404
    if not can(roles, action):
        # The reason goes to the one-line denial log (puente/core/log.py), not to the page.
        raise PermissionDenied(f"no right to {action.value}")
    return ProgramAccess(program=program, user=user, roles=roles)
