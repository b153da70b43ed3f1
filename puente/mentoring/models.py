"""Mentoring: relationships from confirmed matches, their session plan, meetings, logs and
agreement."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from puente.core.models import TimeStampedModel
from puente.matching.models import Match
from puente.programs.models import FocusArea, Membership, Program, Track, Wave


class SessionPlan(TimeStampedModel):
    """How many meetings a relationship holds, over how long, and the theme of each."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="session_plans")
    wave = models.ForeignKey(
        Wave,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_plans",
        verbose_name=_("wave"),
        help_text=_("Leave empty for the plan of the whole program."),
    )
    meetings = models.PositiveSmallIntegerField(_("number of meetings"), default=12)
    # "12 meetings in 16 weeks" or "10 meetings in 6 months": at most one of the two spans is
    # set; the last meeting falls within it. Without either, meetings follow the cadence.
    span_weeks = models.PositiveSmallIntegerField(
        _("span in weeks"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(156)],
        help_text=_("The meetings are spread evenly over this time; empty to follow the cadence."),
    )
    span_months = models.PositiveSmallIntegerField(
        _("span in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("The meetings are spread evenly over this time; empty to follow the cadence."),
    )
    hours_per_meeting = models.DecimalField(
        _("hours per meeting"), max_digits=3, decimal_places=1, default=2
    )
    cadence = models.CharField(
        _("cadence"), max_length=16, choices=Program.Cadence, default=Program.Cadence.WEEKLY
    )
    themes = models.JSONField(
        _("themes"), default=list, blank=True, help_text=_("One theme per meeting, in order.")
    )

    class Meta:
        verbose_name = _("session plan")
        verbose_name_plural = _("session plans")
        constraints = [
            models.UniqueConstraint(fields=["program", "wave"], name="session_plan_unique_wave"),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(wave__isnull=True),
                name="session_plan_one_per_program",
            ),
            models.CheckConstraint(
                condition=Q(meetings__gte=1), name="session_plan_meetings_gte_1"
            ),
            models.CheckConstraint(
                condition=Q(span_weeks__isnull=True) | Q(span_months__isnull=True),
                name="session_plan_one_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.wave or '—'} · {self.meetings}"

    def clean(self) -> None:
        if self.span_weeks and self.span_months:
            raise ValidationError(_("Give the span in weeks or in months, not both."))


class Relationship(TimeStampedModel):
    """A pair, a circle (one mentor, several mentees) or a reverse pair, from confirmed matches."""

    class Kind(models.TextChoices):
        PAIR = "pair", _("Pair")
        CIRCLE = "circle", _("Circle")
        REVERSE = "reverse", _("Reverse pair")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED_EARLY = "ended_early", _("Ended early")
        COMPLETED = "completed", _("Completed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="relationships")
    wave = models.ForeignKey(
        Wave, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("wave")
    )
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("track")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.PAIR)
    mentor = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="relationships_as_mentor",
        verbose_name=_("mentor"),
    )
    mentees = models.ManyToManyField(
        Membership, related_name="relationships_as_mentee", verbose_name=_("mentees")
    )
    matches = models.ManyToManyField(Match, blank=True, related_name="relationships")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.ACTIVE)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("mentoring relationship")
        verbose_name_plural = _("mentoring relationships")
        ordering = ["program", "mentor__user__full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="relationship_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""),
                name="relationship_ended_early_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} #{self.pk}"

    @property
    def tutors(self) -> list[Membership]:
        """The tutors who follow this relationship: those assigned to its mentees (matching's
        TutorAssignment; ``mentoring.scopes.FOLLOWING_TUTORS`` is the same path). Read the
        mentees with ``tutor_assignment__tutor__user`` (``selectors.MENTEES_WITH_TUTORS``)."""
        found: dict[int, Membership] = {}
        for mentee in self.mentees.all():
            try:
                tutor = mentee.tutor_assignment.tutor
            except ObjectDoesNotExist:
                continue
            found.setdefault(tutor.pk, tutor)
        return sorted(found.values(), key=lambda m: (m.user.full_name, m.pk))


