"""Computing indicators at each round kind (baseline, midline, endline), overall and per group.

Every value is aggregated by the database (a few queries per indicator, never per person). A
value carries the number of people behind it: with none it reads "no data" (not 0). What may be
shown is decided by ``puente.monitoring.disclosure`` (observers, funders, may open the page): a
value from fewer than 5 people is hidden, a share by the people answering yes and the people
answering, and a second value goes when the "All" row, the other groups or the change would
give a hidden one away.

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
from django.utils.translation import gettext_lazy

from puente.accounts.models import MSMEBand
from puente.core.charts import Series, line_chart
from puente.events.models import EventInvitation
from puente.instruments.models import Answer, Question
from puente.mentoring.models import Meeting
from puente.monitoring import disclosure
from puente.monitoring.disclosure import Figure
from puente.monitoring.models import SURVEYED_ROLES, Indicator, Round, RoundInvitation, RoundKind
from puente.programs.models import Program

KINDS = [RoundKind.BASELINE, RoundKind.MIDLINE, RoundKind.ENDLINE]
CHANGES = [RoundKind.MIDLINE, RoundKind.ENDLINE]
D = Indicator.Disaggregation
C = Indicator.Computation
# Part of the cache key: figures cached in another shape are not read back.
CACHE_FORMAT = 4


@dataclass
class Row:
    label: str
    values: dict[str, Figure] = field(default_factory=dict)
    changes: dict[str, Figure] = field(default_factory=dict)
    # Why a round's figure is not there yet, said instead of it (the "All" row only; see
    # ``explain_waiting``).
    notes: dict[str, str] = field(default_factory=dict)

    def at(self, kind: str) -> Figure:
        return self.values.setdefault(kind, Figure())

    @property
    def cells(self) -> list[Figure]:
        return [self.at(kind) for kind in KINDS]

    @property
    def noted_cells(self) -> list[tuple[Figure, str]]:
        """Each round's figure with what to say instead of it ("" to show the figure)."""
        return [(self.at(kind), self.notes.get(kind, "")) for kind in KINDS]

    def change(self, kind: str = RoundKind.ENDLINE) -> Figure:
        """The change from baseline to ``kind`` (hidden with either end, or to protect another)."""
        return self.changes.setdefault(kind, Figure())

    @property
    def change_to_endline(self) -> Figure:
        return self.change(RoundKind.ENDLINE)

    @property
    def change_to_midline(self) -> Figure:
        return self.change(RoundKind.MIDLINE)


@dataclass
class Result:
    indicator: Indicator
    overall: Row
    groups: list[Row]
    # The paired change and comparison (``monitoring.comparison.attach``), set after computing.
    evidence: Any = None
    # The answers it left out and why (``quality.annotate_left_out``; a ``quality.LeftOut``).
    left_out: Any = None


BUSINESS_YES_NO: dict[str, dict[bool, Any]] = {
    D.WOMEN_OWNED_IFC: {
        True: gettext_lazy("Women-owned (IFC)"),
        False: gettext_lazy("Not women-owned (IFC)"),
    },
    D.WOMEN_OWNED_IWA: {
        True: gettext_lazy("Women-owned (IWA 34)"),
        False: gettext_lazy("Not women-owned (IWA 34)"),
    },
    D.WOMEN_LED_IWA: {
        True: gettext_lazy("Women-led (IWA 34)"),
        False: gettext_lazy("Not women-led (IWA 34)"),
    },
}


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
        # The business definitions funders use (puente.accounts.definitions).
        D.WOMEN_OWNED_IFC: f"{prefix}user__business__ifc_women_owned",
        D.WOMEN_OWNED_IWA: f"{prefix}user__business__iwa_women_owned",
        D.WOMEN_LED_IWA: f"{prefix}user__business__iwa_women_led",
        D.MSME_BAND: f"{prefix}user__business__msme_band",
    }
    return fields.get(indicator.disaggregation)


