"""Monitoring and evaluation: survey rounds (baseline, midline, endline) sent to the people of a
wave, each person's invitation and answer, and the indicators a coordinator defines on answers
or on activity. Program health is computed from mentoring's meetings and needs no model."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.models import TimeStampedModel
from puente.core.permissions import Role
from puente.instruments.models import Instrument, InstrumentVersion, Submission
from puente.programs.models import Membership, Program, Wave
from puente.recruitment.models import Application


class RoundKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    MIDLINE = "midline", _("Midline")
    ENDLINE = "endline", _("Endline")


# The roles a round may be sent to: the people who take part, not those who run or fund it.
SURVEYED_ROLES = [Role.MENTEE, Role.MENTOR, Role.TUTOR]


class Round(TimeStampedModel):
    """One survey round of a wave: the instrument's published version is fixed when it opens, so
    every answer of the round answers the same questions."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("round", "Open")
        CLOSED = "closed", pgettext_lazy("round", "Closed")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("program")
    )
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("wave")
    )
    kind = models.CharField(_("round"), max_length=12, choices=RoundKind)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("survey")
    )
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="rounds")
    roles = models.JSONField(_("sent to"), default=list)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    reminder_every_days = models.PositiveSmallIntegerField(
        _("remind every (days)"),
        default=7,
        help_text=_("Those who have not answered get a reminder this many days apart."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["program", "wave__number", "opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "kind"], name="round_unique_wave_kind"),
            models.CheckConstraint(
                condition=Q(reminder_every_days__gte=1), name="round_reminder_days_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} · {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundInvitation(TimeStampedModel):
    """One person asked to answer a round, through one of their memberships (its role), and
    their answer once given. A person answers a round once: answering again edits the same
    submission until the round closes.

    A **comparison** invitation asks an eligible applicant who was not selected (waitlisted,
    or not drawn in the call's lottery): no account and no membership, only their application;
    they answer through a private link (a random token, stored hashed) and their answers count
    for the comparison group, never in the program's indicators."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="round_invitations",
        verbose_name=_("person"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="round_invitations",
    )
    comparison = models.BooleanField(_("comparison group"), default=False)
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="round_invitations",
        verbose_name=_("application"),
    )
    token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    submission = models.OneToOneField(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_invitation",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Claimed by the reminders task with a conditional UPDATE: one reminder per person and day.
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="round_invitation_unique_user"),
            models.UniqueConstraint(
                fields=["round", "application"],
                condition=Q(application__isnull=False),
                name="round_invitation_unique_application",
            ),
            models.CheckConstraint(
                condition=Q(comparison=False, user__isnull=False, membership__isnull=False)
                | Q(comparison=True, application__isnull=False),
                name="round_invitation_member_or_comparison",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.user_id or self.application_id}"

    @property
    def has_answered(self) -> bool:
        return self.answered_at is not None


class ResultLevel(models.TextChoices):
    """The levels of a results framework, from the top (IATI's result types 3, 2 and 1; its
    activities have no IATI result type)."""

    IMPACT = "impact", _("Impact")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")
    ACTIVITY = "activity", _("Activity")


class Result(TimeStampedModel):
    """One result of a program's results framework (impact → outcomes → outputs → activities):
    a statement of what the program changes, under its parent, which the indicators hanging
    from it measure."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="results", verbose_name=_("program")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("contributes to"),
    )
    level = models.CharField(_("level"), max_length=8, choices=ResultLevel)
    title = models.CharField(_("result"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["program", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "parent", "title"], name="result_unique_title_under_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        from puente.monitoring.packs import shown

        return shown(self.title)


class Indicator(TimeStampedModel):
    """A measure the coordinator defines, computed at each round (baseline, midline, endline)
    either from the round's answers or from the program's activity up to the round's date."""

    # The level of its result (kept on the indicator for the API and the indicators not yet
    # placed in the framework; ``services.indicator_save`` copies it from the result).
    Level = ResultLevel

    class Disaggregation(models.TextChoices):
        NONE = "", _("None")
        WAVE = "wave", _("Wave")
        TRACK = "track", _("Track")
        GENDER = "gender", _("Gender")
        LOCATION = "location", _("Location")
        # The funders' business definitions (puente.accounts.definitions), from the business
        # profile of the person counted.
        WOMEN_OWNED_IFC = "women_owned_ifc", _("Women-owned business (IFC)")
        WOMEN_OWNED_IWA = "women_owned_iwa", _("Women-owned business (IWA 34)")
        WOMEN_LED_IWA = "women_led_iwa", _("Women-led business (IWA 34)")
        MSME_BAND = "msme_band", _("Business size band (IFC)")

    class Computation(models.TextChoices):
        ANSWER_MEAN = "answer_mean", _("Mean of a number or scale question")
        ANSWER_SHARE_YES = "answer_share_yes", _("Share answering yes to a yes/no question")
        ANSWER_SUM = "answer_sum", _("Sum of a number question")
        MEETINGS_HELD = "meetings_held", _("Meetings held")
        MENTORING_HOURS = "mentoring_hours", _("Hours of mentoring held")
        EVENT_ATTENDANCE = "event_attendance", _("Attendance at events (share of invitees)")

    ON_ANSWERS = (Computation.ANSWER_MEAN, Computation.ANSWER_SHARE_YES, Computation.ANSWER_SUM)

    # Shown on pages, reports and exports: a text an indicator pack wrote (and nobody changed
    # since) in the reader's language, whatever the language of the coordinator who created it.
    @property
    def shown_name(self) -> str:
        from puente.monitoring.packs import shown

        return shown(self.name)

    @property
    def shown_definition(self) -> str:
        from puente.monitoring.packs import shown

        return shown(self.definition)

    @property
    def shown_unit(self) -> str:
        from puente.monitoring.packs import shown

        return shown(self.unit)

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("program")
    )
    name = models.CharField(_("name"), max_length=150)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=8, choices=Level, default=Level.OUTCOME)
    result = models.ForeignKey(
        Result,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("result measured"),
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value before the program; empty to read it from the baseline round."),
    )
    baseline_on = models.DateField(_("baseline measured on"), null=True, blank=True)
    target = models.DecimalField(
        _("life-of-program target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    disaggregation = models.CharField(
        _("disaggregate by"), max_length=16, choices=Disaggregation, blank=True, default=""
    )
    computation = models.CharField(_("computed as"), max_length=20, choices=Computation)
    question_key = models.SlugField(
        _("question key"),
        max_length=60,
        blank=True,
        help_text=_("For indicators on answers: the key of the survey question (e.g. confidence)."),
    )
    role = models.CharField(
        _("people counted"),
        max_length=16,
        choices=Role,
        blank=True,
        help_text=_("Only the answers of people in this role; empty for everyone surveyed."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["program", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="indicator_unique_name"),
            models.CheckConstraint(
                condition=~Q(computation__in=["answer_mean", "answer_share_yes", "answer_sum"])
                | ~Q(question_key=""),
                name="indicator_answers_need_question",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_on_answers(self) -> bool:
        return self.computation in self.ON_ANSWERS


class IndicatorPeriod(TimeStampedModel):
    """A reporting period of an indicator (a quarter, a half-year, a wave): its target, and its
    actual value computed from the answers of the rounds opened in it or from the activity in
    it (``puente.monitoring.framework``)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="periods", verbose_name=_("indicator")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("indicator period")
        verbose_name_plural = _("indicator periods")
        ordering = ["indicator", "start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "start"], name="period_unique_start"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.start}–{self.end}"


# Data-quality rules and flags live in their own module; imported here so Django finds them.
from puente.monitoring.quality_models import QualityFlag, QualityRule  # noqa: E402, F401