class RelationshipStatusChange(models.Model):
    """Who paused, resumed, ended or completed a relationship, when and why."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("previous status"), max_length=12, choices=Relationship.Status, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=12, choices=Relationship.Status)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("relationship status change")
        verbose_name_plural = _("relationship status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.relationship_id}: {self.from_status} → {self.to_status}"


ROOM_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789"


def new_room_name() -> str:
    """A meeting's video room name: 24 random characters (about 120 bits, ``secrets``), never
    derived from ids, so nobody finds a meeting's room by counting."""
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(24))


class Meeting(TimeStampedModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        MISSED = "missed", _("Missed")
        MOVED = "moved", _("Moved")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    planned_on = models.DateField(_("date"))
    moved_from = models.DateField(_("first planned on"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode, default=Mode.VIRTUAL)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    # The name of its generated video room (``mentoring.venues``): random and kept, so the link
    # stays the same from the first invitation to the meeting.
    room = models.CharField(
        _("video room"), max_length=32, unique=True, default=new_room_name, editable=False
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    # Claimed by the reminders task with a conditional UPDATE, so each email goes out once.
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    nudged_at = models.DateTimeField(_("log nudge sent at"), null=True, blank=True)
    # A time set by one side is a proposal until someone on the other side confirms it.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("time proposed by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("time confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("time confirmed at"), null=True, blank=True)
    # The calendar revision (SEQUENCE in the .ics and the invitations, RFC 5545): raised by each
    # change of what a calendar shows (date, time, place, confirmation, cancellation), so that
    # calendar apps update the copy they hold rather than add a second one.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["relationship", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "number"], name="meeting_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} · {self.number}"

    @property
    def is_open(self) -> bool:
        """Still to happen (or to be logged)."""
        return self.status not in (self.Status.HELD, self.Status.MISSED)

    @property
    def awaiting_confirmation(self) -> bool:
        """A time was proposed and nobody on the other side has confirmed it yet."""
        return (
            self.is_open
            and self.starts_at is not None
            and self.proposed_by_id is not None
            and self.confirmed_at is None
        )


class MeetingLog(models.Model):
    """What happened at a meeting, shared by both sides (and seen by the tutor and coordinator)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="log")
    held = models.BooleanField(_("the meeting took place"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), null=True, blank=True
    )
    attended = models.ManyToManyField(
        Membership, blank=True, related_name="+", verbose_name=_("mentees who attended")
    )
    topics = models.TextField(_("topics"), blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="+", verbose_name=_("focus areas covered")
    )
    next_steps = models.TextField(_("agreed next steps"), blank=True)
    shared_notes = models.TextField(_("shared notes"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("meeting log")
        verbose_name_plural = _("meeting logs")

    def __str__(self) -> str:
        return f"{self.meeting} ({'held' if self.held else 'missed'})"


class PrivateNote(TimeStampedModel):
    """A note only its author ever reads: not the other side, the tutor or the coordinator."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="private_notes"
    )
    text = models.TextField(_("private note"))

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.author_id}"


class Agreement(TimeStampedModel):
    """What the mentor and the mentees agree at the first meeting. Each of them confirms it
    (``AgreementConfirmation``); changing it asks everyone to confirm again."""

    relationship = models.OneToOneField(
        Relationship, on_delete=models.CASCADE, related_name="agreement"
    )
    goals = models.TextField(_("goals, in your own words"))
    mentor_expectations = models.TextField(_("what the mentor expects"), blank=True)
    mentee_expectations = models.TextField(_("what the mentee expects"), blank=True)
    frequency = models.CharField(_("how often you meet"), max_length=200, blank=True)
    channel = models.CharField(_("how you keep in touch"), max_length=200, blank=True)
    confidentiality = models.TextField(_("confidentiality"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.relationship}"

    def signatories(self) -> list[tuple[Membership, "AgreementConfirmation | None"]]:
        """The mentor, then each mentee, with their own confirmation (None: not yet). Prefetch
        ``relationship__mentees__user`` and ``confirmations`` to read it without queries."""
        relationship = self.relationship
        confirmations = {c.membership_id: c for c in self.confirmations.all()}
        mentees = sorted(relationship.mentees.all(), key=lambda m: (m.user.full_name, m.pk))
        return [(m, confirmations.get(m.pk)) for m in [relationship.mentor, *mentees]]

    @property
    def is_confirmed(self) -> bool:
        """Confirmed by the mentor and by every mentee of the relationship, each for themselves."""
        return all(confirmation is not None for _person, confirmation in self.signatories())


class AgreementConfirmation(models.Model):
    """One person's confirmation of an agreement as it stands: the mentor's, or one mentee's own
    (in a circle, one mentee never confirms for the others). Changing the agreement deletes
    them all, so everyone confirms the new text."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="confirmations")
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="agreement_confirmations",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("agreement confirmation")
        verbose_name_plural = _("agreement confirmations")
        ordering = ["confirmed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "membership"], name="agreement_confirmation_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} · {self.membership_id}"


class ContactRule(TimeStampedModel):
    """The monthly-contact watch of a program: each active relationship holds at least this many
    meetings per calendar month. Programs without a row use the default (one a month)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="contact_rule")
    meetings_per_month = models.PositiveSmallIntegerField(
        _("meetings per calendar month"),
        default=1,
        help_text=_("Relationships that hold fewer in a month are flagged at risk."),
    )

    class Meta:
        verbose_name = _("contact rule")
        verbose_name_plural = _("contact rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(meetings_per_month__gte=1), name="contact_rule_meetings_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.meetings_per_month}"


class MeetingVenue(TimeStampedModel):
    """Where a program's meetings happen, chosen by its coordinators: a video room generated for
    each meeting (Jitsi Meet, or another server from an address template), the mentor's own
    video link, or a place in person. Programs without a row leave it to each pair.
    ``mentoring.venues.where`` is the one rule that turns it into a meeting's "where"."""

    class Mode(models.TextChoices):
        PAIR = "pair", _("Each pair sets the link or the place of its meetings")
        JITSI = "jitsi", _("A Jitsi Meet room of its own for each meeting")
        TEMPLATE = "template", _("A room of its own for each meeting on another video server")
        MENTOR_LINK = "mentor_link", _("The mentor's own video link (from their profile)")
        IN_PERSON = "in_person", _("In person, at a place")

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="meeting_venue")
    mode = models.CharField(_("how pairs meet"), max_length=12, choices=Mode, default=Mode.PAIR)
    url_template = models.CharField(
        _("address of the rooms"),
        max_length=300,
        blank=True,
        help_text=_(
            "For another video server (BigBlueButton, your organization's own): its address "
            "with {room} where each meeting's room name goes, e.g. "
            "https://video.example.org/rooms/{room}."
        ),
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_(
            "For meetings in person: where they happen, unless a pair sets another. Empty: "
            "each pair sets its own place."
        ),
    )
    # Who offers the times Puente proposes (``mentoring.offers``); the other side picks one.
    offers = models.CharField(
        _("who offers meeting times"),
        max_length=8,
        choices=[("mentor", _("The mentor")), ("mentee", _("The mentee"))],
        default="mentor",
        help_text=_(
            "Puente proposes times that suit both sides; this side offers two or three of "
            "them and the other picks one."
        ),
    )

    class Meta:
        verbose_name = _("meeting venue")
        verbose_name_plural = _("meeting venues")

    def __str__(self) -> str:
        return f"{self.program} · {self.mode}"

    def clean(self) -> None:
        if self.mode == self.Mode.TEMPLATE:
            template = self.url_template.strip()
            if "{room}" not in template:
                raise ValidationError(
                    {"url_template": _("Put {room} where each meeting's room name goes.")}
                )
            if not template.startswith("https://"):
                raise ValidationError(
                    {"url_template": _("Give an address that starts with https://.")}
                )
            try:
                URLValidator(schemes=["https"])(template.replace("{room}", "room"))
            except ValidationError as error:
                raise ValidationError(
                    {
                        "url_template": _(
                            "Give a web address, e.g. https://video.example.org/{room}."
                        )
                    }
                ) from error


