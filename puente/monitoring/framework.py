"""The results framework of a program: its results as a tree (impact → outcomes → outputs →
activities), the indicators hanging from each result with their baseline, life-of-program target
and periods, each period's actual value, achievement and status.

**Actual per period.** An indicator on answers counts the answers to the rounds *opened* in the
period (a round's answers belong to the period it was opened in, even those given a few days
after it ends): the mean, the share answering yes (in %) or the sum, like the indicators page.
An indicator on activity counts the activity *in* the period: meetings held (by their date),
hours of mentoring received by mentees (a circle's meeting counts for each of its mentees) and
attendance at events started in it whose attendance was taken.

**Achievement** is the actual as a percentage of the period's target (higher is better).
**Status**, once the period has ended (a period in progress shows its achievement so far, not a
status, since an activity count grows until its last day):

- *on track*: achievement of at least 85 % (``ON_TRACK``);
- *at risk*: from 60 % to under 85 % (``AT_RISK``);
- *off track*: under 60 %.

Every actual is a ``disclosure.Figure``: one that fewer than 5 people stand behind is hidden, and
its achievement and status with it (the target is known, so they would give it away). The whole
framework is computed in a fixed number of queries, whatever the number of results, indicators,
periods and people (one per kind of computation; one more per disaggregation asked for).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from puente.events.models import EventInvitation
from puente.mentoring.models import Meeting
from puente.monitoring import disclosure
from puente.monitoring import indicators as computing
from puente.monitoring.disclosure import Figure
from puente.monitoring.models import Indicator, IndicatorPeriod, Result, ResultLevel
from puente.programs.models import Program

C = Indicator.Computation
ON_TRACK = Decimal(85)
AT_RISK = Decimal(60)
HUNDRED = Decimal(100)

Span = tuple[dt.date, dt.date]


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    LABELS = {
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        OFF_TRACK: _("Off track"),
    }


def status_of(achievement: Decimal | None) -> str:
    """The status an achievement (in % of the target) earns; "" without one."""
    if achievement is None:
        return ""
    if achievement >= ON_TRACK:
        return Status.ON_TRACK
    if achievement >= AT_RISK:
        return Status.AT_RISK
    return Status.OFF_TRACK


def achievement_of(actual: Any, target: Decimal | None) -> Decimal | None:
    """``actual`` as a percentage of ``target`` (one decimal); None without both, or for a
    target of 0 (no percentage of nothing)."""
    if actual is None or target is None or target == 0:
        return None
    return (Decimal(actual) * HUNDRED / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PeriodRow:
    period: IndicatorPeriod
    actual: Figure
    # The actual of each group of the indicator's disaggregation (only when asked for).
    groups: dict[Any, Figure] = field(default_factory=dict)
    today: dt.date | None = None

    @property
    def ended(self) -> bool:
        return self.today is not None and self.period.end < self.today

    @property
    def started(self) -> bool:
        return self.today is None or self.period.start <= self.today

    @property
    def achievement(self) -> Decimal | None:
        return achievement_of(self.actual.shown, self.period.target)

    @property
    def status(self) -> str:
        return status_of(self.achievement) if self.ended else ""

    @property
    def status_label(self) -> str:
        return str(Status.LABELS.get(self.status, ""))


@dataclass
class IndicatorRow:
    indicator: Indicator
    periods: list[PeriodRow]

    @property
    def latest(self) -> PeriodRow | None:
        """The last period that has started and has a value to show."""
        shown = [row for row in self.periods if row.started and row.actual.shown is not None]
        return shown[-1] if shown else None

    @property
    def life_achievement(self) -> Decimal | None:
        """The latest actual as a percentage of the life-of-program target."""
        latest = self.latest
        return achievement_of(latest.actual.shown if latest else None, self.indicator.target)


@dataclass
class Node:
    result: Result
    depth: int
    children: list["Node"] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class Framework:
    program: Program
    roots: list[Node]
    # Indicators not hung from a result yet.
    unplaced: list[IndicatorRow]
    spans: list[Span]

    def walk(self) -> Iterator[Node]:
        """Every result, depth first, in order: the tree as the page reads it."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @property
    def rows(self) -> list[IndicatorRow]:
        return [row for node in self.walk() for row in node.indicators] + self.unplaced

    @property
    def status_counts(self) -> dict[str, int]:
        counts = {status: 0 for status in Status.LABELS}
        for row in self.rows:
            for period in row.periods:
                if period.status:
                    counts[period.status] += 1
        return counts


