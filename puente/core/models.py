from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SubmittedForm(models.Model):
    """A form submission already acted on: a second click or a resent POST is not acted on again."""

    key = models.UUIDField(unique=True)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self) -> str:
        return str(self.key)


class OutboxEmail(models.Model):
    """An email to send, written in the same transaction as what caused it (the transactional
    outbox): it exists if and only if that transaction committed, and ``sent_at`` says it went.

    A sender first takes a lease (``sending_until``) with one conditional UPDATE, so two workers
    never send it at once; a sender that dies leaves the lease to expire, and the sweep
    (``puente.core.outbox.deliver_pending_emails``) sends it again. Not audited: it holds bodies.
    """

    to = models.CharField(_("recipient"), max_length=254)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sending_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            # The sweep reads the pending rows only; sent ones pile up until the retention.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="core_outbox_pending",
            ),
            models.Index(fields=["sent_at"], name="core_outbox_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
