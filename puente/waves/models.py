"""Waves: from one wave to the next. Alumni mentees invited to come back as mentors (each person
once per call, or once per wave), recorded so a second send skips them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from puente.programs.models import Program, Wave
from puente.recruitment.models import Call


class AlumniInvitation(models.Model):
    """A mentee of ``source_wave`` invited to mentor: to apply through ``call``, or to join
    ``wave`` as a mentor (through the program's own invitation)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    source_wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee in")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alumni_invitations",
        verbose_name=_("person"),
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call"),
    )
    wave = models.ForeignKey(
        Wave,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alumni_invitations",
        verbose_name=_("mentor in"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("alumni invitation")
        verbose_name_plural = _("alumni invitations")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(call__isnull=True) & Q(wave__isnull=False))
                | (Q(call__isnull=False) & Q(wave__isnull=True)),
                name="alumni_invitation_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "call"],
                condition=Q(call__isnull=False),
                name="alumni_invitation_once_per_call",
            ),
            models.UniqueConstraint(
                fields=["user", "wave"],
                condition=Q(wave__isnull=False),
                name="alumni_invitation_once_per_wave",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.call_id or self.wave_id}"