def answers_that_count(program_id: int, *, comparison: bool | None = False) -> QuerySet[Answer]:
    """The survey answers that figures count, the one rule that the indicators, the results
    framework's actuals and the change per participant read: answers of the program's rounds
    that were sent, without those a data-quality flag leaves out (``monitoring.quality``); the
    participants' (``comparison=False``: the comparison group's answers count only in the
    difference in differences), the comparison group's (``True``) or both (``None``)."""
    from puente.monitoring.quality import left_out_answers

    invitation = "submission__round_invitation__"
    answers = Answer.objects.filter(
        **{
            f"{invitation}round__program": program_id,
            f"{invitation}answered_at__isnull": False,
        }
    ).exclude(left_out_answers())
    if comparison is not None:
        answers = answers.filter(**{f"{invitation}comparison": comparison})
    return answers


def _answers(indicator: Indicator) -> tuple[QuerySet[Any], str, str | None, dict[str, Any]]:
    invitation = "submission__round_invitation__"
    answers = answers_that_count(indicator.program_id).filter(question__key=indicator.question_key)
    if indicator.role:
        answers = answers.filter(**{f"{invitation}membership__role": indicator.role})
    people = Count(f"{invitation}user", distinct=True)
    aggregates: dict[str, Any] = {"people": people}
    if indicator.computation == C.ANSWER_SHARE_YES:
        answers = answers.filter(boolean__isnull=False)
        measure: Any = _percent(Count("pk", filter=Q(boolean=True)), Count("pk"))
        # A share: the people answering yes (numerator) out of those answering (the base).
        aggregates = {
            "people": Count(f"{invitation}user", filter=Q(boolean=True), distinct=True),
            "base": people,
        }
    elif indicator.computation == C.ANSWER_SUM:
        answers = answers.filter(number__isnull=False)
        measure = Sum("number")
    else:
        answers = answers.filter(number__isnull=False)
        measure = Avg("number")
    group = _group_field(indicator, f"{invitation}membership__", f"{invitation}round__wave")
    return answers, f"{invitation}round__kind", group, {**aggregates, "value": measure}


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
            # A share: the people who attended out of those invited (the base).
            "people": Count("user", filter=Q(attended=True), distinct=True),
            "base": Count("user", distinct=True),
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
    mentees = "relationship__mentees__user"
    # Hours come only from the meetings whose log says how long they lasted.
    counted = None if indicator.computation == C.MEETINGS_HELD else Q(log__duration_minutes__gt=0)
    aggregates = {"people": Count(mentees, filter=counted, distinct=True), "value": value}
    group = _group_field(indicator, "relationship__mentees__", "relationship__wave")
    if indicator.disaggregation == D.TRACK:
        group = "relationship__track"
    return rows, group, aggregates


def _label(indicator: Indicator, key: Any, labels: dict[str, dict[Any, str]]) -> str:
    if indicator.disaggregation in (D.WAVE, D.TRACK):
        return labels[indicator.disaggregation].get(key, _("Not set"))
    return group_label(indicator.disaggregation, key)


def group_label(disaggregation: str, key: Any) -> str:
    """A group's name for the disaggregations that need no program's labels."""
    if disaggregation in BUSINESS_YES_NO:
        if key is None:
            return _("Not known")
        return str(BUSINESS_YES_NO[disaggregation][bool(key)])
    if disaggregation == D.MSME_BAND:
        return str(MSMEBand(key).label) if key else _("Not known")
    return str(key) if key else _("Not given")


def _figure(row: dict[str, Any]) -> Figure:
    """A value from its aggregates; nobody behind it (nobody answering, invited or meeting)
    reads "no data", not 0."""
    base = row.get("base")
    behind = base if base is not None else row["people"]
    value = _quantize(row["value"]) if behind else None
    return Figure(value, row["people"] or 0, base=base)


