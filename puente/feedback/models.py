"""Feedback that is used at once: a 30-second form after each held meeting, pulse surveys and
mini-retros per wave, and lessons learned at the end of a wave or after an event."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.models import TimeStampedModel
from puente.core.permissions import Role
from puente.events.models import Event
from puente.mentoring.models import Meeting
from puente.programs.models import Program, Wave

RATING_RANGE = Q(usefulness__gte=1) & Q(usefulness__lte=5)


class MeetingFeedback(TimeStampedModel):
    """One side's answer about one held meeting: the mentor's, or one mentee's. Read by the
    coordinator (and the tutor who follows the pair), never by the other side."""

    class Side(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feedback"
    )
    side = models.CharField(_("side"), max_length=8, choices=Side)
    usefulness = models.PositiveSmallIntegerField(_("how useful was this meeting?"))
    helped = models.TextField(_("one thing that helped"), blank=True)
    change = models.TextField(_("one thing to change"), blank=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="meeting_feedback_once_per_person"
            ),
            models.CheckConstraint(condition=RATING_RANGE, name="meeting_feedback_usefulness_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.author_id} · {self.usefulness}"


class Pulse(TimeStampedModel):
    """A short question set a coordinator opens for a wave: a pulse ("how is it going", 1–5, and
    a comment) or a mini-retro (what went well, what to improve, what to try)."""

    class Kind(models.TextChoices):
        PULSE = "pulse", _("Pulse survey")
        RETRO = "retro", _("Mini-retro")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pulses")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="pulses")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.PULSE)
    title = models.CharField(_("title"), max_length=150)
    roles = models.JSONField(
        _("who answers"),
        default=list,
        blank=True,
        help_text=_("Leave empty for every mentor, mentee and tutor of the wave."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pulse survey or mini-retro")
        verbose_name_plural = _("pulse surveys and mini-retros")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def audience(self) -> list[str]:
        """The roles that answer: those chosen, or every mentor, mentee and tutor."""
        return list(self.roles) or [Role.MENTOR, Role.MENTEE, Role.TUTOR]

    def audience_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels[role]) for role in self.audience if role in labels]


class PulseAnswer(TimeStampedModel):
    """One person's answer to a pulse or retro; editable until it closes."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulse_answers"
    )
    rating = models.PositiveSmallIntegerField(_("how is it going?"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    to_improve = models.TextField(_("what to improve"), blank=True)
    to_try = models.TextField(_("what to try"), blank=True)

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pulse", "author"], name="pulse_answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="pulse_answer_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pulse_id} · {self.author_id}"


class Lesson(TimeStampedModel):
    """A lesson learned at the end of a wave or after an event, tagged with a theme, gathered for
    planning the next wave."""

    class Theme(models.TextChoices):
        MATCHING = "matching", _("Matching")
        MEETINGS = "meetings", _("Meetings")
        TRAINING = "training", _("Training")
        COMMUNICATION = "communication", _("Communication")
        LOGISTICS = "logistics", _("Logistics")
        TOOLS = "tools", _("Tools")
        OTHER = "other", pgettext_lazy("lesson theme", "Other")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="lessons")
    wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("wave"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_lessons",
        verbose_name=_("event"),
        help_text=_("Leave empty for a lesson about the wave as a whole."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="lessons"
    )
    author_role = models.CharField(_("role"), max_length=16, choices=Role)
    theme = models.CharField(_("theme"), max_length=16, choices=Theme)
    worked = models.TextField(_("what worked"), blank=True)
    to_change = models.TextField(_("what to change"), blank=True)

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["theme", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(worked="") | ~Q(to_change=""), name="lesson_says_something"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} · {self.theme}"
