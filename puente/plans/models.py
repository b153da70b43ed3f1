"""Growth plans: a gap assessment scored per focus area against targets (a buyer's requirements
or the program's default), prioritised improvement areas, measurable goals, actions and progress
updates. One plan per mentee of a relationship: in a circle, each mentee has their own."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.models import TimeStampedModel
from puente.instruments.models import Instrument, Submission
from puente.mentoring.models import Meeting, Relationship
from puente.programs.models import BuyerOrganization, FocusArea, Membership

# Levels and targets share the assessment's scale: 1 (not started) to 5 (what a buyer asks).
LEVEL_MIN, LEVEL_MAX = 1, 5
LEVEL_VALIDATORS = [MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)]
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class AreaQuestion(models.Model):
    """Which focus area a scored question of a gap-assessment instrument measures. Keyed by the
    question's stable key, so it holds across the instrument's versions."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="area_questions"
    )
    question_key = models.SlugField(_("question key"), max_length=60)
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="+", verbose_name=_("focus area")
    )

    class Meta:
        verbose_name = _("scored question")
        verbose_name_plural = _("scored questions")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "question_key"], name="area_question_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key} → {self.focus_area_id}"


class AreaTarget(TimeStampedModel):
    """The level a focus area should reach: a buyer's requirement (with what it asks for, in
    words), or (without a buyer) the program's default target. The one model of targets: the
    buyers' pages and the targets page both write it, the gap assessment reads it."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="+", verbose_name=_("focus area")
    )
    buyer = models.ForeignKey(
        BuyerOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="area_targets",
        verbose_name=_("corporate buyer"),
    )
    level = models.DecimalField(
        _("target level"), max_digits=2, decimal_places=1, validators=LEVEL_VALIDATORS
    )
    requirement = models.TextField(
        _("requirement"),
        blank=True,
        help_text=_("What the buyer asks for in this area, e.g. a certificate or a standard."),
    )

    class Meta:
        verbose_name = _("target level")
        verbose_name_plural = _("target levels")
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "buyer"], name="area_target_unique"),
            models.UniqueConstraint(
                fields=["focus_area"],
                condition=Q(buyer__isnull=True),
                name="area_target_one_default",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=LEVEL_MIN, level__lte=LEVEL_MAX),
                name="area_target_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.focus_area_id} · {self.buyer_id or '—'} · {self.level}"


class GrowthPlan(TimeStampedModel):
    """One mentee's plan within a relationship, measured against one buyer's requirements (or
    the program's default targets when no buyer is chosen)."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="growth_plans"
    )
    mentee = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="growth_plans", verbose_name=_("mentee")
    )
    # PROTECT: a buyer that plans are measured against cannot be deleted (archive it instead).
    buyer = models.ForeignKey(
        BuyerOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("targets from the buyer"),
        help_text=_("Leave empty to measure against the program's default targets."),
    )

    class Meta:
        verbose_name = _("growth plan")
        verbose_name_plural = _("growth plans")
        constraints = [
            models.UniqueConstraint(fields=["relationship", "mentee"], name="growth_plan_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} · {self.mentee_id}"


class GapAssessment(TimeStampedModel):
    """An assessment of one plan with one instrument: the mentee's and the mentor's answers,
    each their own submission."""

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessment")
    )
    mentee_submission = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mentor_submission = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("gap assessment")
        verbose_name_plural = _("gap assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "instrument"], name="gap_assessment_unique_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.instrument_id}"


class ImprovementArea(TimeStampedModel):
    """A focus area the mentor and mentee chose to work on, rated by impact and urgency."""

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="areas")
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="+", verbose_name=_("focus area")
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=RATING_VALIDATORS, help_text=_("1 (little) to 5 (a lot).")
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), validators=RATING_VALIDATORS, help_text=_("1 (can wait) to 5 (now).")
    )
    note = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("improvement area")
        verbose_name_plural = _("improvement areas")
        constraints = [
            models.UniqueConstraint(fields=["plan", "focus_area"], name="improvement_area_unique"),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5, urgency__gte=1, urgency__lte=5),
                name="improvement_area_ratings_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.focus_area_id} · {self.priority}"

    @property
    def priority(self) -> int:
        return self.impact * self.urgency


class Goal(TimeStampedModel):
    """A measurable goal: an indicator moving from a starting value to a target by a date."""

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="goals")
    area = models.ForeignKey(
        ImprovementArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("improvement area"),
    )
    title = models.CharField(_("goal"), max_length=200)
    indicator = models.CharField(
        _("indicator"),
        max_length=200,
        help_text=_("What you measure, e.g. “companies that received a quote”."),
    )
    start_value = models.DecimalField(
        _("starting value"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    current_value = models.DecimalField(_("current value"), max_digits=12, decimal_places=2)
    starts_on = models.DateField(_("starts on"))
    target_date = models.DateField(_("target date"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["target_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gte=models.F("starts_on")),
                name="goal_target_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> float:
        """How far the indicator has gone from its start to its target, from 0 to 1."""
        span = self.target_value - self.start_value
        if span == 0:
            return 1.0
        share = (self.current_value - self.start_value) / span
        return min(max(float(share), 0.0), 1.0)

    @property
    def progress_percent(self) -> int:
        return round(self.progress * 100)

    @property
    def is_achieved(self) -> bool:
        return self.progress >= 1

    def is_on_track(self, today: date) -> bool:
        """Achieved, or at least as far along as the time gone by (a tenth of slack)."""
        if self.is_achieved:
            return True
        total = (self.target_date - self.starts_on).days
        elapsed = (today - self.starts_on).days
        expected = 1.0 if total <= 0 else min(max(elapsed / total, 0.0), 1.0)
        return self.progress >= expected - 0.1


class PlanAction(TimeStampedModel):
    """A step toward a goal, owned by the mentor or the mentee, with a resource to use."""

    class Owner(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    class Status(models.TextChoices):
        NOT_STARTED = "todo", pgettext_lazy("action status", "To do")
        DOING = "doing", pgettext_lazy("action status", "In progress")
        DONE = "done", pgettext_lazy("action status", "Done")
        DROPPED = "dropped", pgettext_lazy("action status", "Dropped")

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("goal"),
    )
    title = models.CharField(_("action"), max_length=200)
    owner = models.CharField(_("who does it"), max_length=8, choices=Owner)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.NOT_STARTED)
    # A module or resource; the program library, when it arrives, can link its entries here.
    resource_title = models.CharField(_("resource"), max_length=200, blank=True)
    resource_url = models.URLField(_("resource address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A goal's indicator moved, with a note and, optionally, the meeting it was discussed at."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    value = models.DecimalField(_("new current value"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discussed at the meeting"),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.goal_id} → {self.value}"
