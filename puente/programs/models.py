from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.models import TimeStampedModel
from puente.core.permissions import Role
from puente.programs.calendar import (
    MONDAY_TO_FRIDAY,
    country_choices,
    validate_working_days,
)


class Organization(TimeStampedModel):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_organizations",
        verbose_name=_("administrators"),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BuyerOrganization(TimeStampedModel):
    """A corporate buyer the businesses of a program are mentored toward. It belongs to the
    organization and joins its programs (``Program.buyers``); its requirements per focus area,
    with the level each asks for, are the target levels the gap assessment compares against
    (``plans.AreaTarget``). The businesses that target it are mentee memberships
    (``Membership.buyers``). Archived, it is no longer offered, and what points at it stays."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="buyers")
    name = models.CharField(_("name"), max_length=150)
    sector = models.CharField(_("sector"), max_length=150, blank=True)
    location = models.CharField(
        _("location"),
        max_length=150,
        blank=True,
        help_text=_("Where it buys: countries, cities or sites."),
    )
    needs = models.TextField(_("what it buys"), blank=True)
    selection_criteria = models.TextField(
        _("how it selects suppliers"),
        blank=True,
        help_text=_("Registration, references, payment terms, visits, prices…"),
    )
    technical_specifications = models.TextField(
        _("technical requirements"),
        blank=True,
        help_text=_("What every supplier must meet, whatever the area."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("corporate buyer")
        verbose_name_plural = _("corporate buyers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="buyer_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Program(TimeStampedModel):
    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one")
        # Translators: a program's format ("Grupal" in Spanish), not a group of people.
        GROUP = "group", pgettext_lazy("program format", "Group")
        REVERSE = "reverse", _("Reverse mentoring")
        PEER = "peer", _("Peer mentoring")

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECRUITING = "recruiting", _("Recruiting")
        MATCHING = "matching", _("Matching")
        RUNNING = "running", _("Running")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name"), unique=True, max_length=80)
    purpose = models.TextField(_("purpose"), help_text=_("Why the program exists and for whom."))
    format = models.CharField(_("format"), max_length=16, choices=Format, default=Format.ONE_TO_ONE)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery, default=Delivery.VIRTUAL
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours_per_week = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    planned_meetings = models.PositiveSmallIntegerField(
        _("planned meetings"), default=10, validators=[MaxValueValidator(200)]
    )
    cadence = models.CharField(
        _("meeting cadence"), max_length=16, choices=Cadence, default=Cadence.BIWEEKLY
    )
    tutor_caseload = models.PositiveSmallIntegerField(
        _("mentees per tutor"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("How many mentees (or businesses) one tutor follows at most."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    # The calendar meetings are laid out on (programs.calendar): the public holidays of this
    # country are skipped, and only these weekdays are used (ISO digits, "12345": Monday–Friday).
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        choices=country_choices,
        help_text=_("Meetings are not laid out on its public holidays."),
    )
    working_days = models.CharField(
        _("working days"),
        max_length=7,
        default=MONDAY_TO_FRIDAY,
        validators=[validate_working_days],
        help_text=_("The weekdays meetings are laid out on."),
    )
    buyers = models.ManyToManyField(
        BuyerOrganization, blank=True, related_name="programs", verbose_name=_("corporate buyers")
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="program_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:program-home", args=[self.slug])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The program cannot end before it starts.")})


class ArchivableQuerySet(models.QuerySet):
    """Waves, tracks and focus areas are archived rather than deleted once data refers to them:
    an archived one leaves the choices offered for anything new (``active``) and stays wherever
    it is already used (see ``programs.archived`` for the forms)."""

    def active(self) -> "ArchivableQuerySet":
        return self.filter(archived_at__isnull=True)

    def archived(self) -> "ArchivableQuerySet":
        return self.filter(archived_at__isnull=False)


class Wave(TimeStampedModel):
    """A cohort of the program with its own dates.

    Its number never changes once given (it is in addresses: the wave's community space, its
    toolkit versions, the next wave started from it); waves are shown in the order of their
    dates, so moving a wave means changing its dates."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["program", "starts_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="wave_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="wave_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name or _("Wave %(number)s") % {"number": self.number}

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The wave cannot end before it starts.")
        program = self.program if self.program_id else None
        if program is not None and self.starts_on and self.starts_on < program.starts_on:
            errors["starts_on"] = _("The wave cannot start before the program (%(date)s).") % {
                "date": program.starts_on.isoformat()
            }
        if program is not None and self.ends_on and self.ends_on > program.ends_on:
            errors["ends_on"] = _("The wave cannot end after the program (%(date)s).") % {
                "date": program.ends_on.isoformat()
            }
        if errors:
            raise ValidationError(errors)


class Break(TimeStampedModel):
    """Days a program (or one of its waves) does not meet, such as Holy Week or the end-of-year
    holidays: session plans lay no meeting in them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="breaks")
    wave = models.ForeignKey(
        Wave,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="breaks",
        verbose_name=_("wave"),
        help_text=_("Leave empty for a break of the whole program."),
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["program", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="break_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} – {self.ends_on})"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A break cannot end before it starts.")
        if self.starts_on and self.ends_on and (self.ends_on - self.starts_on).days > 366:
            errors["ends_on"] = _("A break lasts a year at most.")
        if (
            self.wave_id
            and self.wave is not None
            and self.program_id
            and self.wave.program_id != self.program_id
        ):
            errors["wave"] = _("This wave belongs to another program.")
        if errors:
            raise ValidationError(errors)


class Track(TimeStampedModel):
    """A path inside a program, such as "entering the industry" or "leading teams"."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    # The coordinator's order (moved up and down on the set-up page); new tracks come last.
    position = models.PositiveSmallIntegerField(_("position"), default=0, editable=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["program", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="track_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class FocusArea(TimeStampedModel):
    class Kind(models.TextChoices):
        BUSINESS = "business", _("Business development")
        PERSONAL = "personal", _("Personal development")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="focus_areas")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    # The coordinator's order, as for tracks: the order applicants and mentors read them in.
    position = models.PositiveSmallIntegerField(_("position"), default=0, editable=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["program", "position", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="focus_area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's role in a program, with the wave and track they belong to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("program")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role)
    wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("wave"),
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("track"),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="memberships", verbose_name=_("focus areas")
    )
    is_alumnus = models.BooleanField(
        _("alumnus"), default=False, help_text=_("Took part as a mentee in an earlier wave.")
    )
    # On the membership rather than the business profile: which buyers a business aims at is
    # decided in each program (with that program's buyers), and accounts come before programs.
    buyers = models.ManyToManyField(
        BuyerOrganization,
        blank=True,
        related_name="businesses",
        verbose_name=_("corporate buyers it targets"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["program", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.program}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.wave_id and self.wave is not None and self.wave.program_id != self.program_id:
            errors["wave"] = _("This wave belongs to another program.")
        if self.track_id and self.track is not None and self.track.program_id != self.program_id:
            errors["track"] = _("This track belongs to another program.")
        if errors:
            raise ValidationError(errors)


class Invitation(TimeStampedModel):
    """An emailed invitation to join a program in a role. Only the token's hash is stored."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role)
    wave = models.ForeignKey(
        Wave, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("wave")
    )
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("track")
    )
    language = models.CharField(
        _("language of the email"), max_length=8, choices=settings.LANGUAGES
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.program} ({self.role})"
