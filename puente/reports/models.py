"""Reports: mentors' monthly and final reports on a relationship, certificates of participation
and exported files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import GrammaticalGender
from puente.core.models import TimeStampedModel
from puente.instruments.models import Submission
from puente.mentoring.models import Relationship
from puente.programs.models import Membership, Program


class MentorReport(TimeStampedModel):
    """What a mentor reports on one relationship for one month (or, once, at its end): the
    month's meetings as the logs showed them when it was last saved (``snapshot``), and the
    mentor's answers to the program's report form (``submission``). The tutor accepts it or sends
    it back."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly report")
        FINAL = "final", _("Final report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        RETURNED = "returned", _("Sent back")
        ACCEPTED = "accepted", _("Accepted")

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="mentor_reports",
        verbose_name=_("relationship"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.MONTHLY)
    # The first day of the month reported on (for a final report, the relationship's last month).
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="mentor_report", null=True, blank=True
    )
    # The month's meetings from the logs (held, missed, hours, topics, focus areas, next steps).
    snapshot = models.JSONField(_("meetings of the month"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("tutor's comment"), blank=True)

    class Meta:
        verbose_name = _("mentor report")
        verbose_name_plural = _("mentor reports")
        ordering = ["relationship", "kind", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "kind", "month"], name="mentor_report_unique_month"
            ),
            models.UniqueConstraint(
                fields=["relationship"],
                condition=Q(kind="final"),
                name="mentor_report_one_final",
            ),
        ]
        indexes = [models.Index(fields=["kind", "month"], name="mentor_report_kind_month")]

    def __str__(self) -> str:
        return f"{self.relationship_id} · {self.kind} · {self.month:%Y-%m}"

    @property
    def is_filed(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    @property
    def is_editable(self) -> bool:
        """The mentor may still change it: until the tutor accepts it."""
        return self.status != self.Status.ACCEPTED


class ReportReminder(models.Model):
    """A reminder sent to a mentor about their missing reports of a month: claimed by inserting
    this row, so each mentor gets one per month however often the task runs."""

    mentor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "month"], name="report_reminder_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} · {self.month:%Y-%m}"


class Certificate(TimeStampedModel):
    """A certificate of participation of one person (mentor or mentee) in a completed
    relationship. Its figures are frozen when issued; its code opens the public check page."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    code = models.CharField(_("verification code"), max_length=32, unique=True)
    relationship = models.ForeignKey(
        Relationship, on_delete=models.PROTECT, related_name="certificates"
    )
    holder = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("holder")
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="certificates")
    role = models.CharField(_("role"), max_length=8, choices=Role)
    holder_name = models.CharField(_("name"), max_length=150)
    program_name = models.CharField(_("program"), max_length=200)
    wave_name = models.CharField(_("wave"), max_length=200, blank=True)
    # Who issues it and who signs it, frozen like the figures.
    organization_name = models.CharField(_("issuing organization"), max_length=150, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    meetings_held = models.PositiveSmallIntegerField(_("meetings held"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["program", "holder_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "holder"], name="certificate_unique_holder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.code}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def took_part(self) -> str:
        """What the person did, in the active language, in the words they chose for themselves
        in Spanish (``User.grammatical_gender``: "mentora", "mentor", or the neutral "persona
        mentora"); "mentee" is the same word for everyone."""
        program = {"program": self.program_name}
        if self.role == self.Role.MENTEE:
            return gettext("took part as a mentee in %(program)s") % program
        form = self.holder.user.grammatical_gender
        if form == GrammaticalGender.FEMININE:
            return pgettext("feminine", "took part as a mentor in %(program)s") % program
        if form == GrammaticalGender.MASCULINE:
            return pgettext("masculine", "took part as a mentor in %(program)s") % program
        return gettext("took part as a mentor in %(program)s") % program

    def signer_role(self) -> str:
        """The signer's title as the coordinator typed it, or the program's coordination."""
        return self.signer_title or gettext("Program coordination")


class ExportFile(models.Model):
    """A large export written by a background task under MEDIA_ROOT/exports, downloaded through a
    signed, expiring link by the coordinator who asked for it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    tables = models.JSONField(_("tables"), default=list)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    file_format = models.CharField(_("format"), max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    # The file's name under MEDIA_ROOT/exports: random, never derived from the program or person.
    file_name = models.CharField(max_length=100, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.program_id} · {self.file_format} · {self.status}"


class ReportStory(models.Model):
    """A published story (with its author's consent) the coordinator chose to go into the
    program's final report. Dropped from the report as soon as the story is no longer published."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(
        "community.Story", on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("story in the report")
        verbose_name_plural = _("stories in the report")
        ordering = ["program", "chosen_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "story"], name="report_story_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} · {self.story_id}"
