"""The program's toolkit: guides, templates, session dynamics, onboarding manuals, files, links.

A resource belongs to its program and, optionally, to one wave. A later version of a resource is a
new row pointing at the first version (``original``) and naming the wave it applies from: each
person sees the newest version whose wave is not after theirs (a version without a wave is the
base every wave starts from), so earlier waves keep what they were given.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from puente.core.models import TimeStampedModel
from puente.core.permissions import Role
from puente.programs.models import Program, Wave


class Audience(models.TextChoices):
    MENTORS = "mentors", _("Mentors")
    MENTEES = "mentees", _("Mentees")
    TUTORS = "tutors", _("Tutors")
    COORDINATORS = "coordinators", _("Coordinators")
    EVERYONE = "everyone", _("Everyone")


class Stage(models.TextChoices):
    ONBOARDING = "onboarding", _("Onboarding")
    FIRST_MEETING = "first_meeting", _("First meeting")
    DURING = "during", _("During the program")
    CLOSING = "closing", pgettext_lazy("program stage", "Closing")


class Kind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    SESSION_DYNAMIC = "session_dynamic", _("Session dynamic")
    MANUAL = "manual", _("Manual")
    FILE = "file", _("File")
    LINK = "link", _("Link")


# Who reads what. Tutors support both sides of their pairs, so they read both sides' material.
# Observers (funders) see aggregates only, never the toolkit (Action.VIEW_LIBRARY leaves them out).
ROLE_AUDIENCES: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(Audience),
    Role.TUTOR: frozenset({Audience.TUTORS, Audience.MENTORS, Audience.MENTEES, Audience.EVERYONE}),
    Role.MENTOR: frozenset({Audience.MENTORS, Audience.EVERYONE}),
    Role.MENTEE: frozenset({Audience.MENTEES, Audience.EVERYONE}),
    Role.REVIEWER: frozenset({Audience.EVERYONE}),
}
# The audiences a program names an onboarding manual for, and the role that confirms it.
ONBOARDING_AUDIENCES: dict[str, str] = {
    Audience.MENTORS: Role.MENTOR,
    Audience.MENTEES: Role.MENTEE,
}


def resource_upload_to(resource: "Resource", filename: str) -> str:
    # Never under a public URL: downloads go through a view that checks access.
    return f"library/program-{resource.program_id}/{PurePosixPath(filename).name}"


class Resource(TimeStampedModel):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="resources", verbose_name=_("program")
    )
    wave = models.ForeignKey(
        Wave,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("wave"),
        help_text=_("Leave empty for every wave; a version for a wave applies from it onwards."),
    )
    original = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="later_versions",
        verbose_name=_("first version"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Plain text; leave an empty line between paragraphs.")
    )
    file = models.FileField(_("file"), upload_to=resource_upload_to, blank=True, max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=500)
    is_onboarding_manual = models.BooleanField(
        _("onboarding manual"),
        default=False,
        help_text=_(
            "New mentors or mentees are asked to read it and confirm. One per audience and program."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["program", "stage", "title", "pk"]
        constraints = [
            # One version per wave in a family (the family's key is its first version).
            # The casts give PostgreSQL a type when Django checks an unsaved row (NULLs).
            models.UniqueConstraint(
                Coalesce(
                    Cast("original", models.BigIntegerField()), Cast("id", models.BigIntegerField())
                ),
                Coalesce(Cast("wave", models.BigIntegerField()), 0),
                name="resource_one_version_per_wave",
            ),
            models.CheckConstraint(
                condition=~Q(is_onboarding_manual=True)
                | Q(kind="manual", audience__in=["mentors", "mentees"]),
                name="resource_onboarding_is_a_manual",
            ),
        ]
        indexes = [models.Index(fields=["program", "audience"])]

    def __str__(self) -> str:
        return self.title

    @property
    def family_id(self) -> int:
        return self.original_id or self.pk

    @property
    def file_name(self) -> str:
        return PurePosixPath(self.file.name).name if self.file else ""

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.wave_id and self.wave is not None and self.wave.program_id != self.program_id:
            errors["wave"] = _("This wave belongs to another program.")
        if self.url and not self.url.lower().startswith("https://"):
            errors["url"] = _("Use a secure link that starts with https://.")
        if self.kind == Kind.LINK and not self.url:
            errors["url"] = _("A link needs its web address.")
        if self.kind == Kind.FILE and not self.file:
            errors["file"] = _("A file needs its upload.")
        if not (self.body.strip() or self.file or self.url) and not errors:
            errors["body"] = _("Write the text, upload a file or give a link.")
        if self.is_onboarding_manual and (
            self.kind != Kind.MANUAL or self.audience not in ONBOARDING_AUDIENCES
        ):
            errors["is_onboarding_manual"] = _(
                "Only a manual for mentors or for mentees can be the onboarding manual."
            )
        if errors:
            raise ValidationError(errors)


class ManualConfirmation(models.Model):
    """A person confirmed having read one version of an onboarding manual."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="manual_confirmations",
        verbose_name=_("person"),
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("manual version"),
    )
    at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("manual confirmation")
        verbose_name_plural = _("manual confirmations")
        ordering = ["resource", "at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "resource"], name="manual_confirmed_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.resource}"
