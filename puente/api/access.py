"""The API's door to a program: the same rule as the pages (puente/programs/access.py), answered
the REST way — 404 to outsiders, 403 to members without the right."""

from rest_framework.exceptions import NotFound, PermissionDenied

from puente.accounts.models import User
from puente.core.permissions import Action, can
from puente.programs.access import ProgramAccess, program_roles
from puente.programs.models import Program


def get_program_access(
    user: User, slug: str, action: Action = Action.VIEW_PROGRAM
) -> ProgramAccess:
    program = Program.objects.select_related("organization").filter(slug=slug).first()
    if program is None:
        raise NotFound
    roles = program_roles(user, program)
    if not roles:
        raise NotFound
    if not can(roles, action):
        # The code names the right for the denial log; the answer's detail stays the default.
        raise PermissionDenied(code=f"no right to {action.value}")
    return ProgramAccess(program=program, user=user, roles=roles)
