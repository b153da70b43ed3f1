"""Who may enter which community space, and fetching posts and comments for them: 404 to
anyone outside the space, 403 to program members without a community (observers, reviewers)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from puente.community.models import Comment, Post
from puente.community.scopes import POSTS, may_enter, program_space_open
from puente.core.permissions import Action
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.models import Wave


@dataclass(frozen=True)
class Space:
    """One wave's space, or the program-wide one (``wave`` is None)."""

    access: ProgramAccess
    wave: Wave | None
    program_space_open: bool

    @property
    def can_moderate(self) -> bool:
        return self.access.can(Action.MODERATE_COMMUNITY)

    @property
    def number(self) -> int | None:
        return self.wave.number if self.wave else None


def get_space_for_user(request: HttpRequest, slug: str, number: int | None) -> Space:
    access = get_program_for_user(request, slug, Action.TAKE_PART_IN_COMMUNITY)
    wave = None
    if number is not None:
        wave = Wave.objects.filter(program=access.program, number=number).first()
        if wave is None:
            raise Http404
    is_open = program_space_open(access)
    if not may_enter(access, wave.pk if wave else None, is_open):
        raise Http404
    return Space(access=access, wave=wave, program_space_open=is_open)


def get_post_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[Space, Post]:
    """The post if this person may see it: in a space they belong to, and not hidden unless they
    are a coordinator (who sees it marked)."""
    access = get_program_for_user(request, slug, Action.TAKE_PART_IN_COMMUNITY)
    post = POSTS.get(access, pk, related=("author", "wave", "hidden_by"))
    return Space(access=access, wave=post.wave, program_space_open=program_space_open(access)), post


def get_comment_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[Space, Comment]:
    comment = Comment.objects.filter(pk=pk).only("post_id").first()
    if comment is None:
        raise Http404
    space, post = get_post_for_user(request, slug, comment.post_id)
    comment = Comment.objects.select_related("author").get(pk=pk)
    if comment.is_hidden and not space.can_moderate:
        raise Http404
    comment.post = post
    return space, comment


def require_moderator(space: Space) -> None:
    if not space.can_moderate:
        raise PermissionDenied
