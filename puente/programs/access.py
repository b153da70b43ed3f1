"""Fetching a program for the person asking: 404 to outsiders, 403 to members without the right."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from puente.accounts.models import User
from puente.core.permissions import Action, Role, can, roles_allowed
from puente.programs.models import Organization, Program


@dataclass(frozen=True)
class ProgramAccess:
    """A program as seen by one person, with the roles that person holds there."""

    program: Program
    user: User
    roles: frozenset[str]

    def can(self, action: Action) -> bool:
        return can(self.roles, action)


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


def _admin_roles(action: Action) -> bool:
    return Role.COORDINATOR in roles_allowed(action)


def programs_where(user: User, action: Action) -> QuerySet[Program]:
    """The programs where ``user``'s roles allow ``action`` (memberships, and organizations they
    administer when coordinators may)."""
    condition = Q(memberships__user=user, memberships__role__in=roles_allowed(action))
    if _admin_roles(action):
        condition |= Q(organization__admins=user)
    return Program.objects.filter(pk__in=Program.objects.filter(condition).values("pk"))


def accesses_with(
    program: Program, action: Action, *, among: QuerySet[User] | None = None
) -> list[ProgramAccess]:
    """Everyone active (``among`` those given) whose roles in ``program`` allow ``action``,
    each with all their roles there, in two queries whatever their number (for emails to many
    people at once). Operators (superusers) are left out: they act as coordinators when they
    visit, but the program's emails are for its own people."""
    allowed = roles_allowed(action)
    condition = Q(memberships__program=program, memberships__role__in=allowed)
    admins = Organization.admins.through.objects.filter(
        organization_id=program.organization_id, user_id=OuterRef("pk")
    )
    if _admin_roles(action):
        condition |= Q(Exists(admins))
    people = User.objects.filter(condition, is_active=True)
    if among is not None:
        people = people.filter(pk__in=among.values("pk"))
    users = {
        user.pk: user
        for user in User.objects.filter(pk__in=people.values("pk")).annotate(
            is_admin=Exists(admins)
        )
    }
    roles: dict[int, set[str]] = {
        pk: {Role.COORDINATOR} if user.is_admin else set() for pk, user in users.items()
    }
    for user_id, role in program.memberships.filter(user__in=list(users)).values_list(
        "user_id", "role"
    ):
        roles[user_id].add(role)
    return [
        ProgramAccess(program=program, user=users[pk], roles=frozenset(roles[pk]))
        for pk in sorted(users)
        if can(roles[pk], action)
    ]
