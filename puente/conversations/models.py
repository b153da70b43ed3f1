"""Conversations: one message thread per mentoring relationship (pair or circle), for its
members; the tutors who follow it read it and write once a member invites them in. Reported
messages are moderated as the community's posts are (``community.models.Moderated``)."""

from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from puente.community.models import Moderated
from puente.core.models import TimeStampedModel
from puente.mentoring.models import Relationship

# Posting is throttled per person and conversation: at most MAX_MESSAGES in WINDOW.
MAX_MESSAGES = 20
WINDOW = timedelta(minutes=10)


class Thread(TimeStampedModel):
    """A relationship's conversation, created the first time someone opens it."""

    relationship = models.OneToOneField(
        Relationship,
        on_delete=models.CASCADE,
        related_name="conversation",
        verbose_name=_("relationship"),
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return f"{self.relationship_id}"


def attachment_upload_to(message: "Message", filename: str) -> str:
    # Never under a public URL: downloads go through a view that checks access.
    return f"conversations/thread-{message.thread_id}/{PurePosixPath(filename).name}"


class Message(Moderated, TimeStampedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=5000)
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_upload_to, blank=True, max_length=300
    )
    attachment_name = models.CharField(_("attachment's name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="conversation_message_hidden_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Participant(models.Model):
    """One person's place in a conversation: up to when they have read it, and when they were
    last emailed about it (at most one email until they read it again)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    last_read_at = models.DateTimeField(_("read up to"), null=True, blank=True)
    notified_at = models.DateTimeField(_("last emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "user"], name="conversation_participant_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.thread_id}"


class TutorInvitation(models.Model):
    """A member of the relationship let one of its tutors write in the conversation."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="tutor_invitations")
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("tutor"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tutor invitation")
        verbose_name_plural = _("tutor invitations")
        constraints = [
            models.UniqueConstraint(fields=["thread", "tutor"], name="conversation_tutor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.tutor_id} · {self.thread_id}"


class MessageReport(models.Model):
    """A member's report of a message, for the coordinators' moderation queue: the coordinators
    see the reported message alone, never the rest of the conversation."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="message_reports",
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
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "message"], name="conversation_report_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} → {self.message_id}"


class SummarySent(models.Model):
    """One person's daily summary of unread messages for one day, claimed before it is sent (the
    unique constraint lets exactly one run send it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily message summary sent")
        verbose_name_plural = _("daily message summaries sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="conversation_summary_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.day}"
