import zoneinfo
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.accounts import definitions
from puente.core.models import TimeStampedModel


def validate_time_zone(value: str) -> None:
    # Checked here rather than as model choices, so a tzdata update never changes a migration.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An email is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Seniority(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    MID = "mid", _("Mid-level")
    SENIOR = "senior", _("Senior")
    MANAGER = "manager", _("Manager")
    EXECUTIVE = "executive", _("Executive")
    OWNER = "owner", _("Business owner")


class GrammaticalGender(models.TextChoices):
    """The form of the words Puente writes about a person in Spanish ("mentora", "mentor"); the
    person chooses it, so it is never guessed from their gender or name."""

    NEUTRAL = "", _("Neutral (persona mentora)")
    FEMININE = "feminine", _("Feminine (mentora)")
    MASCULINE = "masculine", _("Masculine (mentor)")


class User(AbstractBaseUser, PermissionsMixin):
    """A person: their sign-in and their profile, one row."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_name = models.CharField(
        _("preferred name"), max_length=60, blank=True, help_text=_("How you like to be called.")
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="es",
    )
    country = models.CharField(_("country"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    gender = models.CharField(
        _("gender"),
        max_length=60,
        blank=True,
        help_text=_(
            "Optional, in your own words. Used only for matching preferences and "
            "aggregate statistics."
        ),
    )
    grammatical_gender = models.CharField(
        _("words about you in Spanish"),
        max_length=10,
        choices=GrammaticalGender,
        blank=True,
        default=GrammaticalGender.NEUTRAL,
        help_text=_(
            "How Puente writes words about you in Spanish, such as your role on a certificate."
        ),
    )
    organization = models.CharField(_("organization"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    seniority = models.CharField(_("seniority"), max_length=16, choices=Seniority, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    bio = models.TextField(_("about me"), blank=True)
    links = models.TextField(
        _("links"), blank=True, help_text=_("One web address per line (LinkedIn, portfolio…).")
    )
    areas_offered = models.TextField(
        _("what I can offer"), blank=True, help_text=_("Skills and experience you can share.")
    )
    areas_wanted = models.TextField(
        _("what I want to learn"), blank=True, help_text=_("What you would like to grow in.")
    )
    spoken_languages = models.CharField(
        _("languages I speak"),
        max_length=100,
        blank=True,
        help_text=_("Comma-separated language codes, e.g. es, en, pt."),
    )
    gender_preference = models.CharField(
        _("preferred gender of my mentor"),
        max_length=60,
        blank=True,
        help_text=_("Optional. Matching favors mentors who match it when you state one."),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("line manager"),
        help_text=_("In company programs: never matched with their own line manager."),
    )

    video_link = models.URLField(
        _("my video-call link"),
        blank=True,
        help_text=_(
            "For mentors: your own meeting room (Zoom, Google Meet, Teams…). In programs whose "
            "meetings use the mentor's link, your meetings take this address."
        ),
    )

    meeting_reminders = models.BooleanField(
        _("meeting reminders by email"),
        default=True,
        help_text=_("A reminder the day before each meeting that has a time."),
    )
    log_nudges = models.BooleanField(
        _("reminders to log meetings by email"),
        default=True,
        help_text=_("For mentors: a reminder to log a meeting that nobody has logged after it."),
    )

    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("operator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.preferred_name or self.full_name.split(" ")[0]

    @property
    def languages(self) -> set[str]:
        """The languages the person speaks; at least the one they use Puente in."""
        spoken = {code.strip().lower()[:2] for code in self.spoken_languages.split(",")}
        return {code for code in spoken if code} | {self.language}

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class BusinessSize(models.TextChoices):
    MICRO = "micro", _("Micro (1–10 people)")
    SMALL = "small", _("Small (11–50 people)")
    MEDIUM = "medium", _("Medium (51–200 people)")


class MSMEBand(models.TextChoices):
    """IFC's size bands (``puente.accounts.definitions.msme_band``); "" is unknown."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


SHARE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class BusinessProfile(TimeStampedModel):
    """The company of a mentee who runs one (the development-finance programs)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="business",
        verbose_name=_("owner"),
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    economic_activity = models.CharField(_("economic activity"), max_length=200)
    size = models.CharField(_("size"), max_length=16, choices=BusinessSize)
    country = models.CharField(_("country"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    years_operating = models.PositiveSmallIntegerField(_("years operating"), default=0)
    women_owned = models.BooleanField(_("women-owned"), default=False)
    sold_to_corporates = models.BooleanField(_("has sold to corporate buyers"), default=False)
    prior_corporate_sales = models.TextField(
        _("prior sales to corporate buyers"),
        blank=True,
        help_text=_("Which companies, what and when."),
    )
    # What funders' definitions read (``puente.accounts.definitions``); empty when not given.
    women_ownership_share = models.DecimalField(
        _("share owned by women (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
        help_text=_("The share of the business that one or more women own, from 0 to 100."),
    )
    woman_in_senior_management = models.BooleanField(
        _("a woman is CEO, COO, president or vice-president"), null=True, blank=True
    )
    women_management_share = models.DecimalField(
        _("share of management positions held by women (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
    )
    controlled_by_women = models.BooleanField(
        _("managed and controlled by women"),
        null=True,
        blank=True,
        help_text=_(
            "A woman signs its legal documents and accounts, and it is run independently of "
            "businesses not owned by women."
        ),
    )
    has_board = models.BooleanField(_("has a board of directors"), null=True, blank=True)
    women_board_share = models.DecimalField(
        _("share of the board who are women (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_sales = models.DecimalField(
        _("annual sales (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    total_assets = models.DecimalField(
        _("total assets (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Computed by the database from the fields above: the definitions and their sources are in
    # ``puente.accounts.definitions``.
    ifc_women_owned = models.GeneratedField(
        expression=definitions.ifc_women_owned(),
        output_field=models.BooleanField(null=True),
        db_persist=True,
        verbose_name=_("women-owned (IFC)"),
    )
    iwa_women_owned = models.GeneratedField(
        expression=definitions.iwa_women_owned(),
        output_field=models.BooleanField(null=True),
        db_persist=True,
        verbose_name=_("women-owned (IWA 34)"),
    )
    iwa_women_led = models.GeneratedField(
        expression=definitions.iwa_women_led(),
        output_field=models.BooleanField(null=True),
        db_persist=True,
        verbose_name=_("women-led (IWA 34)"),
    )
    msme_band = models.GeneratedField(
        expression=definitions.msme_band(),
        output_field=models.CharField(max_length=8, choices=MSMEBand.choices),
        db_persist=True,
        verbose_name=_("size band (IFC)"),
    )

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")

    def __str__(self) -> str:
        return self.legal_name


class SignInLink(models.Model):
    """A one-time sign-in link sent by email. Only the token's hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signin_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