def _with_changes(row: Row) -> None:
    start = row.at(RoundKind.BASELINE)
    for kind in CHANGES:
        end = row.at(kind)
        if start.value is None or end.value is None:
            row.changes[kind] = Figure()
            continue
        bases = [b for b in (start.base, end.base) if b is not None]
        # As few people as its smaller end (an end with nobody behind it, e.g. 0 % answering
        # yes, does not make the change anybody's; the relation below hides it with its ends).
        behind = [people for people in (start.people, end.people) if people] or [0]
        row.changes[kind] = Figure(
            end.value - start.value, min(behind), base=min(bases) if bases else None
        )


def protect(overall: Row, groups: list[Row]) -> None:
    """What may be shown of one indicator: each round's groups add up to its "All" row (and
    so do their changes), and a change goes with either of its ends."""
    rows = [overall, *groups]
    for row in rows:
        _with_changes(row)
    relations = [
        disclosure.sums(overall.at(kind), [group.at(kind) for group in groups]) for kind in KINDS
    ]
    relations += [
        disclosure.sums(overall.change(kind), [group.change(kind) for group in groups])
        for kind in CHANGES
    ]
    relations += [
        disclosure.derives(row.change(kind), row.at(RoundKind.BASELINE), row.at(kind))
        for row in rows
        for kind in CHANGES
    ]
    disclosure.protect([figure for row in rows for figure in row.cells], relations)


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
                overall.values[row[kind_field]] = _figure(row)
            if group:
                rows = answers.values(kind_field, group).annotate(**aggregates).order_by()
                for row in rows:
                    target = groups.setdefault(
                        row[group], Row(_label(indicator, row[group], labels))
                    )
                    target.values[row[kind_field]] = _figure(row)
        elif not indicator.is_on_answers:
            for kind in KINDS:
                if not dates[kind]:
                    continue
                rows_qs, group, aggregates = _activity(indicator, kind, dates[kind])
                total = rows_qs.aggregate(**aggregates)
                overall.values[kind] = _figure(total)
                if group:
                    for row in rows_qs.values(group).annotate(**aggregates).order_by():
                        target = groups.setdefault(
                            row[group], Row(_label(indicator, row[group], labels))
                        )
                        target.values[kind] = _figure(row)
        ordered = sorted(groups.values(), key=lambda r: r.label)
        protect(overall, ordered)
        results.append(Result(indicator=indicator, overall=overall, groups=ordered))
    return results


def chart(result: Result, *, groups: bool = True) -> str:
    """The indicator's line across the rounds, overall and (``groups``) per group; a hidden
    value draws nothing and its data table says why. Nothing at all ("") while no value can be
    shown (a pilot before its rounds): the table above says why."""
    rows = [result.overall, *result.groups] if groups else [result.overall]
    if all(cell.shown is None for row in rows for cell in row.cells):
        return ""
    return line_chart(
        title=_("%(name)s at baseline, midline and endline")
        % {"name": result.indicator.shown_name},
        description=_(
            "The value of the indicator at each round, overall and per group; values that "
            "fewer than 5 people contributed to (or that would give one away) and rounds "
            "without data are left out."
        ),
        categories=[str(label) for _value, label in RoundKind.choices],
        series=[Series(row.label, [disclosure.point(cell) for cell in row.cells]) for row in rows],
        unit=result.indicator.shown_unit,
    )


@dataclass
class Progress:
    """Where the rounds of one kind stand, for the people an indicator counts: how many rounds
    there are and how many are open, how many people were asked and how many answered, and the
    question keys their surveys ask."""

    rounds: int = 0
    open: int = 0
    invited: int = 0
    answered: int = 0
    keys: set[str] = field(default_factory=set)