# --- Actuals ------------------------------------------------------------------------------------


def _in(span: Span, field_name: str) -> Q:
    return Q(**{f"{field_name}__gte": span[0], f"{field_name}__lte": span[1]})


def _quantize(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


Key = tuple[Any, ...]


def _answer_totals(
    program: Program, indicators: list[Indicator], spans: list[Span], group: str | None
) -> dict[Key, dict[str, int | float]]:
    """Per (question key, role[, group]) and span: the counts and sums the answer computations
    read, in one query."""
    keys = {i.question_key for i in indicators if i.is_on_answers and i.question_key}
    if not keys or not spans:
        return {}
    invitation = "submission__round_invitation__"
    opened = f"{invitation}round__opened_on"
    user = f"{invitation}user"
    aggregates: dict[str, Any] = {}
    for n, span in enumerate(spans):
        when = _in(span, opened)
        number, boolean = when & Q(number__isnull=False), when & Q(boolean__isnull=False)
        yes = when & Q(boolean=True)
        aggregates |= {
            f"n{n}": Count("pk", filter=number),
            f"s{n}": Sum("number", filter=number),
            f"u{n}": Count(user, filter=number, distinct=True),
            f"b{n}": Count("pk", filter=boolean),
            f"ub{n}": Count(user, filter=boolean, distinct=True),
            f"y{n}": Count("pk", filter=yes),
            f"uy{n}": Count(user, filter=yes, distinct=True),
        }
    columns = ["question__key", f"{invitation}membership__role", *([group] if group else [])]
    rows = (
        computing.answers_that_count(program.pk)
        .filter(question__key__in=keys)
        .values(*columns)
        .annotate(**aggregates)
        .order_by()
    )
    return {tuple(row[c] for c in columns): row for row in rows}


def _answer_figure(indicator: Indicator, rows: list[dict[str, Any]], n: int) -> Figure:
    def total(name: str) -> Any:
        return sum((row[f"{name}{n}"] or 0) for row in rows)

    if indicator.computation == C.ANSWER_SHARE_YES:
        answered = total("b")
        value = _quantize(total("y") * 100.0 / answered) if answered else None
        return Figure(value, total("uy"), base=total("ub"))
    counted = total("n")
    if indicator.computation == C.ANSWER_SUM:
        value = _quantize(total("s")) if counted else None
    else:
        value = _quantize(float(total("s")) / counted) if counted else None
    return Figure(value, total("u"))


def _activity_totals(
    program: Program, spans: list[Span], group_of: dict[str, str | None], kinds: set[str]
) -> dict[tuple[str, Any], dict[str, Any]]:
    """Per computation ("meetings" or "events") and group (None: everyone): counts per span."""
    found: dict[tuple[str, Any], dict[str, Any]] = {}
    if not spans:
        return found
    if kinds & {C.MEETINGS_HELD, C.MENTORING_HOURS}:
        mentees = "relationship__mentees__user"
        aggregates: dict[str, Any] = {}
        for n, span in enumerate(spans):
            when = _in(span, "planned_on")
            aggregates |= {
                f"m{n}": Count("pk", filter=when, distinct=True),
                f"pm{n}": Count(mentees, filter=when, distinct=True),
                f"h{n}": Sum("log__duration_minutes", filter=when),
                f"ph{n}": Count(
                    mentees, filter=when & Q(log__duration_minutes__gt=0), distinct=True
                ),
            }
        meetings = Meeting.objects.filter(relationship__program=program, status=Meeting.Status.HELD)
        group = group_of.get("meetings")
        rows = (
            meetings.values(group).annotate(**aggregates).order_by()
            if group
            else [meetings.aggregate(**aggregates)]
        )
        for row in rows:
            found[("meetings", row.get(group) if group else None)] = row
    if C.EVENT_ATTENDANCE in kinds:
        aggregates = {}
        for n, span in enumerate(spans):
            when = _in(span, "event__starts_at__date")
            aggregates |= {
                f"i{n}": Count("pk", filter=when),
                f"a{n}": Count("pk", filter=when & Q(attended=True)),
                f"pi{n}": Count("user", filter=when, distinct=True),
                f"pa{n}": Count("user", filter=when & Q(attended=True), distinct=True),
            }
        invitations: QuerySet[Any] = EventInvitation.objects.filter(
            event__program=program,
            event__attendance_taken_at__isnull=False,
            event__cancelled_at__isnull=True,
        )
        group = group_of.get("events")
        columns = ["membership__role", *([group] if group else [])]
        for row in invitations.values(*columns).annotate(**aggregates).order_by():
            found[("events", row["membership__role"], row.get(group) if group else None)] = row  # type: ignore[index]
    return found


def _activity_figure(
    indicator: Indicator, found: dict[Any, dict[str, Any]], n: int, group: Any = None
) -> Figure:
    if indicator.computation == C.EVENT_ATTENDANCE:
        rows = [
            row
            for key, row in found.items()
            if key[0] == "events"
            and (not indicator.role or key[1] == indicator.role)
            and key[2] == group
        ]
        invited = sum(row[f"i{n}"] for row in rows)
        value = _quantize(sum(row[f"a{n}"] for row in rows) * 100.0 / invited) if invited else None
        return Figure(
            value, sum(row[f"pa{n}"] for row in rows), base=sum(row[f"pi{n}"] for row in rows)
        )
    row = found.get(("meetings", group))
    if row is None:
        return Figure()
    if indicator.computation == C.MEETINGS_HELD:
        people = row[f"pm{n}"] or 0
        return Figure(Decimal(row[f"m{n}"] or 0) if people else None, people)
    people = row[f"ph{n}"] or 0
    minutes = row[f"h{n}"]
    return Figure(_quantize(minutes / 60.0) if people and minutes else None, people)


def _prefixes(disaggregation: str) -> dict[str, str | None]:
    """The grouping field of each source for one disaggregation (the indicators page's)."""
    probe = Indicator(disaggregation=disaggregation)
    return {
        "answers": computing._group_field(
            probe,
            "submission__round_invitation__membership__",
            "submission__round_invitation__round__wave",
        ),
        "meetings": computing._group_field(probe, "relationship__mentees__", "relationship__wave")
        if disaggregation != Indicator.Disaggregation.TRACK
        else "relationship__track",
        "events": computing._group_field(probe, "membership__", "membership__wave"),
    }


def actuals(
    program: Program,
    indicators: list[Indicator],
    periods: list[IndicatorPeriod],
    *,
    disaggregate: bool = False,
) -> dict[int, tuple[Figure, dict[Any, Figure]]]:
    """Each period's actual (by period pk), protected, and with ``disaggregate`` the actual of
    each group of its indicator's disaggregation (the groups add up to the whole)."""
    spans = sorted({(p.start, p.end) for p in periods})
    index = {span: n for n, span in enumerate(spans)}
    by_indicator: dict[int, Indicator] = {i.pk: i for i in indicators}
    kinds = {i.computation for i in indicators}
    answers = _answer_totals(program, indicators, spans, None)
    activity = _activity_totals(program, spans, {}, kinds)
    grouped_answers: dict[str, dict[Key, dict[str, Any]]] = {}
    grouped_activity: dict[str, dict[Any, dict[str, Any]]] = {}
    if disaggregate:
        for kind in {i.disaggregation for i in indicators if i.disaggregation}:
            fields = _prefixes(kind)
            on = [i for i in indicators if i.disaggregation == kind]
            if fields["answers"] and any(i.is_on_answers for i in on):
                grouped_answers[kind] = _answer_totals(program, on, spans, fields["answers"])
            activity_kinds = {i.computation for i in on if not i.is_on_answers}
            if activity_kinds:
                grouped_activity[kind] = _activity_totals(program, spans, fields, activity_kinds)
    out: dict[int, tuple[Figure, dict[Any, Figure]]] = {}
    figures: list[Figure] = []
    relations: list[disclosure.Relation] = []
    for period in periods:
        indicator = by_indicator[period.indicator_id]
        n = index[(period.start, period.end)]
        groups: dict[Any, Figure] = {}
        if indicator.is_on_answers:
            rows = [
                row
                for (key, role), row in answers.items()
                if key == indicator.question_key and (not indicator.role or role == indicator.role)
            ]
            total = _answer_figure(indicator, rows, n)
            by_group: dict[Any, list[dict[str, Any]]] = defaultdict(list)
            for (key, role, group), row in grouped_answers.get(
                indicator.disaggregation, {}
            ).items():
                if key == indicator.question_key and (not indicator.role or role == indicator.role):
                    by_group[group].append(row)
            groups = {group: _answer_figure(indicator, rows, n) for group, rows in by_group.items()}
        else:
            total = _activity_figure(indicator, activity, n)
            found = grouped_activity.get(indicator.disaggregation, {})
            names = {key[-1] for key in found}
            for group in names:
                figure = _activity_figure(indicator, found, n, group)
                if figure.value is not None or figure.people:
                    groups[group] = figure
        groups = {g: f for g, f in groups.items() if f.value is not None or f.people}
        figures += [total, *groups.values()]
        if groups:
            relations.append(disclosure.sums(total, list(groups.values())))
        out[period.pk] = (total, groups)
    disclosure.protect(figures, relations)
    return out


# --- The framework ------------------------------------------------------------------------------


def program_framework(program: Program, *, today: dt.date, disaggregate: bool = False) -> Framework:
    """The program's results as a tree with their indicators, periods and actuals."""
    results = list(Result.objects.filter(program=program).order_by("position", "pk"))
    indicators = list(Indicator.objects.filter(program=program).order_by("position", "pk"))
    periods = list(
        IndicatorPeriod.objects.filter(indicator__program=program).order_by("start", "pk")
    )
    figures = actuals(program, indicators, periods, disaggregate=disaggregate)
    period_rows: dict[int, list[PeriodRow]] = defaultdict(list)
    for period in periods:
        actual, groups = figures[period.pk]
        period_rows[period.indicator_id].append(
            PeriodRow(period=period, actual=actual, groups=groups, today=today)
        )
    nodes = {result.pk: Node(result=result, depth=0) for result in results}
    roots: list[Node] = []
    for result in results:
        parent = nodes.get(result.parent_id) if result.parent_id else None
        (parent.children if parent else roots).append(nodes[result.pk])
    unplaced: list[IndicatorRow] = []
    for indicator in indicators:
        row = IndicatorRow(indicator=indicator, periods=period_rows[indicator.pk])
        home = nodes.get(indicator.result_id) if indicator.result_id else None
        (home.indicators if home else unplaced).append(row)
        if home:
            indicator.result = home.result
    made = Framework(
        program=program,
        roots=roots,
        unplaced=unplaced,
        spans=sorted({(p.start, p.end) for p in periods}),
    )
    for node in made.walk():
        for child in node.children:
            child.depth = node.depth + 1
    return made


LEVEL_ORDER = [ResultLevel.IMPACT, ResultLevel.OUTCOME, ResultLevel.OUTPUT, ResultLevel.ACTIVITY]


def child_level(level: str) -> str:
    """The level of a result one step below ``level`` (activities stay activities)."""
    at = LEVEL_ORDER.index(ResultLevel(level))
    return LEVEL_ORDER[min(at + 1, len(LEVEL_ORDER) - 1)]
