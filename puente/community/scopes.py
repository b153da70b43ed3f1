"""Who may enter which community space and read which posts (see ``puente.core.scopes``):
coordinators every wave's space and the program-wide one, hidden posts marked; mentors, mentees
and tutors the spaces of their own waves, and the program-wide space when it is open."""

from django.db.models import Q, QuerySet

from puente.community.models import CommunitySettings, Post
from puente.core.permissions import Action, Role
from puente.core.scopes import Access, Scope
from puente.programs.access import ProgramAccess
from puente.programs.models import Wave

PARTICIPANT_ROLES = (Role.MENTOR, Role.MENTEE, Role.TUTOR)


def program_space_open(access: ProgramAccess) -> bool:
    return CommunitySettings.objects.filter(
        program=access.program, program_space_open=True
    ).exists()


def member_waves(access: ProgramAccess) -> list[Wave]:
    """The waves whose space this person may enter: all for coordinators, else those where they
    are a mentor, mentee or tutor."""
    waves = Wave.objects.filter(program=access.program)
    if not access.can(Action.MODERATE_COMMUNITY):
        waves = waves.filter(
            memberships__user=access.user, memberships__role__in=PARTICIPANT_ROLES
        ).distinct()
    return list(waves.order_by("number"))


def may_enter_program_space(access: ProgramAccess, is_open: bool) -> bool:
    if access.can(Action.MODERATE_COMMUNITY):
        return True
    return is_open and bool(access.roles & set(PARTICIPANT_ROLES))


def may_enter(access: ProgramAccess, wave_id: int | None, is_open: bool) -> bool:
    if access.can(Action.MODERATE_COMMUNITY):
        return True
    if wave_id is None:
        return may_enter_program_space(access, is_open)
    return access.program.memberships.filter(
        user=access.user, wave_id=wave_id, role__in=PARTICIPANT_ROLES
    ).exists()


class Posts(Scope[Post]):
    kind = "community.post"
    model = Post

    def visible(self, access: Access) -> QuerySet[Post]:
        assert isinstance(access, ProgramAccess)  # noqa: S101 - the only kind of access
        posts = Post.objects.filter(program=access.program)
        if not access.can(Action.TAKE_PART_IN_COMMUNITY):
            return posts.none()
        if access.can(Action.MODERATE_COMMUNITY):
            return posts
        spaces = Q(wave__in=[wave.pk for wave in member_waves(access)])
        if may_enter_program_space(access, program_space_open(access)):
            spaces |= Q(wave__isnull=True)
        return posts.filter(spaces, hidden_at__isnull=True)

    def changeable(self, access: Access) -> QuerySet[Post]:
        """One's own posts (the 24 hours allowed for editing are the service's rule)."""
        return self.visible(access).filter(author=access.user)


POSTS = Posts()
POSTS.register()
