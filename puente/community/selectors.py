"""What the community pages show, scoped to the person looking."""

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from puente.accounts.models import User
from puente.community.access import Space
from puente.community.models import Cheer, Comment, Post, Report, Story
from puente.community.scopes import POSTS
from puente.programs.models import Program


def _count(queryset: QuerySet[Any]) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("post_id").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_counts(posts: QuerySet[Post], *, user: User, moderator: bool) -> QuerySet[Post]:
    """Posts with their author, visible comment count, cheer count and whether ``user`` cheered,
    in one query whatever their number."""
    comments = Comment.objects.filter(post=OuterRef("pk"))
    if not moderator:
        comments = comments.filter(hidden_at__isnull=True)
    return posts.select_related("author", "hidden_by").annotate(
        comment_count=_count(comments),
        cheer_count=_count(Cheer.objects.filter(post=OuterRef("pk"))),
        cheered=Exists(Cheer.objects.filter(post=OuterRef("pk"), user=user)),
        open_reports=_count(Report.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True))
        if moderator
        else Value(0, output_field=IntegerField()),
    )


def feed(space: Space) -> QuerySet[Post]:
    """The space's posts, pinned first then newest; hidden ones only for coordinators."""
    posts = POSTS.visible(space.access).filter(wave=space.wave)
    return with_counts(posts, user=space.access.user, moderator=space.can_moderate).order_by(
        "-is_pinned", "-created_at", "-pk"
    )


def post_with_counts(space: Space, post: Post) -> Post:
    return with_counts(
        Post.objects.filter(pk=post.pk), user=space.access.user, moderator=space.can_moderate
    ).get()


def comments(space: Space, post: Post) -> list[Comment]:
    rows = post.comments.select_related("author", "hidden_by")
    if not space.can_moderate:
        rows = rows.filter(hidden_at__isnull=True)
    return list(rows.order_by("created_at", "pk"))


def reported_ids(user: User, post: Post) -> tuple[bool, set[int]]:
    """Whether ``user`` reported the post, and which of its comments."""
    reports = list(
        Report.objects.filter(reporter=user, post=post).values_list("comment_id", flat=True)
    )
    return None in reports, {pk for pk in reports if pk is not None}


def open_reports(program: Program) -> list[Report]:
    """Unresolved reports, oldest first, with what they are about."""
    return list(
        Report.objects.filter(post__program=program, resolved_at__isnull=True)
        .select_related("post__author", "post__wave", "comment__author", "reporter")
        .order_by("created_at", "pk")
    )


def stories_to_review(program: Program) -> list[Story]:
    return list(
        Story.objects.filter(program=program, status=Story.Status.PENDING)
        .select_related("author")
        .order_by("updated_at", "pk")
    )


def published_stories(program: Program) -> list[Story]:
    return list(
        Story.objects.filter(program=program, status=Story.Status.PUBLISHED)
        .select_related("author__business")
        .order_by("-published_at", "-pk")
    )
