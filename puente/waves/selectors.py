"""Reads for waves: the side-by-side comparison of a program's waves, and the alumni a wave can
invite back as mentors."""

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.feedback.models import MeetingFeedback
from puente.mentoring.models import Meeting, Relationship
from puente.monitoring import indicators as computing
from puente.monitoring.models import Indicator, RoundKind
from puente.programs.models import Membership, Program, Wave
from puente.recruitment.models import Application, Call

# How many indicators the comparison shows (the first ones of the M&E page, in its order).
HEADLINE_INDICATORS = 3
COMPARED_ROLES = (Role.MENTOR, Role.MENTEE, Role.TUTOR)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class Headline:
    """An indicator's latest value for one wave (endline, else midline, else baseline), with n."""

    value: Decimal | None = None
    people: int = 0
    kind: str = ""


@dataclass
class WaveColumn:
    wave: Wave
    people: dict[str, int] = field(default_factory=dict)
    relationships: int = 0
    completed: int = 0
    ended_early: int = 0
    meetings_planned: int = 0
    meetings_held: int = 0
    minutes: int = 0
    invited: int = 0
    attended: int = 0
    feedback_mean: Decimal | None = None
    feedback_count: int = 0
    headlines: list[Headline] = field(default_factory=list)

    @property
    def completion_rate(self) -> Decimal | None:
        """Completed out of those that finished either way (completed + ended early)."""
        return _rate(self.completed, self.completed + self.ended_early)

    @property
    def held_rate(self) -> Decimal | None:
        return _rate(self.meetings_held, self.meetings_planned)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @property
    def attendance_rate(self) -> Decimal | None:
        return _rate(self.attended, self.invited)


@dataclass
class Comparison:
    columns: list[WaveColumn]
    indicators: list[Indicator]

    @property
    def role_rows(self) -> list[tuple[str, list[int]]]:
        """One row per role: its label and the count in each wave."""
        return [
            (str(role.label), [column.people.get(role, 0) for column in self.columns])
            for role in COMPARED_ROLES
        ]

    @property
    def indicator_rows(self) -> list[tuple[Indicator, list[Headline]]]:
        return [
            (indicator, [column.headlines[i] for column in self.columns])
            for i, indicator in enumerate(self.indicators)
        ]


def _headlines(
    program: Program, waves: list[Wave], today: dt.date
) -> tuple[list[Indicator], dict[int, list[Headline]]]:
    """The first indicators of the program, computed per wave with monitoring's own functions.

    Each is computed disaggregated by wave (a copy, never saved); the coordinator's page shows the
    raw value with its n, since the small-group rule is for observers."""
    chosen = list(
        Indicator.objects.filter(program=program).order_by("position", "pk")[:HEADLINE_INDICATORS]
    )
    per_wave: dict[int, list[Headline]] = {wave.pk: [] for wave in waves}
    if not chosen:
        return [], per_wave
    by_wave = []
    for indicator in chosen:
        per_wave_copy = copy.copy(indicator)
        per_wave_copy.program = program
        per_wave_copy.disaggregation = Indicator.Disaggregation.WAVE
        by_wave.append(per_wave_copy)
    # Wave ids as labels, so each group row maps back to its wave.
    labels: dict[str, dict[Any, str]] = {"wave": {w.pk: str(w.pk) for w in waves}, "track": {}}
    results = computing.compute(by_wave, today=today, labels=labels)
    for result in results:
        rows = {row.label: row for row in result.groups}
        for wave in waves:
            row = rows.get(str(wave.pk))
            headline = Headline()
            if row is not None:
                for kind in (RoundKind.ENDLINE, RoundKind.MIDLINE, RoundKind.BASELINE):
                    value = row.at(kind)
                    if value.has_data:
                        headline = Headline(value.value, value.people, str(RoundKind(kind).label))
                        break
            per_wave[wave.pk].append(headline)
    return chosen, per_wave


