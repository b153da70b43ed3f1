"""Community: each wave's posts and comments, their moderation, and the stories participants
choose to publish on the program's public page."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.models import TimeStampedModel
from puente.programs.models import Program, Wave

# How long an author may still edit their post.
EDIT_WINDOW = timedelta(hours=24)
# At most one "new comment" email per post and person within this time.
COMMENT_EMAIL_INTERVAL = timedelta(hours=1)


class CommunitySettings(models.Model):
    """A program's community choices, set by its coordinators."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="community_settings"
    )
    program_space_open = models.BooleanField(
        _("open the program-wide space"),
        default=False,
        help_text=_(
            "A space for every mentor, mentee and tutor of the program, alumni of earlier waves "
            "included."
        ),
    )

    class Meta:
        verbose_name = _("community settings")
        verbose_name_plural = _("community settings")

    def __str__(self) -> str:
        return str(self.program)


class Moderated(models.Model):
    """Content a coordinator may hide, with the reason, who and when."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Post(Moderated, TimeStampedModel):
    """What a participant shares with their wave (or, with ``wave`` empty, the whole program)."""

    class Kind(models.TextChoices):
        ACHIEVEMENT = "achievement", _("Achievement")
        QUESTION = "question", _("Question")
        RESOURCE = "resource", _("Resource")
        EVENT = "event", pgettext_lazy("community post", "Event")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="posts")
    wave = models.ForeignKey(
        Wave,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("wave"),
        help_text=_("Empty for the program-wide space."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_posts",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.ACHIEVEMENT)
    title = models.CharField(_("title"), max_length=150, blank=True)
    body = models.TextField(_("text"), max_length=5000)
    link = models.URLField(_("link"), max_length=500, blank=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    # Stamped when an email about a new comment went to the author (see COMMENT_EMAIL_INTERVAL).
    author_emailed_at = models.DateTimeField(_("author last emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("community post")
        verbose_name_plural = _("community posts")
        ordering = ["-is_pinned", "-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "wave", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="community_post_hidden_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def editable_until(self) -> datetime:
        return self.created_at + EDIT_WINDOW

    def can_be_edited_now(self) -> bool:
        return timezone.now() < self.editable_until


class Comment(Moderated, TimeStampedModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=2000)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="community_comment_hidden_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Cheer(models.Model):
    """One person's cheer for a post (one each, at most)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="cheers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cheer")
        verbose_name_plural = _("cheers")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="community_cheer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.post_id}"


class Report(models.Model):
    """A member's report of a post or of one of its comments, for the coordinators' queue."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("what is wrong"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=Q(comment__isnull=True),
                name="community_report_post_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="community_report_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} → {self.post_id}/{self.comment_id}"


class Story(TimeStampedModel):
    """What a mentee or mentor learned, published on the program's public page only with their
    explicit consent (kept with the exact words they agreed to and when)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Awaiting review")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stories")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stories",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("your story"), max_length=5000)
    show_business = models.BooleanField(_("show my business's name"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    consent_text = models.TextField(_("consent given"), blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "author"], name="story_one_per_author"),
            # Nothing is reviewed or published without consent on record.
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(consent_given_at__isnull=False) & ~Q(consent_text="")),
                name="story_consent_before_review",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="story_published_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title
