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
from puente.monitoring import disclosure
from puente.monitoring import indicators as computing
from puente.monitoring.disclosure import Figure
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
    """An indicator's latest value for one wave (endline, else midline, else baseline), as the
    M&E page shows it (hidden when too few people stand behind it)."""

    figure: Figure = field(default_factory=Figure)
    kind: str = ""


@dataclass
class WaveColumn:
    """One wave's figures, each with the people behind it (mentees, for relationships and
    meetings; the invited, for events; those who answered, for feedback)."""

    wave: Wave
    people: dict[str, Figure] = field(default_factory=dict)
    relationships: Figure = field(default_factory=Figure)
    # Completed and ended early are not shown, but the rate and its n give them away.
    completed: Figure = field(default_factory=Figure)
    ended_early: Figure = field(default_factory=Figure)
    # Relationships still running: never shown.
    running: Figure = field(default_factory=lambda: Figure(published=False))
    finished: Figure = field(default_factory=Figure)
    completion_rate: Figure = field(default_factory=Figure)
    meetings_planned: Figure = field(default_factory=Figure)
    meetings_held: Figure = field(default_factory=Figure)
    held_rate: Figure = field(default_factory=Figure)
    hours: Figure = field(default_factory=Figure)
    invited: Figure = field(default_factory=Figure)
    attended: Figure = field(default_factory=Figure)
    attendance_rate: Figure = field(default_factory=Figure)
    feedback_mean: Figure = field(default_factory=Figure)
    feedback_count: Figure = field(default_factory=Figure)
    headlines: list[Headline] = field(default_factory=list)

    def role(self, role: str) -> Figure:
        return self.people.setdefault(role, Figure(0, 0))

    @property
    def figures(self) -> list[Figure]:
        return [
            *(self.role(role) for role in COMPARED_ROLES),
            self.relationships,
            self.completed,
            self.ended_early,
            self.finished,
            self.completion_rate,
            self.meetings_planned,
            self.meetings_held,
            self.held_rate,
            self.hours,
            self.invited,
            self.attended,
            self.attendance_rate,
            self.feedback_mean,
            self.feedback_count,
        ]

    @property
    def relations(self) -> list[disclosure.Relation]:
        return [
            disclosure.sums(self.relationships, [self.completed, self.ended_early, self.running]),
            disclosure.sums(self.finished, [self.completed, self.ended_early]),
            disclosure.derives(self.completion_rate, self.completed, self.finished),
            disclosure.derives(self.held_rate, self.meetings_held, self.meetings_planned),
            disclosure.derives(self.attendance_rate, self.attended, self.invited),
        ]


