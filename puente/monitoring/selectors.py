"""Program health: meetings held against those planned to date, per wave and per track, hours
held, relationships by status, those at risk and the logs still missing. Every figure is counted
by the database in a fixed number of queries, whatever the number of relationships."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from puente.accounts.models import User
from puente.core.permissions import Role
from puente.mentoring.models import Meeting, Relationship, RiskFlag
from puente.monitoring.models import Round, RoundInvitation
from puente.programs.models import Membership, Program

OPEN_STATUSES = (Meeting.Status.PLANNED, Meeting.Status.SCHEDULED, Meeting.Status.MOVED)


@dataclass
class MeetingFigures:
    """The meetings of a group of relationships whose date is on or before today."""

    label: str
    planned: int = 0
    held: int = 0
    missed: int = 0
    moved: int = 0
    logs_missing: int = 0
    minutes: int = 0

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @property
    def held_percent(self) -> int | None:
        return round(100 * self.held / self.planned) if self.planned else None


@dataclass
class Health:
    today: dt.date
    total: MeetingFigures
    by_wave: list[MeetingFigures]
    by_track: list[MeetingFigures]
    by_status: list[tuple[str, int]]
    relationships: int
    at_risk: Sequence[Relationship] = field(default_factory=list)
    logs_missing: Sequence[Relationship] = field(default_factory=list)


def _missing(today: dt.date, prefix: str = "") -> Q:
    """A meeting whose date has passed and that is still open with no log."""
    return Q(
        **{
            f"{prefix}planned_on__lt": today,
            f"{prefix}status__in": OPEN_STATUSES,
            f"{prefix}log__isnull": True,
        }
    )


FIGURES = ("planned", "held", "missed", "moved", "logs_missing", "minutes")


def _figures(meetings: QuerySet[Meeting], today: dt.date) -> list[dict[str, Any]]:
    """The meeting figures per wave and track, in one pass over the meetings."""
    return list(
        meetings.values("relationship__wave", "relationship__track")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
            missed=Count("pk", filter=Q(status=Meeting.Status.MISSED)),
            moved=Count("pk", filter=Q(status=Meeting.Status.MOVED)),
            logs_missing=Count("pk", filter=_missing(today)),
            minutes=Sum("log__duration_minutes", filter=Q(status=Meeting.Status.HELD)),
        )
        .order_by()
    )


def _by(rows: list[dict[str, Any]], group: str) -> list[dict[str, Any]]:
    """``rows`` added up per ``group`` (a wave or a track), in the group's order, none last."""
    totals: dict[Any, dict[str, Any]] = {}
    for row in rows:
        total = totals.setdefault(row[group], {group: row[group], **dict.fromkeys(FIGURES, 0)})
        for name in FIGURES:
            total[name] += row[name] or 0
    return sorted(totals.values(), key=lambda row: (row[group] is None, row[group] or 0))


def _rows(
    rows: list[dict[str, Any]], group: str, labels: dict[int | None, str]
) -> list[MeetingFigures]:
    result = []
    for row in rows:
        result.append(
            MeetingFigures(
                label=labels.get(row[group], "—"),
                planned=row["planned"],
                held=row["held"],
                missed=row["missed"],
                moved=row["moved"],
                logs_missing=row["logs_missing"],
                minutes=row["minutes"] or 0,
            )
        )
    return result


