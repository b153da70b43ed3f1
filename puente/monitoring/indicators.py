"""Computing indicators at each round kind (baseline, midline, endline), overall and per group.

Every value is aggregated by the database (a few queries per indicator, never per person). A
value carries the number of people behind it: with none it reads "no data" (not 0), and a group
of fewer than ``MIN_GROUP`` people is suppressed, because observers (funders) may open the
page that shows them.

- On answers, the answers of each round kind's rounds count (all waves of the program, or only
  those of one role): the mean of a number or scale question, the share (in %) answering yes to a
  yes/no question, or the sum of a number question.
- On activity, each wave counts up to the date of its round of that kind (the day it closed, or
  today while it is open): meetings held, hours of mentoring received by mentees (a circle's
  meeting counts for each of its mentees) and attendance at events whose attendance was taken
  (share, in %, of the invitations marked attended).
"""

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, ExpressionWrapper, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from puente.events.models import EventInvitation
from puente.instruments.models import Answer
from puente.mentoring.models import Meeting
from puente.monitoring.models import Indicator, Round, RoundKind
from puente.programs.models import Program

MIN_GROUP = 5
KINDS = [RoundKind.BASELINE, RoundKind.MIDLINE, RoundKind.ENDLINE]
D = Indicator.Disaggregation
C = Indicator.Computation


@dataclass
class Value:
    """One figure and how many people it stands for."""

    value: Decimal | None
    people: int
    # Hidden although large enough, so that a small group cannot be worked out from the total.
    withheld: bool = False

    @property
    def has_data(self) -> bool:
        return self.value is not None and self.people > 0

    @property
    def suppressed(self) -> bool:
        return 0 < self.people < MIN_GROUP or (self.withheld and self.people > 0)

    @property
    def shown(self) -> Decimal | None:
        """The value to publish: none when there is no data or the group is too small."""
        return None if self.suppressed or not self.has_data else self.value


NO_DATA = Value(None, 0)


@dataclass
class Row:
    label: str
    values: dict[str, Value] = field(default_factory=dict)

    def at(self, kind: str) -> Value:
        return self.values.get(kind, NO_DATA)

    @property
    def cells(self) -> list[Value]:
        return [self.at(kind) for kind in KINDS]

    def change(self, kind: str = RoundKind.ENDLINE) -> Decimal | None:
        """The change from baseline to ``kind``, if both may be shown."""
        start, end = self.at(RoundKind.BASELINE).shown, self.at(kind).shown
        return None if start is None or end is None else end - start

    @property
    def change_to_endline(self) -> Decimal | None:
        return self.change(RoundKind.ENDLINE)

    @property
    def change_to_midline(self) -> Decimal | None:
        return self.change(RoundKind.MIDLINE)


@dataclass
class Result:
    indicator: Indicator
    overall: Row
    groups: list[Row]


