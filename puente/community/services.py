"""Writes of the community: posts, comments, cheers, reports, moderation and stories.
Keyword-only and atomic; each records who acted, and emails go out only after commit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.community.models import (
    COMMENT_EMAIL_INTERVAL,
    Cheer,
    Comment,
    CommunitySettings,
    Post,
    Report,
    Story,
)
from puente.core.emails import send_templated_email
from puente.core.permissions import Role
from puente.programs.models import Program, Wave

POST_FIELDS = ("kind", "title", "body", "link")


def _post_url(post: Post) -> str:
    return settings.SITE_URL + reverse("community:post", args=[post.program.slug, post.pk])


@transaction.atomic
def post_create(
    *,
    program: Program,
    wave: Wave | None,
    author: User,
    kind: str,
    body: str,
    title: str = "",
    link: str = "",
) -> Post:
    post = Post(
        program=program, wave=wave, author=author, kind=kind, title=title, body=body, link=link
    )
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_edit(
    *, post: Post, by: User, kind: str, body: str, title: str = "", link: str = ""
) -> Post:
    """The author's own change, within the edit window."""
    if post.author_id != by.pk:
        raise ValidationError(_("Only the author may edit a post."))
    if not post.can_be_edited_now():
        raise ValidationError(_("A post can only be edited within 24 hours of being posted."))
    post.kind, post.title, post.body, post.link = kind, title, body, link
    post.full_clean()
    post.save(update_fields=[*POST_FIELDS, "updated_at"])
    return post


@transaction.atomic
def post_delete(*, post: Post, by: User) -> None:
    if post.author_id != by.pk:
        raise ValidationError(_("Only the author may delete a post."))
    post.delete()


@transaction.atomic
def comment_add(*, post: Post, author: User, body: str) -> Comment:
    """A comment; its post's author hears of it by email, at most once an hour per post."""
    if post.comments_closed:
        raise ValidationError(_("Comments are closed on this post."))
    comment = Comment(post=post, author=author, body=body)
    comment.full_clean()
    comment.save()
    recipient = post.author
    if recipient.pk != author.pk and recipient.is_active and recipient.email:
        now = timezone.now()
        # Claims the right to email with one conditional UPDATE, so two comments racing each
        # other still send one message.
        claimed = Post.objects.filter(
            Q(author_emailed_at__isnull=True)
            | Q(author_emailed_at__lte=now - COMMENT_EMAIL_INTERVAL),
            pk=post.pk,
        ).update(author_emailed_at=now)
        if claimed:
            send_templated_email(
                to=recipient.email,
                language=recipient.language,
                template="community/email/new_comment",
                context={
                    "person": recipient,
                    "commenter": author,
                    "post": post,
                    "comment": comment,
                    "program": post.program,
                    "url": _post_url(post),
                },
            )
    return comment


@transaction.atomic
def cheer_set(*, post: Post, user: User, on: bool) -> None:
    """Cheer a post or take the cheer back; doing it twice changes nothing."""
    if on:
        Cheer.objects.get_or_create(post=post, user=user)
    else:
        Cheer.objects.filter(post=post, user=user).delete()


@transaction.atomic
def report_add(
    *, post: Post, reporter: User, reason: str = "", comment: Comment | None = None
) -> Report | None:
    """A member's report of a post or comment, once per person (None when already reported).
    The coordinators get one email per reported item while it waits in the queue."""
    report = Report(post=post, comment=comment, reporter=reporter, reason=reason)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return None
    already_waiting = (
        Report.objects.filter(post=post, comment=comment, resolved_at__isnull=True)
        .exclude(pk=report.pk)
        .exists()
    )
    if not already_waiting:
        program = post.program
        coordinators = User.objects.filter(
            memberships__program=program, memberships__role=Role.COORDINATOR, is_active=True
        ).distinct()
        url = settings.SITE_URL + reverse("community:moderation", args=[program.slug])
        for coordinator in coordinators:
            send_templated_email(
                to=coordinator.email,
                language=coordinator.language,
                template="community/email/new_report",
                context={
                    "person": coordinator,
                    "program": program,
                    "report": report,
                    "is_comment": comment is not None,
                    "url": url,
                },
            )
    return report


