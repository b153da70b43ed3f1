"""Calls for applicants, applications, reviews and decisions."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.core.models import TimeStampedModel
from puente.core.permissions import Role
from puente.instruments.models import Instrument, Submission
from puente.programs.models import Membership, Program, Track, Wave

APPLICANT_ROLES = [(Role.MENTOR.value, Role.MENTOR.label), (Role.MENTEE.value, Role.MENTEE.label)]


class Call(TimeStampedModel):
    """A call for applications ("convocatoria") with its public page."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="calls")
    wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("wave"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), unique=True, max_length=80)
    introduction = models.TextField(
        _("introduction"), help_text=_("What the public page says before the program's purpose.")
    )
    expectations = models.TextField(
        _("what we expect"),
        blank=True,
        help_text=_("Commitment asked of participants, beyond the program's hours and meetings."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    confirmation_message = models.TextField(
        _("confirmation message"),
        help_text=_("Shown and emailed to applicants once they submit."),
    )
    allowed_email_domains = models.CharField(
        _("allowed email domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "For an internal call: comma-separated domains (e.g. empresa.com). Empty: open to all."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    rubric = models.ForeignKey(
        Instrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rubric_of_calls",
        limit_choices_to={"kind": Instrument.Kind.RUBRIC},
        verbose_name=_("screening rubric"),
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recruitment:call-public", args=[self.slug])

    @property
    def domains(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.allowed_email_domains.split(",")
            if d.strip()
        ]

    def accepts_email(self, email: str) -> bool:
        domains = self.domains
        return not domains or email.rsplit("@", 1)[-1].lower() in domains

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at


class CallForm(models.Model):
    """The application form a call uses for one role."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="forms")
    role = models.CharField(_("role"), max_length=16, choices=APPLICANT_ROLES)
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="call_forms",
        limit_choices_to={"kind": Instrument.Kind.APPLICATION},
        verbose_name=_("form"),
    )

    class Meta:
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")
        ordering = ["call", "role"]
        constraints = [
            models.UniqueConstraint(fields=["call", "role"], name="call_form_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.get_role_display()}"


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        STARTED = "started", _("Email not confirmed")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    role = models.CharField(_("role"), max_length=16, choices=APPLICANT_ROLES)
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.STARTED, db_index=True
    )
    token_hash = models.CharField(max_length=64, unique=True)
    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    submission = models.OneToOneField(
        Submission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("track")
    )
    source = models.CharField(
        _("source"),
        max_length=12,
        choices=[("web", _("Web form")), ("import", _("Imported"))],
        default="web",
    )
    auto_points = models.DecimalField(
        _("points from automatic criteria"), max_digits=8, decimal_places=2, default=0
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "email"], name="application_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.email} → {self.call}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.STARTED, self.Status.DRAFT)

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.ACCEPTED, self.Status.WAITLISTED, self.Status.REJECTED)


class ApplicationEvent(models.Model):
    """Every step of an application: submitted, assigned, reviewed, decided — who and when."""

    class Action(models.TextChoices):
        STARTED = "started", _("started")
        SUBMITTED = "submitted", _("submitted")
        IMPORTED = "imported", _("imported")
        ASSIGNED = "assigned", _("assigned to a reviewer")
        REVIEWED = "reviewed", _("reviewed")
        ACCEPTED = "accepted", _("accepted")
        WAITLISTED = "waitlisted", _("waitlisted")
        REJECTED = "rejected", _("not selected")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"


class ReviewAssignment(models.Model):
    """A reviewer asked to score one application with the call's rubric."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    submission = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="review"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(
        _("weighted score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("0–100, computed from the rubric when the review is submitted."),
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_unique_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class AutoCriterion(models.Model):
    """A selection criterion computed from an answer: full points when the answer matches."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="auto_criteria")
    label = models.CharField(_("criterion"), max_length=200)
    question_key = models.SlugField(_("question key"), max_length=60)
    expected = models.CharField(
        _("expected answer"),
        max_length=100,
        help_text=_(
            "yes / no for yes-no questions; an option's value for choices; a minimum for numbers."
        ),
    )
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)

    class Meta:
        verbose_name = _("automatic criterion")
        verbose_name_plural = _("automatic criteria")
        ordering = ["call", "id"]

    def __str__(self) -> str:
        return self.label


class Lottery(TimeStampedModel):
    """Selection by lottery among a call's eligible applicants of one role: drawn with
    ``random.Random(seed)`` over the eligible applications in a fixed order, so anyone can draw
    again from the seed and the list and find the same result. Those not drawn form a
    randomized comparison group for the program's M&E rounds."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="lotteries")
    role = models.CharField(_("role"), max_length=16, choices=APPLICANT_ROLES)
    places = models.PositiveIntegerField(_("places"))
    seed = models.BigIntegerField(_("seed"))
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Application ids, in the order the draw read them (ascending id), and those drawn.
    eligible = models.JSONField(_("eligible applications"), default=list)
    selected = models.JSONField(_("selected applications"), default=list)

    class Meta:
        verbose_name = _("lottery")
        verbose_name_plural = _("lotteries")
        ordering = ["call", "role"]
        constraints = [
            models.UniqueConstraint(fields=["call", "role"], name="lottery_unique_call_role"),
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.role} · {self.seed}"
