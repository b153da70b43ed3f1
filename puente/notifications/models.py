"""Notifications: each person's notification preferences and the record of weekly digests sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.core.models import TimeStampedModel
from puente.programs.models import Program


class MessageEmails(models.TextChoices):
    """How a person hears of new messages in their relationships' conversations."""

    EACH = "each", _("An email when a message arrives (at most one until you read it)")
    DAILY = "daily", _("One summary a day of the messages you have not read")
    NONE = "none", _("No emails: I look at the conversation myself")


class NotificationPreference(TimeStampedModel):
    """What a person wants to hear about by email, beyond what ``User`` already holds (meeting
    reminders). Created the first time the person saves the preferences page; until then the
    defaults below apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest by email"),
        default=True,
        help_text=_(
            "For coordinators and tutors: every Monday, one email per program with the "
            "relationships at risk, last week's meetings, the logs missing and the week ahead."
        ),
    )
    message_emails = models.CharField(
        _("new messages in your conversations"),
        max_length=8,
        choices=MessageEmails,
        default=MessageEmails.EACH,
        help_text=_("The conversation of each relationship you take part in."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}"


class DigestSent(models.Model):
    """One person's weekly digest of one program for one ISO week, claimed before it is sent:
    the unique constraint lets exactly one run (of several, or of two racing workers) send it.
    ``emailed`` is False when there was nothing to say that week and no email went out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="+", verbose_name=_("program")
    )
    # The Monday of the ISO week the digest is about.
    week = models.DateField(_("week"))
    emailed = models.BooleanField(_("emailed"), default=True)
    sent_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        ordering = ["-week", "program", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "week"], name="digest_sent_once_a_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.program_id} · {self.week:%G-W%V}"