class RiskFlag(TimeStampedModel):
    """A relationship at risk, raised by the daily watch with its reason, closed by the watch
    once resolved; the coordinator records the follow-up taken."""

    class Reason(models.TextChoices):
        NO_CONTACT = "no_contact", _("Too few meetings held in a calendar month")
        TWO_MISSED = "two_missed", _("Two meetings missed in a row")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="risk_flags"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    # The calendar month the flag is about (its first day): one flag per reason and month.
    month = models.DateField(_("month"))
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up taken"), blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("risk flag")
        verbose_name_plural = _("risk flags")
        ordering = ["-raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "reason", "month"], name="risk_flag_unique_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} · {self.reason} · {self.month:%Y-%m}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class CalendarFeed(models.Model):
    """A person's private calendar (ICS) address; only the token's hash is kept. Renewing it
    revokes the previous one, whose address then answers 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class BusyCalendar(TimeStampedModel):
    """A person's own calendar address (the private iCal address that Google Calendar, Outlook
    and Apple Calendar publish), read in the background for when the person is busy. The address
    is a secret, like a password: pages show only its host and last characters (``shown``), the
    download says only that one is set, and nothing logs it."""

    class Problem(models.TextChoices):
        NONE = "", _("none")
        REFUSED = "refused", _("the address is not a public internet host")
        TIMEOUT = "timeout", _("the calendar took too long to answer")
        TOO_LARGE = "too_large", _("the calendar is too large")
        NETWORK = "network", _("the calendar could not be reached")
        STATUS = "status", _("the calendar's server refused the address")
        NOT_CALENDAR = "not_calendar", _("the address does not give a calendar")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="busy_calendar",
        verbose_name=_("person"),
    )
    url = models.TextField(_("calendar address"))
    fetched_at = models.DateTimeField(_("last read"), null=True, blank=True)
    # When it was last tried, and whether that failed (the busy times of the last good read
    # stay until the next one).
    tried_at = models.DateTimeField(_("last tried"), null=True, blank=True)
    problem = models.CharField(
        _("problem"), max_length=20, choices=Problem.choices, blank=True, default=""
    )
    # The refresh claims a calendar by moving this forward (a conditional UPDATE).
    next_fetch_at = models.DateTimeField(_("next read"), db_index=True)

    class Meta:
        verbose_name = _("calendar address for busy times")
        verbose_name_plural = _("calendar addresses for busy times")

    def __str__(self) -> str:
        return f"{self.user_id}"  # never the address, not even in part (logs, the admin)

    @property
    def shown(self) -> str:
        """The address as pages may show it: its host and its last four characters."""
        host = urlsplit(self.url).hostname or ""
        return f"{host}/…{self.url[-4:]}"


class BusyInterval(models.Model):
    """A stretch of time in which a person's own calendar says they are busy (UTC), and nothing
    else: no title, place or attendees."""

    calendar = models.ForeignKey(BusyCalendar, on_delete=models.CASCADE, related_name="intervals")
    start = models.DateTimeField(_("busy from"))
    end = models.DateTimeField(_("busy until"))

    class Meta:
        verbose_name = _("busy time")
        verbose_name_plural = _("busy times")
        ordering = ["start"]
        indexes = [models.Index(fields=["calendar", "start"], name="busy_interval_calendar_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="busy_interval_positive")
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class SlotOffer(models.Model):
    """Two or three times one side of a relationship offers for a meeting (its first time, or a
    new one when it moves); someone on the other side picks one, which confirms it for all."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a pick")
        PICKED = "picked", _("Picked")
        REPLACED = "replaced", _("Replaced by a newer offer")
        STALE = "stale", _("No longer possible")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="slot_offers"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="slot_offers")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    picked = models.ForeignKey(
        "OfferedSlot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    picked_at = models.DateTimeField(_("picked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer of meeting times")
        verbose_name_plural = _("offers of meeting times")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(status="open"),
                name="slot_offer_one_open_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.status}"


class OfferedSlot(models.Model):
    """One time of an offer (UTC), with the members of a circle who cannot come then."""

    offer = models.ForeignKey(SlotOffer, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    cannot = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("cannot come")
    )

    class Meta:
        verbose_name = _("offered time")
        verbose_name_plural = _("offered times")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="offered_slot_positive")
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}"