def round_progress(program: Program) -> dict[tuple[str, str], Progress]:
    """For each round kind and role (and "" for every role), where the program's rounds stand;
    in three queries, whatever the number of rounds and people."""
    progress: dict[tuple[str, str], Progress] = {}
    rounds = list(Round.objects.filter(program=program).values_list("kind", "status", "version_id"))
    asked: dict[int, set[str]] = {}
    for version_id, key in Question.objects.filter(
        version_id__in={version for _kind, _status, version in rounds}
    ).values_list("version_id", "key"):
        asked.setdefault(version_id, set()).add(key)
    for kind, status, version_id in rounds:
        # A round kind exists for everyone and for each role, whoever its rounds ask.
        for role in ["", *SURVEYED_ROLES]:
            item = progress.setdefault((kind, role), Progress())
            item.rounds += 1
            item.open += status == Round.Status.OPEN
            item.keys |= asked.get(version_id, set())
    invitations = (
        RoundInvitation.objects.filter(round__program=program, comparison=False)
        .values("round__kind", "membership__role")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    )
    for row in invitations:
        for role in ("", row["membership__role"]):
            item = progress.setdefault((row["round__kind"], role), Progress())
            item.invited += row["invited"]
            item.answered += row["answered"]
    return progress


def waiting(indicator: Indicator, figure: Figure, progress: Progress | None) -> str:
    """What to say instead of a round's figure (of the "All" row) that is not there yet, and
    when it appears: no round of that kind yet; fewer than 5 people asked; "n of N answered so
    far" while its round is open; a round closed with fewer than 5 answers; a survey that does
    not ask the indicator's question. "" when the figure (or the usual reason it is hidden)
    says enough. The counts of people asked and answering are said only from 5 people asked,
    like any figure about a group."""
    if figure.value is not None and figure.hidden is None:
        return ""
    if figure.hidden is not None and figure.hidden != disclosure.Hidden.FEW:
        return ""
    least = disclosure.MIN_PEOPLE
    if progress is None or not progress.rounds:
        if indicator.is_on_answers:
            return _("No round yet: appears once %(n)s people have answered it.") % {"n": least}
        return _("No round yet: counted from the day the round opens.")
    if not indicator.is_on_answers:
        return ""
    if not progress.invited and indicator.role:
        return _("This round did not ask the people this indicator counts (%(role)s).") % {
            "role": indicator.get_role_display()
        }
    if progress.invited < least:
        return _("Fewer than %(n)s people were asked: this round's figure stays hidden.") % {
            "n": least
        }
    if progress.answered < least:
        if progress.open:
            return _(
                "%(answered)s of %(invited)s answered so far: appears when %(n)s have answered."
            ) % {"answered": progress.answered, "invited": progress.invited, "n": least}
        return _("The round closed with fewer than %(n)s answers: this figure stays hidden.") % {
            "n": least
        }
    if (
        figure.value is None
        and figure.hidden is None
        and indicator.question_key not in progress.keys
    ):
        return _("The survey of this round does not ask “%(key)s”.") % {
            "key": indicator.question_key
        }
    return ""


def explain_waiting(program: Program, results: list[Result]) -> None:
    """Say, in each indicator's "All" row, why a round's figure is not there yet (``waiting``),
    and beside the figures how many answers data-quality flags left out and why."""
    if not results:
        return
    from puente.monitoring.quality import annotate_left_out

    annotate_left_out(program, results)
    progress = round_progress(program)
    for result in results:
        indicator = result.indicator
        role = indicator.role if indicator.is_on_answers else ""
        result.overall.notes = {}
        for kind in KINDS:
            note = waiting(indicator, result.overall.at(kind), progress.get((kind, role)))
            if note:
                result.overall.notes[kind] = note


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
    shows up within that time, not at once; the page says when its figures were computed. The
    "All" row of each indicator says why a round's figure is not there yet (``explain_waiting``).
    """
    indicators = list(Indicator.objects.filter(program=program).order_by("position", "pk"))
    seconds = settings.INDICATORS_CACHE_SECONDS
    if not indicators or seconds <= 0:
        results = compute(indicators, today=today, labels=labels)
        explain_waiting(program, results)
        return results, timezone.now()
    version = cache.get(_version_key(program.pk)) or "0"
    signature = repr(
        (
            [(i.pk, i.updated_at.isoformat()) for i in indicators],
            today.isoformat(),
            CACHE_FORMAT,
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
    # Kept with the figures: the rounds, invitations and answers they read replace the version.
    explain_waiting(program, results)
    computed_at = timezone.now()
    cache.set(key, (results, computed_at), timeout=seconds)
    return results, computed_at
