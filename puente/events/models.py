"""Events: program-wide gatherings (kick-off, alignment workshops, trainings, group sessions,
closing ceremony), their invitations, answers, attendance and lessons learned."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import validate_time_zone
from puente.core.models import TimeStampedModel
from puente.programs.models import Membership, Program, Track, Wave


class Event(TimeStampedModel):
    """A program-wide gathering (kick-off, alignment workshop, training, group session, closing
    ceremony), optionally for one wave or track, with its invitations and, afterwards, what was
    learned from it."""

    class Kind(models.TextChoices):
        KICK_OFF = "kick_off", _("Kick-off")
        ALIGNMENT = "alignment", _("Expectation-alignment workshop")
        TRAINING = "training", _("Training")
        GROUP_SESSION = "group_session", _("Group session")
        CLOSING = "closing", _("Closing ceremony")
        OTHER = "other", _("Other")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="events", verbose_name=_("program")
    )
    wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("wave"),
        help_text=_("Leave empty for an event of the whole program."),
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("track"),
        help_text=_("Leave empty for an event of every track."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The calendar revision (SEQUENCE in the .ics, RFC 5545): raised by each change of what a
    # calendar shows, so calendar apps update the copy they hold rather than add a second one.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    # Set when the coordinator first saves the attendance checklist: from then on an invitee
    # not marked as attended was absent (before, attendance is simply unknown).
    attendance_taken_at = models.DateTimeField(_("attendance taken at"), null=True, blank=True)
    attendance_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The lessons-learned note, written after the event.
    lessons_who_came = models.TextField(_("who came"), blank=True)
    lessons_what_worked = models.TextField(_("what worked"), blank=True)
    lessons_to_change = models.TextField(_("what to change next time"), blank=True)
    lessons_written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lessons_written_at = models.DateTimeField(_("lessons written at"), null=True, blank=True)
    # Cancelled by a coordinator, with the reason given to the invitees. A cancelled event stays
    # (its calendar entry says CANCELLED) but takes no answer, attendance, invitation or edit.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["program", "starts_at"], name="event_program_starts")]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.wave_id and self.wave is not None and self.wave.program_id != self.program_id:
            errors["wave"] = _("This wave belongs to another program.")
        if self.track_id and self.track is not None and self.track.program_id != self.program_id:
            errors["track"] = _("This track belongs to another program.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_lessons(self) -> bool:
        return self.lessons_written_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class EventInvitation(TimeStampedModel):
    """One person invited to an event (through one of their memberships of the program), their
    answer and whether they came. Walk-ins marked at the door get an invitation too."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        YES = "yes", _("Attending")
        NO = "no", _("Not attending")
        MAYBE = "maybe", _("Maybe")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    # The person (one invitation each) and the membership they were invited through (its role).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("person"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("membership"),
    )
    rsvp = models.CharField(_("answer"), max_length=8, choices=Rsvp, default=Rsvp.PENDING)
    rsvp_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    walk_in = models.BooleanField(
        _("walk-in"), default=False, help_text=_("Came without having been invited beforehand.")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        ordering = ["event", "user__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_invitation_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.user_id} · {self.rsvp}"