@dataclass
class Comparison:
    columns: list[WaveColumn]
    indicators: list[Indicator]
    min_people: int = disclosure.MIN_PEOPLE

    @property
    def role_rows(self) -> list[tuple[str, list[Figure]]]:
        """One row per role: its label and the count in each wave."""
        return [
            (str(role.label), [column.role(role) for column in self.columns])
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
    """The first indicators of the program, computed per wave with monitoring's own functions
    (and its suppression: each is computed disaggregated by wave, a copy never saved)."""
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
                    if value.has_data or value.suppressed:
                        headline = Headline(value, str(RoundKind(kind).label))
                        break
            per_wave[wave.pk].append(headline)
    return chosen, per_wave


def wave_comparison(program: Program, *, today: dt.date | None = None) -> Comparison:
    """Every wave of the program side by side. A fixed number of queries, whatever the number of
    people, relationships or meetings (and of waves: each figure is one grouped query). Each
    wave's figures go through ``disclosure.protect``, as on the funder's dashboard."""
    today = today or timezone.localdate()
    waves = list(program.waves.order_by("number"))
    columns = {wave.pk: WaveColumn(wave=wave) for wave in waves}

    for row in (
        Membership.objects.filter(program=program, wave__isnull=False, role__in=COMPARED_ROLES)
        .values("wave", "role")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        columns[row["wave"]].people[row["role"]] = Figure(row["n"], row["n"])

    completed = Q(status=Relationship.Status.COMPLETED)
    ended = Q(status=Relationship.Status.ENDED_EARLY)
    running = ~(completed | ended)
    for row in (
        Relationship.objects.filter(program=program, wave__isnull=False)
        .values("wave")
        .annotate(
            n=Count("pk", distinct=True),
            people=Count("mentees", distinct=True),
            completed=Count("pk", filter=completed, distinct=True),
            completed_people=Count("mentees", filter=completed, distinct=True),
            ended=Count("pk", filter=ended, distinct=True),
            ended_people=Count("mentees", filter=ended, distinct=True),
            finished_people=Count("mentees", filter=completed | ended, distinct=True),
            running=Count("pk", filter=running, distinct=True),
            running_people=Count("mentees", filter=running, distinct=True),
        )
        .order_by()
    ):
        column = columns[row["wave"]]
        column.relationships = Figure(row["n"], row["people"])
        column.completed = Figure(row["completed"], row["completed_people"])
        column.ended_early = Figure(row["ended"], row["ended_people"])
        column.running = Figure(row["running"], row["running_people"], published=False)
        finished = row["completed"] + row["ended"]
        column.finished = Figure(finished, row["finished_people"])
        column.completion_rate = Figure(
            _rate(row["completed"], finished),
            row["completed_people"],
            base=row["finished_people"],
        )

    held = Q(status=Meeting.Status.HELD)
    meetings = Meeting.objects.filter(
        relationship__program=program, relationship__wave__isnull=False
    )
    counts = {
        row["relationship__wave"]: row
        for row in meetings.values("relationship__wave")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=held),
            minutes=Sum("log__duration_minutes", filter=held),
        )
        .order_by()
    }
    # The mentees behind them, in a query of their own (joining them would multiply minutes).
    mentees = "relationship__mentees"
    for row in (
        meetings.values("relationship__wave")
        .annotate(
            planned=Count(mentees, distinct=True),
            held=Count(mentees, filter=held, distinct=True),
            hours=Count(mentees, filter=held & Q(log__duration_minutes__gt=0), distinct=True),
        )
        .order_by()
    ):
        column = columns[row["relationship__wave"]]
        count = counts[row["relationship__wave"]]
        column.meetings_planned = Figure(count["planned"], row["planned"])
        column.meetings_held = Figure(count["held"], row["held"])
        column.held_rate = Figure(
            _rate(count["held"], count["planned"]), row["held"], base=row["planned"]
        )
        column.hours = Figure(
            (Decimal(count["minutes"] or 0) / 60).quantize(Decimal("0.1")), row["hours"]
        )

    attended = Q(attended=True)
    for row in (
        EventInvitation.objects.filter(
            event__program=program,
            event__wave__isnull=False,
            event__attendance_taken_at__isnull=False,
            event__cancelled_at__isnull=True,
        )
        .values("event__wave")
        .annotate(
            n_invited=Count("pk"),
            n_attended=Count("pk", filter=attended),
            invited_people=Count("user", distinct=True),
            attended_people=Count("user", filter=attended, distinct=True),
        )
        .order_by()
    ):
        column = columns[row["event__wave"]]
        column.invited = Figure(row["n_invited"], row["invited_people"])
        column.attended = Figure(row["n_attended"], row["attended_people"])
        column.attendance_rate = Figure(
            _rate(row["n_attended"], row["n_invited"]),
            row["attended_people"],
            base=row["invited_people"],
        )

    for row in (
        MeetingFeedback.objects.filter(
            meeting__relationship__program=program, meeting__relationship__wave__isnull=False
        )
        .values("meeting__relationship__wave")
        .annotate(mean=Avg("usefulness"), n=Count("pk"), authors=Count("author", distinct=True))
        .order_by()
    ):
        column = columns[row["meeting__relationship__wave"]]
        column.feedback_mean = Figure(
            Decimal(str(row["mean"])).quantize(Decimal("0.01")), row["authors"]
        )
        column.feedback_count = Figure(row["n"], row["authors"])

    chosen, headlines = _headlines(program, waves, today)
    for wave in waves:
        columns[wave.pk].headlines = headlines[wave.pk]
    compared = list(columns.values())
    disclosure.protect(
        [figure for column in compared for figure in column.figures],
        [relation for column in compared for relation in column.relations],
    )
    return Comparison(columns=compared, indicators=chosen)


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