def _resolve_reports(*, post: Post, comment: Comment | None, by: User) -> None:
    Report.objects.filter(post=post, comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


@transaction.atomic
def content_hide(*, content: Post | Comment, by: User, reason: str) -> None:
    """Hides a post or comment from everyone but the coordinators, and closes its reports."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is hidden.")})
    content.hidden_at = timezone.now()
    content.hidden_by = by
    content.hidden_reason = reason
    content.full_clean()
    content.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    if isinstance(content, Comment):
        _resolve_reports(post=content.post, comment=content, by=by)
    else:
        _resolve_reports(post=content, comment=None, by=by)


@transaction.atomic
def content_unhide(*, content: Post | Comment, by: User) -> None:
    content.hidden_at = None
    content.hidden_by = None
    content.hidden_reason = ""
    content.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])


@transaction.atomic
def post_moderate(
    *, post: Post, by: User, pinned: bool | None = None, closed: bool | None = None
) -> None:
    """Pin or unpin a post, close or reopen its comments."""
    if pinned is not None:
        post.is_pinned = pinned
    if closed is not None:
        post.comments_closed = closed
    post.save(update_fields=["is_pinned", "comments_closed", "updated_at"])


@transaction.atomic
def report_dismiss(*, report: Report, by: User) -> None:
    """Nothing to do: closes every open report of the same post or comment."""
    _resolve_reports(post=report.post, comment=report.comment, by=by)


@transaction.atomic
def settings_save(*, program: Program, program_space_open: bool) -> CommunitySettings:
    row, _created = CommunitySettings.objects.update_or_create(
        program=program, defaults={"program_space_open": program_space_open}
    )
    return row


@transaction.atomic
def story_save(
    *,
    program: Program,
    author: User,
    title: str,
    body: str,
    show_business: bool,
    consent: bool,
    consent_text: str,
) -> Story:
    """Write or change one's story. With consent (recorded with the exact words shown and the
    time) it goes to the coordinators for review; without, it stays a private draft. Any change
    takes a published story off the public page until it is reviewed again."""
    story = Story.objects.select_for_update().filter(program=program, author=author).first()
    if story is None:
        story = Story(program=program, author=author)
    story.title, story.body, story.show_business = title, body, show_business
    now = timezone.now()
    if consent:
        story.status = Story.Status.PENDING
        story.consent_text = consent_text
        story.consent_given_at = now
        story.consent_withdrawn_at = None
    else:
        if story.status != Story.Status.DRAFT:
            story.consent_withdrawn_at = now
        story.status = Story.Status.DRAFT
    story.published_at = None
    story.reviewed_by = None
    story.full_clean()
    story.save()
    return story


@transaction.atomic
def story_withdraw(*, story: Story) -> Story:
    """The author takes back their consent: the story leaves the public page at once. What they
    had agreed to, and when, stays on record next to the withdrawal."""
    story.status = Story.Status.DRAFT
    story.consent_withdrawn_at = timezone.now()
    story.published_at = None
    story.reviewed_by = None
    story.save()
    return story


@transaction.atomic
def story_publish(*, story: Story, by: User) -> Story:
    """Publish a story awaiting review (only ever one whose author consented)."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status != Story.Status.PENDING or story.consent_given_at is None:
        raise ValidationError(_("Only a story awaiting review, with consent, can be published."))
    story.status = Story.Status.PUBLISHED
    story.published_at = timezone.now()
    story.reviewed_by = by
    story.full_clean()
    story.save()
    return story


@transaction.atomic
def story_unpublish(*, story: Story, by: User) -> Story:
    """A coordinator takes a story off the public page; it waits for review again."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status == Story.Status.PUBLISHED:
        story.status = Story.Status.PENDING
        story.published_at = None
        story.reviewed_by = by
        story.save()
    return story