def wave_comparison(program: Program, *, today: dt.date | None = None) -> Comparison:
    """Every wave of the program side by side. A fixed number of queries, whatever the number of
    people, relationships or meetings (and of waves: each figure is one grouped query)."""
    today = today or timezone.localdate()
    waves = list(program.waves.order_by("number"))
    columns = {wave.pk: WaveColumn(wave=wave) for wave in waves}

    for row in (
        Membership.objects.filter(program=program, wave__isnull=False, role__in=COMPARED_ROLES)
        .values("wave", "role")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        columns[row["wave"]].people[row["role"]] = row["n"]

    for row in (
        Relationship.objects.filter(program=program, wave__isnull=False)
        .values("wave", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        column = columns[row["wave"]]
        column.relationships += row["n"]
        if row["status"] == Relationship.Status.COMPLETED:
            column.completed += row["n"]
        elif row["status"] == Relationship.Status.ENDED_EARLY:
            column.ended_early += row["n"]

    held = Q(status=Meeting.Status.HELD)
    for row in (
        Meeting.objects.filter(relationship__program=program, relationship__wave__isnull=False)
        .values("relationship__wave")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=held),
            minutes=Sum("log__duration_minutes", filter=held),
        )
        .order_by()
    ):
        column = columns[row["relationship__wave"]]
        column.meetings_planned = row["planned"]
        column.meetings_held = row["held"]
        column.minutes = row["minutes"] or 0

    for row in (
        EventInvitation.objects.filter(
            event__program=program,
            event__wave__isnull=False,
            event__attendance_taken_at__isnull=False,
            event__cancelled_at__isnull=True,
        )
        .values("event__wave")
        .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by()
    ):
        column = columns[row["event__wave"]]
        column.invited, column.attended = row["invited"], row["attended"]

    for row in (
        MeetingFeedback.objects.filter(
            meeting__relationship__program=program, meeting__relationship__wave__isnull=False
        )
        .values("meeting__relationship__wave")
        .annotate(mean=Avg("usefulness"), n=Count("pk"))
        .order_by()
    ):
        column = columns[row["meeting__relationship__wave"]]
        column.feedback_mean = Decimal(str(row["mean"])).quantize(Decimal("0.01"))
        column.feedback_count = row["n"]

    chosen, headlines = _headlines(program, waves, today)
    for wave in waves:
        columns[wave.pk].headlines = headlines[wave.pk]
    return Comparison(
        columns=list(columns.values()),
        indicators=chosen,
    )


def alumni_candidates(wave: Wave, *, completed_only: bool) -> QuerySet[Membership]:
    """The mentees of ``wave`` (by membership or relationship), or only those whose relationship
    in that wave was completed."""
    mentees = Membership.objects.filter(program_id=wave.program_id, role=Role.MENTEE)
    if completed_only:
        mentees = mentees.filter(
            Exists(
                Relationship.objects.filter(
                    wave=wave, status=Relationship.Status.COMPLETED, mentees=OuterRef("pk")
                )
            )
        )
    else:
        mentees = mentees.filter(
            Q(wave=wave) | Exists(Relationship.objects.filter(wave=wave, mentees=OuterRef("pk")))
        )
    return mentees.select_related("user").order_by("user__full_name", "pk")


def mentor_calls(program: Program) -> QuerySet[Call]:
    """The program's calls open now with a form for mentors."""
    now = timezone.now()
    return Call.objects.filter(
        program=program,
        is_published=True,
        opens_at__lte=now,
        closes_at__gt=now,
        forms__role=Role.MENTOR,
    ).distinct()


def already_mentors(*, call: Call | None, wave: Wave | None) -> set[int]:
    """The people to skip: mentors of the target wave (the call's wave, for a call), and, for a
    call, those who already applied to it as mentors."""
    target_wave = wave if wave is not None else (call.wave if call is not None else None)
    skip: set[int] = set()
    if target_wave is not None:
        skip |= set(
            Membership.objects.filter(wave=target_wave, role=Role.MENTOR).values_list(
                "user_id", flat=True
            )
        )
    if call is not None:
        emails = Application.objects.filter(call=call, role=Role.MENTOR).values("email")
        skip |= set(
            Membership.objects.filter(program_id=call.program_id, user__email__in=emails)
            .values_list("user_id", flat=True)
            .distinct()
        )
    return skip


def events_of(wave: Wave) -> QuerySet[Event]:
    return Event.objects.filter(wave=wave).order_by("starts_at", "pk")
