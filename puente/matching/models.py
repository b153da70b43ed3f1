"""Matching: per-program criteria and weights, runs with their proposals, and confirmed matches."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from puente.core.models import TimeStampedModel
from puente.programs.models import Membership, Program, Track, Wave


class CriterionKey(models.TextChoices):
    GOALS = "goals", _("Goals and expertise")
    AVAILABILITY = "availability", _("Availability in common")
    COMMITMENT = "commitment", _("Time commitment")
    EXPERIENCE = "experience", _("Experience gap")
    LANGUAGE = "language", _("Language in common")
    LOCATION = "location", _("Location and time zone")
    GENDER = "gender", _("Gender preference")
    ORGANIZATION = "organization", _("Organizational rules")
    RECIPROCITY = "reciprocity", _("Reciprocity (both sides learn)")


class MatchingSettings(TimeStampedModel):
    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="matching_settings"
    )
    min_score = models.DecimalField(
        _("minimum score"),
        max_digits=4,
        decimal_places=3,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Pairs scoring below this (0 to 1) are never proposed."),
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("mentees per mentor"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many mentees a mentor takes unless their own capacity says otherwise."),
    )
    allow_rematch = models.BooleanField(_("allow pairs who met in an earlier wave"), default=False)
    mentee_choice = models.BooleanField(_("mentees choose from their suggestions"), default=False)
    suggestions_shown = models.PositiveSmallIntegerField(
        _("suggestions shown to each mentee"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self.program)


class Criterion(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="matching_criteria")
    key = models.CharField(_("criterion"), max_length=16, choices=CriterionKey)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=5, validators=[MaxValueValidator(10)]
    )
    required = models.BooleanField(
        _("must"),
        default=False,
        help_text=_("A must: pairs that score zero on it are never proposed."),
    )

    class Meta:
        verbose_name = _("matching criterion")
        verbose_name_plural = _("matching criteria")
        ordering = ["program", "key"]
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="criterion_unique_key"),
        ]

    def __str__(self) -> str:
        return self.get_key_display()


class MentorCapacity(models.Model):
    """A mentor's own capacity, when it differs from the program's default."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="mentor_capacity"
    )
    capacity = models.PositiveSmallIntegerField(_("mentees"), validators=[MaxValueValidator(50)])

    class Meta:
        verbose_name = _("mentor capacity")
        verbose_name_plural = _("mentor capacities")

    def __str__(self) -> str:
        return f"{self.membership} × {self.capacity}"


class PairRule(TimeStampedModel):
    """A coordinator's decision about one pair, honoured by every run: lock it in or forbid it."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("Locked")
        FORBID = "forbid", _("Forbidden")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_rules")
    mentee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="pair_rule_unique"),
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(kind="lock"), name="pair_rule_one_lock_per_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.mentee_id} ↔ {self.mentor_id}"


class MatchRun(TimeStampedModel):
    """One run of the solver: its inputs, settings, result and timings, kept for comparison."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("To review")
        CONFIRMED = "confirmed", _("Confirmed")
        SUPERSEDED = "superseded", _("Replaced by a later run")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_runs")
    wave = models.ForeignKey(Wave, on_delete=models.SET_NULL, null=True, blank=True)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    settings_used = models.JSONField(default=dict)
    inputs = models.JSONField(default=dict)
    timings = models.JSONField(default=dict)
    total_score = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    matched = models.PositiveIntegerField(default=0)
    mentees = models.PositiveIntegerField(default=0)
    mentors = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.program} #{self.pk}"


class Proposal(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=4)
    breakdown = models.JSONField(default=list)
    locked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["run", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="proposal_one_per_mentee"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} ↔ {self.mentor_id} ({self.score})"


class Unmatched(models.Model):
    class Reason(models.TextChoices):
        NO_ALLOWED_MENTOR = "no_allowed_mentor", _("No mentor passes the musts and minimum score")
        NO_CAPACITY = "no_capacity", _("Every suitable mentor is full")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason)

    class Meta:
        verbose_name = _("unmatched mentee")
        verbose_name_plural = _("unmatched mentees")

    def __str__(self) -> str:
        return f"{self.mentee_id}: {self.reason}"


class Match(TimeStampedModel):
    """A confirmed mentor and mentee. Mentoring makes each match its own relationship (a pair),
    except in group programs, where a mentor's matches of a wave make one circle."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="matches")
    wave = models.ForeignKey(Wave, on_delete=models.SET_NULL, null=True, blank=True)
    mentee = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="matches_as_mentee"
    )
    mentor = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="matches_as_mentor"
    )
    run = models.ForeignKey(MatchRun, on_delete=models.SET_NULL, null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    breakdown = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status, default=Status.ACTIVE)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["program", "mentor", "mentee"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="active"),
                name="match_one_active_per_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ↔ {self.mentee}"


class TutorAssignment(TimeStampedModel):
    """A tutor follows a mentee (or business) and supports their mentor."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tutor_assignments")
    tutor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tutees")
    mentee = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="tutor_assignment"
    )

    class Meta:
        verbose_name = _("tutor assignment")
        verbose_name_plural = _("tutor assignments")

    def __str__(self) -> str:
        return f"{self.tutor} → {self.mentee}"


class TextEmbedding(models.Model):
    """A person's text (what they offer, or want) encoded once, on save, for matching."""

    class Kind(models.TextChoices):
        OFFERED = "offered", _("offered")
        WANTED = "wanted", _("wanted")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="embeddings")
    kind = models.CharField(max_length=8, choices=Kind)
    encoder = models.CharField(max_length=60)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")
        constraints = [
            models.UniqueConstraint(fields=["membership", "kind"], name="embedding_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.kind} ({self.encoder})"


class Suggestion(models.Model):
    """A mentor suggested to a mentee in choice mode, with the explanation, and the mentee's
    ranking of it (``choice``: 1 is their first choice; empty while not chosen)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="suggestions")
    mentee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="suggestions")
    mentor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("place shown"))
    score = models.DecimalField(max_digits=6, decimal_places=4)
    breakdown = models.JSONField(default=list)
    choice = models.PositiveSmallIntegerField(_("mentee's choice"), null=True, blank=True)
    chosen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["mentee", "position"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="suggestion_unique_pair"),
            models.UniqueConstraint(fields=["mentee", "choice"], name="suggestion_unique_choice"),
            models.CheckConstraint(
                condition=Q(choice__isnull=True) | Q(choice__gte=1), name="suggestion_choice_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} #{self.position}"


class MentorResponse(TimeStampedModel):
    """A mentor's answer to a mentee who chose them. A decline (always with a reason) keeps the
    pair out of every later suggestion and run, like a forbidden pair; it outlives republishing."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentor_responses")
    mentee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField(_("accepted"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("mentor's response")
        verbose_name_plural = _("mentors' responses")
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="mentor_response_unique"),
            models.CheckConstraint(
                condition=Q(accepted=True) | ~Q(reason=""), name="mentor_response_decline_reason"
            ),
        ]

    def __str__(self) -> str:
        verdict = "accepted" if self.accepted else "declined"
        return f"{self.mentor_id} {verdict} {self.mentee_id}"
