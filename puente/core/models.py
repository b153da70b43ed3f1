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
    # Whose key it is, when a form is one person's own (``round-invitation:12``): the same key
    # sent for anyone else is refused (``run_once(owner=...)``). Empty for the other forms.
    owner = models.CharField(max_length=100, blank=True)
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
    # The plain-text body; the HTML part is derived from it when sending
    # (puente/core/email_html.py), in ``language`` (the recipient's).
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Set on the notifications a person can turn off: the one-click address (RFC 8058) that
    # turns this kind off, sent as List-Unsubscribe.
    unsubscribe_url = models.CharField(_("unsubscribe address"), max_length=500, blank=True)
    # A calendar invitation sent with the email (iMIP, RFC 6047): an iCalendar object whose
    # METHOD (REQUEST or CANCEL, RFC 5546) says what it asks of the recipient's calendar. Sent
    # as a text/calendar part beside the text and HTML, and attached as invite.ics.
    calendar = models.TextField(_("calendar invitation"), blank=True)
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


class LinkEmailCount(models.Model):
    """How many link emails (sign-in links, application links, invitations, password resets…)
    one recipient address, or one client address, has been sent in one time window.

    Claimed with a conditional UPDATE (``count < limit``) on a row made once per window, so the
    limit holds across processes and under races (``puente.core.email_limits``). Only a keyed
    hash of the address is kept, never the address itself; old windows are deleted daily.
    """

    class Kind(models.TextChoices):
        RECIPIENT = "recipient", _("recipient address")
        CLIENT = "client", _("client address")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    digest = models.CharField(_("hash of the address"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("emails sent"), default=0)

    class Meta:
        verbose_name = _("link email count")
        verbose_name_plural = _("link email counts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "digest", "window_start"], name="link_email_count_once_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="link_email_count_window")]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:8]}… {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