def _quantize(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _percent(part: Any, whole: Any) -> ExpressionWrapper:
    return ExpressionWrapper(Cast(part, FloatField()) * 100.0 / whole, output_field=FloatField())


def _group_field(indicator: Indicator, prefix: str, wave_field: str) -> str | None:
    fields: dict[str, str] = {
        D.WAVE: wave_field,
        D.TRACK: f"{prefix}track",
        D.GENDER: f"{prefix}user__gender",
        D.LOCATION: f"{prefix}user__city",
    }
    return fields.get(indicator.disaggregation)


def _answers(indicator: Indicator) -> tuple[QuerySet[Any], str, str | None, dict[str, Any]]:
    invitation = "submission__round_invitation__"
    answers = Answer.objects.filter(
        **{
            f"{invitation}round__program": indicator.program_id,
            f"{invitation}answered_at__isnull": False,
            "question__key": indicator.question_key,
        }
    )
    if indicator.role:
        answers = answers.filter(**{f"{invitation}membership__role": indicator.role})
    people = Count(f"{invitation}user", distinct=True)
    if indicator.computation == C.ANSWER_SHARE_YES:
        answers = answers.filter(boolean__isnull=False)
        measure: Any = _percent(Count("pk", filter=Q(boolean=True)), Count("pk"))
    elif indicator.computation == C.ANSWER_SUM:
        answers = answers.filter(number__isnull=False)
        measure = Sum("number")
    else:
        answers = answers.filter(number__isnull=False)
        measure = Avg("number")
    group = _group_field(indicator, f"{invitation}membership__", f"{invitation}round__wave")
    return answers, f"{invitation}round__kind", group, {"people": people, "value": measure}


def _round_dates(program: Program, today: dt.date) -> dict[str, dict[int, dt.date]]:
    """For each kind, the date each wave's round of that kind counts activity up to."""
    dates: dict[str, dict[int, dt.date]] = {kind: {} for kind in KINDS}
    for kind, wave_id, closed_at in Round.objects.filter(program=program).values_list(
        "kind", "wave_id", "closed_at"
    ):
        dates[kind][wave_id] = timezone.localdate(closed_at) if closed_at else today
    return dates


def _up_to(dates: dict[int, dt.date], wave_field: str, date_field: str) -> Q:
    condition = Q(pk__in=[])
    for wave_id, day in dates.items():
        condition |= Q(**{wave_field: wave_id, f"{date_field}__lte": day})
    return condition


def _started_by(dates: dict[int, dt.date], wave_field: str, moment_field: str) -> Q:
    """Like ``_up_to`` for a date and time: before the end of the day in the current time zone.
    A range on the column itself, where ``__date`` would convert every row (in Python, on
    SQLite) and miss the index."""
    zone = timezone.get_current_timezone()
    condition = Q(pk__in=[])
    for wave_id, day in dates.items():
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        condition |= Q(**{wave_field: wave_id, f"{moment_field}__lt": end})
    return condition


def _activity(
    indicator: Indicator, kind: str, dates: dict[int, dt.date]
) -> tuple[QuerySet[Any], str | None, dict[str, Any]]:
    if indicator.computation == C.EVENT_ATTENDANCE:
        rows: QuerySet[Any] = EventInvitation.objects.filter(
            _started_by(dates, "membership__wave", "event__starts_at"),
            event__program=indicator.program_id,
            event__attendance_taken_at__isnull=False,
            event__cancelled_at__isnull=True,
        )
        if indicator.role:
            rows = rows.filter(membership__role=indicator.role)
        aggregates = {
            "people": Count("user", distinct=True),
            "value": _percent(Count("pk", filter=Q(attended=True)), Count("pk")),
        }
        return rows, _group_field(indicator, "membership__", "membership__wave"), aggregates
    rows = Meeting.objects.filter(
        _up_to(dates, "relationship__wave", "planned_on"),
        relationship__program=indicator.program_id,
        status=Meeting.Status.HELD,
    )
    value: Any = (
        Count("pk", distinct=True)
        if indicator.computation == C.MEETINGS_HELD
        else ExpressionWrapper(
            Cast(Sum("log__duration_minutes"), FloatField()) / 60.0, output_field=FloatField()
        )
    )
    aggregates = {"people": Count("relationship__mentees__user", distinct=True), "value": value}
    group = _group_field(indicator, "relationship__mentees__", "relationship__wave")
    if indicator.disaggregation == D.TRACK:
        group = "relationship__track"
    return rows, group, aggregates


def _label(indicator: Indicator, key: Any, labels: dict[str, dict[Any, str]]) -> str:
    if indicator.disaggregation in (D.WAVE, D.TRACK):
        return labels[indicator.disaggregation].get(key, _("Not set"))
    return str(key) if key else _("Not given")


def compute(
    indicators: Iterable[Indicator],
    *,
    today: dt.date,
    labels: dict[str, dict[Any, str]],
) -> list[Result]:
    """Every indicator's values at baseline, midline and endline, overall and per group."""
    indicators = list(indicators)
    if not indicators:
        return []
    dates = _round_dates(indicators[0].program, today)
    results = []
    for indicator in indicators:
        overall = Row(_("All"))
        groups: dict[Any, Row] = {}
        if indicator.is_on_answers and indicator.question_key:
            answers, kind_field, group, aggregates = _answers(indicator)
            for row in answers.values(kind_field).annotate(**aggregates).order_by():
                overall.values[row[kind_field]] = Value(_quantize(row["value"]), row["people"])
            if group:
                rows = answers.values(kind_field, group).annotate(**aggregates).order_by()
                for row in rows:
                    target = groups.setdefault(
                        row[group], Row(_label(indicator, row[group], labels))
                    )
                    target.values[row[kind_field]] = Value(_quantize(row["value"]), row["people"])
        elif not indicator.is_on_answers:
            for kind in KINDS:
                if not dates[kind]:
                    continue
                rows_qs, group, aggregates = _activity(indicator, kind, dates[kind])
                total = rows_qs.aggregate(**aggregates)
                overall.values[kind] = Value(_quantize(total["value"]), total["people"])
                if group:
                    for row in rows_qs.values(group).annotate(**aggregates).order_by():
                        target = groups.setdefault(
                            row[group], Row(_label(indicator, row[group], labels))
                        )
                        target.values[kind] = Value(_quantize(row["value"]), row["people"])
        ordered = sorted(groups.values(), key=lambda r: r.label)
        _suppress_complements(ordered)
        results.append(Result(indicator=indicator, overall=overall, groups=ordered))
    return results


def _version_key(program_id: int) -> str:
    return f"indicators:version:{program_id}"


def invalidate(program_id: int) -> None:
    """Forget a program's cached figures: now, for the rest of the current transaction (with the
    database cache the new version is part of it, seen by others when it commits), and again
    after the commit, for a cache outside the database, where a reader may have cached the old
    figures under the new version in between."""

    def bump() -> None:
        cache.set(_version_key(program_id), uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def program_results(
    program: Program, *, today: dt.date, labels: dict[str, dict[Any, str]]
) -> tuple[list[Result], dt.datetime]:
    """``compute`` on every indicator of ``program``, and when it was computed.

    The figures aggregate every answer, meeting and attendance of the program: a quarter of a
    second at 10,000 mentees, too slow for a page opened often. They are kept in the shared cache
    for ``INDICATORS_CACHE_SECONDS`` under a key that changes with the indicators' definitions,
    the day, the language, the time zone and the labels, and with a version that answers, rounds
    opening or closing replace (``invalidate``). Activity (meetings, hours, attendance) therefore
    shows up within that time, not at once; the page says when its figures were computed.
    """
    indicators = list(Indicator.objects.filter(program=program).order_by("position", "pk"))
    seconds = settings.INDICATORS_CACHE_SECONDS
    if not indicators or seconds <= 0:
        return compute(indicators, today=today, labels=labels), timezone.now()
    version = cache.get(_version_key(program.pk)) or "0"
    signature = repr(
        (
            [(i.pk, i.updated_at.isoformat()) for i in indicators],
            today.isoformat(),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            sorted((kind, sorted(map(str, names.items()))) for kind, names in labels.items()),
        )
    )
    digest = hashlib.sha256(signature.encode()).hexdigest()[:32]
    key = f"indicators:{program.pk}:{version}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        results, computed_at = cached
        for result, indicator in zip(results, indicators, strict=True):
            result.indicator = indicator  # the live object, not a pickled copy
        return results, computed_at
    results = compute(indicators, today=today, labels=labels)
    computed_at = timezone.now()
    cache.set(key, (results, computed_at), timeout=seconds)
    return results, computed_at


def _suppress_complements(groups: list[Row]) -> None:
    """Secondary suppression: while the groups hidden in a round add up to fewer than
    ``MIN_GROUP`` people, the total and the groups shown would give their figure away, so the
    smallest group still shown is hidden too."""
    for kind in KINDS:
        suppress_complements([row.at(kind) for row in groups])


def suppress_complements(cells: list[Value]) -> None:
    """The secondary suppression of one set of groups that add up to a published total (also
    used by the funder's dashboard in reports)."""
    cells = [cell for cell in cells if cell.people > 0]
    while True:
        hidden = sum(cell.people for cell in cells if cell.suppressed)
        shown = [cell for cell in cells if not cell.suppressed]
        if not hidden or hidden >= MIN_GROUP or not shown:
            break
        min(shown, key=lambda cell: cell.people).withheld = True
