"""Privacy: a person's requests to be erased, the record of each erasure (no personal data in it)
and the files of a person's own data prepared in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """A person asks to be erased; the coordinators of their programs (or an organization admin or
    an operator, for people in no program) erase them."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Awaiting confirmation")
        PENDING = "pending", _("Awaiting erasure")
        ERASED = "erased", _("Erased")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at"]
        constraints = [
            # One open request per person at a time.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["unconfirmed", "pending"]),
                name="privacy_one_open_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.status}"


class ErasureRecord(models.Model):
    """That a person was erased: by whom, when, and how many rows of each kind were changed. It
    names the person by id only."""

    user_id_erased = models.PositiveIntegerField(_("person (id)"), unique=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    erased_at = models.DateTimeField(_("erased on"), auto_now_add=True)
    request = models.ForeignKey(
        ErasureRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("request"),
    )
    reason = models.TextField(_("reason"), blank=True)
    counts = models.JSONField(_("rows changed per kind"), default=dict)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.user_id_erased} · {self.erased_at:%Y-%m-%d}"


class DataExport(models.Model):
    """A person's own data, written by a background task when too large to build at once."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    file_format = models.CharField(_("format"), max_length=4, choices=Format)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    file_name = models.CharField(_("file"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("download of personal data")
        verbose_name_plural = _("downloads of personal data")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.file_format} · {self.status}"