def program_health(
    relationships: QuerySet[Relationship],
    *,
    today: dt.date,
    wave_labels: dict[int | None, str],
    track_labels: dict[int | None, str],
) -> Health:
    """The health of ``relationships`` (already scoped to what the viewer may see) as of
    ``today``. Meetings of relationships that ended early are left out of the meeting figures:
    their remaining meetings will not take place and are not missing logs."""
    counted = relationships.exclude(status=Relationship.Status.ENDED_EARLY)
    meetings = Meeting.objects.filter(relationship__in=counted.values("pk"), planned_on__lte=today)
    figures = _figures(meetings, today)
    by_wave = _rows(_by(figures, "relationship__wave"), "relationship__wave", wave_labels)
    by_track = _rows(_by(figures, "relationship__track"), "relationship__track", track_labels)
    total = MeetingFigures(label="")
    for row in by_wave:
        for name in FIGURES:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    statuses = dict(
        relationships.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    by_status = [
        (str(label), statuses.get(value, 0)) for value, label in Relationship.Status.choices
    ]
    people = Prefetch("mentees", queryset=Membership.objects.select_related("user"))
    open_flags = RiskFlag.objects.filter(resolved_on__isnull=True)
    at_risk = list(
        relationships.filter(pk__in=open_flags.values("relationship_id"))
        .select_related("mentor__user", "wave", "track")
        .prefetch_related(
            people,
            Prefetch(
                "risk_flags", queryset=open_flags.order_by("raised_on", "pk"), to_attr="open_flags"
            ),
        )
        .order_by("mentor__user__full_name", "pk")
    )
    # The relationships with a meeting without a log are found from the meetings' side first:
    # counting them per relationship over every relationship of a large program took most of a
    # second. How many each has is its ``missing_meetings``.
    missing = meetings.filter(_missing(today)).values("relationship_id")
    logs_missing = list(
        Relationship.objects.filter(pk__in=missing)
        .select_related("mentor__user", "wave")
        .prefetch_related(
            people,
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(_missing(today)).order_by("number"),
                to_attr="missing_meetings",
            ),
        )
        .order_by("mentor__user__full_name", "pk")
    )
    # Most missing logs first, then by mentor (the sort is stable).
    logs_missing.sort(key=lambda relationship: -len(relationship.missing_meetings))
    return Health(
        today=today,
        total=total,
        by_wave=by_wave,
        by_track=by_track,
        by_status=by_status,
        relationships=sum(statuses.values()),
        at_risk=at_risk,
        logs_missing=logs_missing,
    )


# --- Survey rounds ------------------------------------------------------------------------------


@dataclass
class RoleRate:
    role: str
    label: str
    invited: int
    answered: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.invited) if self.invited else None


def rounds_with_counts(program: Program) -> QuerySet[Round]:
    """The program's rounds, each with how many were invited and how many answered."""
    return (
        Round.objects.filter(program=program)
        .select_related("wave", "instrument")
        .annotate(
            invited=Count("invitations", filter=Q(invitations__comparison=False), distinct=True),
            answered=Count(
                "invitations",
                filter=Q(invitations__answered_at__isnull=False, invitations__comparison=False),
                distinct=True,
            ),
        )
        .order_by("wave__number", "opened_on", "pk")
    )


def response_rates(rounds: QuerySet[Round]) -> dict[int, list[RoleRate]]:
    """For each round, the response rate of each role it was sent to, in one query."""
    labels = dict(Role.choices)
    rates: dict[int, list[RoleRate]] = {}
    rows = (
        RoundInvitation.objects.filter(round__in=rounds.values("pk"), comparison=False)
        .values("round_id", "membership__role")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by("round_id", "membership__role")
    )
    for row in rows:
        role = row["membership__role"]
        rates.setdefault(row["round_id"], []).append(
            RoleRate(role, str(labels.get(role, role)), row["invited"], row["answered"])
        )
    return rates


def round_invitations(round_: Round) -> QuerySet[RoundInvitation]:
    """Who was asked and who answered (names only, never the answers); the comparison group
    is listed apart (``comparison_invitations``)."""
    return (
        round_.invitations.filter(comparison=False)
        .select_related("user", "membership")
        .order_by("membership__role", "user__full_name", "pk")
    )


def comparison_invitations(round_: Round) -> QuerySet[RoundInvitation]:
    """The comparison group asked to answer the round: applicants, by their application."""
    return (
        round_.invitations.filter(comparison=True)
        .select_related("application")
        .order_by("application__full_name", "pk")
    )


def my_invitations(program: Program, user: User) -> QuerySet[RoundInvitation]:
    return (
        RoundInvitation.objects.filter(round__program=program, user=user)
        .select_related("round__wave", "round__instrument")
        .order_by("-round__opened_on", "pk")
    )
