"""Data quality of the M&E rounds: the rules a round's answers are checked against, and the flags
the checks raise, each resolved or accepted by a coordinator. Imported by ``models`` so that
Django finds them; the checks themselves are in ``monitoring.quality``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.models import TimeStampedModel
from puente.instruments.models import Answer


class QualityRule(TimeStampedModel):
    """One rule of one round, on one question (by its key) or on the whole round. Rounds get
    rules from their questions' types when they open (``quality.rules_default``); coordinators
    add, change and remove them."""

    class Kind(models.TextChoices):
        REQUIRED = "required", _("Required")
        REQUIRED_IF = "required_if", _("Required if another answer has a value")
        RANGE = "range", _("Range")
        CONSISTENCY = "consistency", _("Consistent with another answer")
        ACROSS_ROUNDS = "across_rounds", _("Consistent with the earlier round")
        OUTLIER = "outlier", _("Outliers")
        DUPLICATE = "duplicate", _("Duplicate people")
        STRAIGHT_LINING = "straight_lining", _("Straight-lining")

    class Comparison(models.TextChoices):
        LTE = "lte", "≤"
        LT = "lt", "<"
        GTE = "gte", "≥"
        GT = "gt", ">"
        EQ = "eq", "="

    # Kinds about one question (the others look at whole answers).
    ON_QUESTION = (
        Kind.REQUIRED,
        Kind.REQUIRED_IF,
        Kind.RANGE,
        Kind.CONSISTENCY,
        Kind.ACROSS_ROUNDS,
        Kind.OUTLIER,
    )
    # Kinds that compare with another question of the same answer.
    WITH_OTHER = (Kind.REQUIRED_IF, Kind.CONSISTENCY)

    round = models.ForeignKey(
        "monitoring.Round", on_delete=models.CASCADE, related_name="quality_rules"
    )
    kind = models.CharField(_("rule"), max_length=16, choices=Kind)
    question_key = models.SlugField(_("question"), max_length=60, blank=True)
    other_key = models.SlugField(
        _("other question"),
        max_length=60,
        blank=True,
        help_text=_("For “required if” and “consistent with”: the other question's key."),
    )
    comparison = models.CharField(
        _("comparison"), max_length=3, choices=Comparison, blank=True, default=""
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    factor = models.DecimalField(
        _("factor"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Across rounds: the largest rise or fall allowed (100 = no more than 100 times, "
            "no less than a hundredth). Outliers: how many median absolute deviations from "
            "the median (3). Straight-lining: the fewest items of a block (5)."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("data-quality rule")
        verbose_name_plural = _("data-quality rules")
        ordering = ["round", "question_key", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "question_key", "other_key"],
                name="quality_rule_unique",
            ),
            models.CheckConstraint(
                condition=Q(factor__isnull=True) | Q(factor__gt=0),
                name="quality_rule_factor_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.question_key}".strip()


class QualityFlag(TimeStampedModel):
    """A problem a check found in one person's answer to a round. Found again by a later check,
    it is the same flag (``fingerprint``). An open flag leaves its answer out of the indicators
    (the whole answer for a duplicate or a straight-liner); a coordinator resolves it (with a
    corrected value the answer counts again, without one it stays out) or accepts it as it is
    (it counts)."""

    class Kind(models.TextChoices):
        MISSING = "missing", _("missing answer")
        OUT_OF_RANGE = "out_of_range", _("out of range")
        INCONSISTENT = "inconsistent", _("inconsistent")
        DUPLICATE = "duplicate", _("duplicate")
        STRAIGHT_LINING = "straight_lining", _("straight-lining")
        OUTLIER = "outlier", _("outlier")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("flag", "Open")
        RESOLVED = "resolved", pgettext_lazy("flag", "Resolved")
        ACCEPTED = "accepted", pgettext_lazy("flag", "Accepted")

    # Kinds about a whole answer: while they stand, none of its answers count.
    WHOLE_RESPONSE = (Kind.DUPLICATE, Kind.STRAIGHT_LINING)

    round = models.ForeignKey("monitoring.Round", on_delete=models.CASCADE, related_name="flags")
    rule = models.ForeignKey(
        QualityRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )
    invitation = models.ForeignKey(
        "monitoring.RoundInvitation", on_delete=models.CASCADE, related_name="flags"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="quality_flags"
    )
    kind = models.CharField(_("problem"), max_length=16, choices=Kind)
    question_key = models.SlugField(_("question"), max_length=60, blank=True)
    fingerprint = models.CharField(max_length=200)
    value = models.CharField(_("value found"), max_length=200, blank=True)
    # What the check saw, to say it in the reader's language (``quality.describe``).
    detail = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    corrected_value = models.DecimalField(
        _("corrected value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-quality flag")
        verbose_name_plural = _("data-quality flags")
        ordering = ["round", "status", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "fingerprint"], name="quality_flag_unique_fingerprint"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(note=""), name="quality_flag_decided_with_note"
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="quality_flag_round_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.question_key or self.invitation_id}"

    @property
    def leaves_out(self) -> bool:
        """Whether its answer (or whole response) is left out of the indicators."""
        return self.status == self.Status.OPEN or (
            self.status == self.Status.RESOLVED and self.corrected_value is None
        )
