"""The program's reports: the final report of a wave or of the whole program, the monthly
progress report, and the funder's dashboard (aggregates only, small groups suppressed).

Every figure is counted by the database in a fixed number of queries, whatever the number of
people, relationships or meetings: a query per figure and per way of grouping, never per row.
Indicators come from ``puente.monitoring.indicators.compute`` and the funder's groups go through
its suppression (``Value``, ``suppress_complements``), so both pages hide the same way.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from puente.community.models import Story
from puente.core.charts import Series, bar_chart, line_chart
from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.feedback import selectors as feedback_selectors
from puente.feedback.models import MeetingFeedback
from puente.mentoring.models import Meeting, Relationship, RiskFlag
from puente.monitoring import indicators as computing
from puente.monitoring.models import Indicator, RoundKind
from puente.programs.access import ProgramAccess
from puente.programs.models import Membership, Program, Wave
from puente.recruitment.models import Application
from puente.reports.models import MentorReport, ReportStory
from puente.reports.selectors import add_months, hours_from_minutes

MIN_GROUP = computing.MIN_GROUP
# Applications that reached the program (drafts and unconfirmed ones are not applicants).
APPLIED = (
    Application.Status.SUBMITTED,
    Application.Status.ACCEPTED,
    Application.Status.WAITLISTED,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
)


# --- Shared figures ------------------------------------------------------------------------------


@dataclass
class Meetings:
    planned: int = 0
    held: int = 0
    minutes: int = 0

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)

    @property
    def held_percent(self) -> int | None:
        return round(100 * self.held / self.planned) if self.planned else None


MEETING_FIGURES: dict[str, Any] = {
    "planned": Count("pk", distinct=True),
    "held": Count("pk", filter=Q(status=Meeting.Status.HELD), distinct=True),
    "minutes": Sum("log__duration_minutes", filter=Q(status=Meeting.Status.HELD)),
}


def _meetings(row: dict[str, Any]) -> Meetings:
    return Meetings(row["planned"] or 0, row["held"] or 0, row["minutes"] or 0)


def counted_meetings(relationships: QuerySet[Relationship], last_day: dt.date) -> QuerySet[Meeting]:
    """Meetings dated up to ``last_day`` of relationships that did not end early (those
    relationships' remaining meetings will not take place, as on the health page)."""
    counted = relationships.exclude(status=Relationship.Status.ENDED_EARLY)
    return Meeting.objects.filter(relationship__in=counted.values("pk"), planned_on__lte=last_day)


def by_status(relationships: QuerySet[Relationship]) -> list[tuple[str, str, int]]:
    counts = dict(
        relationships.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        (value, str(label), counts.get(value, 0)) for value, label in Relationship.Status.choices
    ]


@dataclass
class EventRow:
    event: Event
    invited: int
    attended: int

    @property
    def cancelled(self) -> bool:
        return self.event.cancelled_at is not None

    @property
    def percent(self) -> int | None:
        # A cancelled event was not held: it has no attendance, whatever was ticked before.
        if self.cancelled or self.event.attendance_taken_at is None or not self.invited:
            return None
        return round(100 * self.attended / self.invited)


def events_with_attendance(events: QuerySet[Event]) -> list[EventRow]:
    rows = events.select_related("wave").annotate(
        n_invited=Count("invitations", distinct=True),
        n_attended=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
    )
    return [EventRow(event, event.n_invited, event.n_attended) for event in rows]


def indicator_labels(program: Program) -> dict[str, dict[Any, str]]:
    return {
        Indicator.Disaggregation.WAVE: {w.pk: str(w) for w in program.waves.all()},
        Indicator.Disaggregation.TRACK: {t.pk: str(t) for t in program.tracks.all()},
    }


def indicator_chart(result: computing.Result, *, groups: bool = True) -> str:
    rows = [result.overall, *result.groups] if groups else [result.overall]
    return line_chart(
        title=_("%(name)s at baseline, midline and endline") % {"name": result.indicator.name},
        description=_(
            "The value of the indicator at each round, overall and per group; groups of fewer "
            "than 5 people and rounds without data are left out."
        ),
        categories=[str(label) for _value, label in RoundKind.choices],
        series=[Series(row.label, [cell.shown for cell in row.cells]) for row in rows],
        unit=result.indicator.unit,
    )


def indicator_results(program: Program, today: dt.date) -> list[computing.Result]:
    results, _computed_at = computing.program_results(
        program, today=today, labels=indicator_labels(program)
    )
    return results


def feedback_chart(weeks: list[feedback_selectors.Week]) -> str:
    return line_chart(
        title=_("Usefulness of meetings, week by week"),
        description=_(
            "The mean answer (1 to 5) to “How useful was this meeting?” for the meetings of each "
            "week; weeks without an answer are left out."
        ),
        categories=[week.starts_on.strftime("%d/%m") for week in weeks],
        series=[Series(_("Mean usefulness"), [week.mean for week in weeks])],
        max_value=5,
    )


# --- The final report ----------------------------------------------------------------------------


@dataclass
class FinalReport:
    program: Program
    wave: Wave | None
    today: dt.date
    applicants: int
    accepted: int
    mentees: int
    matched: int
    statuses: list[tuple[str, str, int]]
    meetings: Meetings
    events: list[EventRow]
    indicators: list[tuple[computing.Result, str]]
    weeks: list[feedback_selectors.Week]
    feedback_chart: str
    feedback_mean: Decimal | None
    feedback_count: int
    lessons: list[tuple[str, list[Any]]]
    event_lessons: list[Event]
    stories: list[Story]
    participation_chart: str = ""
    meetings_chart: str = ""

    @property
    def relationships(self) -> int:
        return sum(n for _value, _label, n in self.statuses)

    @property
    def completed(self) -> int:
        return dict((v, n) for v, _label, n in self.statuses).get(Relationship.Status.COMPLETED, 0)

    @property
    def ended_early(self) -> int:
        counts = dict((v, n) for v, _label, n in self.statuses)
        return counts.get(Relationship.Status.ENDED_EARLY, 0)

    @property
    def completion_percent(self) -> int | None:
        """Completed among the relationships that have finished one way or the other."""
        finished = self.completed + self.ended_early
        return round(100 * self.completed / finished) if finished else None


def _scoped(queryset: QuerySet[Any], wave: Wave | None, field_name: str = "wave") -> QuerySet[Any]:
    return queryset.filter(**{field_name: wave}) if wave is not None else queryset


def chosen_story_ids(program: Program) -> set[int]:
    return set(ReportStory.objects.filter(program=program).values_list("story_id", flat=True))


def reportable_stories(program: Program) -> QuerySet[Story]:
    """Stories that may go into a report: published, with consent on record and not withdrawn."""
    return Story.objects.filter(
        program=program,
        status=Story.Status.PUBLISHED,
        consent_given_at__isnull=False,
        consent_withdrawn_at__isnull=True,
    ).exclude(consent_text="")


def final_report(access: ProgramAccess, *, wave: Wave | None, today: dt.date) -> FinalReport:
    program = access.program
    applications = _scoped(
        Application.objects.filter(call__program=program), wave, "call__wave"
    ).filter(status__in=APPLIED)
    applied = applications.aggregate(
        applicants=Count("pk"), accepted=Count("pk", filter=Q(status=Application.Status.ACCEPTED))
    )
    relationships = _scoped(Relationship.objects.filter(program=program), wave)
    mentees = _scoped(Membership.objects.filter(program=program, role=Role.MENTEE), wave)
    matched = (
        Membership.objects.filter(relationships_as_mentee__in=relationships.values("pk"))
        .distinct()
        .count()
    )
    statuses = by_status(relationships)
    meetings = _meetings(counted_meetings(relationships, today).aggregate(**MEETING_FIGURES))
    events = events_with_attendance(
        _scoped(Event.objects.filter(program=program), wave).order_by("starts_at", "pk")
    )
    feedback = MeetingFeedback.objects.filter(meeting__relationship__in=relationships.values("pk"))
    summary = feedback.aggregate(mean=Avg("usefulness"), count=Count("pk"))
    weeks = feedback_selectors.weekly_trend(feedback)
    results = indicator_results(program, today)
    stories = list(
        reportable_stories(program)
        .filter(pk__in=ReportStory.objects.filter(program=program).values("story_id"))
        .select_related("author__business")
        .order_by("-published_at", "-pk")
    )
    report = FinalReport(
        program=program,
        wave=wave,
        today=today,
        applicants=applied["applicants"],
        accepted=applied["accepted"],
        mentees=mentees.count(),
        matched=matched,
        statuses=statuses,
        meetings=meetings,
        events=events,
        indicators=[(result, indicator_chart(result)) for result in results],
        weeks=weeks,
        feedback_chart=feedback_chart(weeks) if weeks else "",
        feedback_mean=_mean(summary["mean"]),
        feedback_count=summary["count"],
        lessons=feedback_selectors.lessons_by_theme(
            feedback_selectors.lessons_visible(access, wave_id=wave.pk if wave else None)
        ),
        event_lessons=list(
            feedback_selectors.event_lessons(access, wave_id=wave.pk if wave else None)
        ),
        stories=stories,
    )
    report.participation_chart = bar_chart(
        title=_("Participation"),
        description=_("From applicants to completed relationships."),
        categories=[
            _("Applicants"),
            _("Accepted applicants"),
            _("Matched mentees"),
            _("Completed"),
        ],
        series=[
            Series(
                _("People or relationships"),
                [report.applicants, report.accepted, report.matched, report.completed],
            )
        ],
    )
    report.meetings_chart = bar_chart(
        title=_("Meetings held against planned"),
        description=_("Meetings planned up to the report's date, and those held."),
        categories=[_("Planned"), _("Held")],
        series=[Series(_("Meetings"), [meetings.planned, meetings.held])],
    )
    return report


def _mean(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


# --- The monthly progress report ----------------------------------------------------------------


@dataclass
class MonthlyReport:
    program: Program
    month: dt.date
    last_day: dt.date
    meetings: Meetings
    events: list[EventRow]
    reports_expected: int
    reports_by_status: list[tuple[str, str, int]]
    at_risk: list[Relationship]
    feedback_mean: Decimal | None
    feedback_count: int
    weeks: list[feedback_selectors.Week]
    feedback_chart: str
    new_relationships: int
    statuses: list[tuple[str, str, int]]

    @property
    def reports_filed(self) -> int:
        filed = {MentorReport.Status.SUBMITTED, MentorReport.Status.ACCEPTED}
        return sum(n for value, _label, n in self.reports_by_status if value in filed)


def monthly_report(access: ProgramAccess, *, month: dt.date) -> MonthlyReport:
    program = access.program
    last_day = add_months(month, 1) - dt.timedelta(days=1)
    relationships = Relationship.objects.filter(program=program)
    meetings = _meetings(
        counted_meetings(relationships, last_day)
        .filter(planned_on__gte=month)
        .aggregate(**MEETING_FIGURES)
    )
    events = events_with_attendance(
        Event.objects.filter(
            program=program, starts_at__date__gte=month, starts_at__date__lte=last_day
        ).order_by("starts_at", "pk")
    )
    # A report is due for each relationship running during the month.
    running = relationships.filter(starts_on__lte=last_day, ends_on__gte=month).exclude(
        status=Relationship.Status.ENDED_EARLY
    )
    reports = dict(
        MentorReport.objects.filter(
            relationship__program=program, kind=MentorReport.Kind.MONTHLY, month=month
        )
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    flags = RiskFlag.objects.filter(raised_on__lte=last_day).filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gte=month)
    )
    at_risk = list(
        relationships.filter(pk__in=flags.values("relationship_id"))
        .select_related("mentor__user", "wave")
        .prefetch_related("mentees__user")
        .order_by("mentor__user__full_name", "pk")
    )
    feedback = MeetingFeedback.objects.filter(
        meeting__relationship__program=program,
        meeting__planned_on__gte=month,
        meeting__planned_on__lte=last_day,
    )
    summary = feedback.aggregate(mean=Avg("usefulness"), count=Count("pk"))
    weeks = feedback_selectors.weekly_trend(feedback)
    return MonthlyReport(
        program=program,
        month=month,
        last_day=last_day,
        meetings=meetings,
        events=events,
        reports_expected=running.count(),
        reports_by_status=[
            (value, str(label), reports.get(value, 0))
            for value, label in MentorReport.Status.choices
        ],
        at_risk=at_risk,
        feedback_mean=_mean(summary["mean"]),
        feedback_count=summary["count"],
        weeks=weeks,
        feedback_chart=feedback_chart(weeks) if weeks else "",
        new_relationships=relationships.filter(
            starts_on__gte=month, starts_on__lte=last_day
        ).count(),
        statuses=by_status(running),
    )


# --- The funder's dashboard -----------------------------------------------------------------------


DIMENSIONS: list[tuple[str, Any]] = [
    ("wave", gettext_lazy("By wave")),
    ("track", gettext_lazy("By track")),
    ("gender", gettext_lazy("By gender")),
    ("location", gettext_lazy("By location")),
]
# The field of a mentee's Membership each dimension groups on.
GROUP_FIELDS = {
    "wave": "wave",
    "track": "track",
    "gender": "user__gender",
    "location": "user__city",
}


@dataclass
class GroupFigures:
    """One group of mentees (or everyone) and what the funder may see of them."""

    label: str
    people: computing.Value
    active: int = 0
    completed: int = 0
    ended_early: int = 0
    meetings: Meetings = field(default_factory=Meetings)
    invited: int = 0
    attended: int = 0
    feedback_mean: Decimal | None = None

    @property
    def shown(self) -> bool:
        return self.people.people > 0 and not self.people.suppressed

    @property
    def attendance_percent(self) -> int | None:
        return round(100 * self.attended / self.invited) if self.invited else None


@dataclass
class Dashboard:
    program: Program
    today: dt.date
    total: GroupFigures
    mentors: int
    groups: list[tuple[str, str, list[GroupFigures]]]
    indicators: list[tuple[computing.Result, str]]
    min_group: int = MIN_GROUP


def _group_key(dimension: str, prefix: str) -> str:
    return prefix + GROUP_FIELDS[dimension]


def _labels(program: Program, dimension: str) -> dict[Any, str]:
    if dimension == "wave":
        return {w.pk: str(w) for w in program.waves.all()}
    if dimension == "track":
        return {t.pk: str(t) for t in program.tracks.all()}
    return {}


def _figures(program: Program, today: dt.date, dimension: str | None) -> dict[Any, GroupFigures]:
    """The figures of the program's mentees, grouped by ``dimension`` (None: all together)."""
    mentees = Membership.objects.filter(program=program, role=Role.MENTEE)
    relationships = Relationship.objects.filter(program=program)
    meetings = counted_meetings(relationships, today)
    invitations = EventInvitation.objects.filter(
        event__program=program,
        event__attendance_taken_at__isnull=False,
        event__cancelled_at__isnull=True,
        membership__role=Role.MENTEE,
    )
    feedback = MeetingFeedback.objects.filter(
        meeting__relationship__program=program, side=MeetingFeedback.Side.MENTEE
    )

    def grouped(
        queryset: QuerySet[Any], prefix: str, **aggregates: Any
    ) -> dict[Any, dict[str, Any]]:
        if dimension is None:
            return {None: queryset.aggregate(**aggregates)}
        key = _group_key(dimension, prefix)
        return {row[key]: row for row in queryset.values(key).annotate(**aggregates).order_by()}

    people = grouped(mentees, "", n=Count("pk", distinct=True))
    status = Q(relationships_as_mentee__program=program)
    statuses = grouped(
        mentees,
        "",
        active=Count(
            "pk",
            filter=status
            & Q(
                relationships_as_mentee__status__in=[
                    Relationship.Status.ACTIVE,
                    Relationship.Status.PAUSED,
                ]
            ),
            distinct=True,
        ),
        completed=Count(
            "pk",
            filter=status & Q(relationships_as_mentee__status=Relationship.Status.COMPLETED),
            distinct=True,
        ),
        ended_early=Count(
            "pk",
            filter=status & Q(relationships_as_mentee__status=Relationship.Status.ENDED_EARLY),
            distinct=True,
        ),
    )
    # A circle's meeting counts once for each of its mentees (hours of mentoring received).
    meeting_rows = grouped(
        meetings.filter(relationship__mentees__role=Role.MENTEE),
        "relationship__mentees__",
        planned=Count("relationship__mentees", distinct=False),
        held=Count("relationship__mentees", filter=Q(status=Meeting.Status.HELD)),
        minutes=Sum("log__duration_minutes", filter=Q(status=Meeting.Status.HELD)),
    )
    attendance = grouped(
        invitations,
        "membership__",
        invited=Count("pk"),
        attended=Count("pk", filter=Q(attended=True)),
    )
    means = grouped(feedback, "meeting__relationship__mentees__", mean=Avg("usefulness"))
    labels = _labels(program, dimension) if dimension else {}
    result: dict[Any, GroupFigures] = {}
    for key, row in people.items():
        if dimension == "location":
            label = key or _("Not given")
        elif dimension:
            label = labels.get(key) or (_("Not given") if not key else str(key))
        else:
            label = _("All")
        figures = GroupFigures(label=str(label), people=computing.Value(None, row["n"] or 0))
        counts = statuses.get(key, {})
        figures.active = counts.get("active") or 0
        figures.completed = counts.get("completed") or 0
        figures.ended_early = counts.get("ended_early") or 0
        met = meeting_rows.get(key)
        if met:
            figures.meetings = Meetings(met["planned"] or 0, met["held"] or 0, met["minutes"] or 0)
        came = attendance.get(key, {})
        figures.invited = came.get("invited") or 0
        figures.attended = came.get("attended") or 0
        figures.feedback_mean = _mean(means.get(key, {}).get("mean"))
        result[key] = figures
    return result


def dashboard(program: Program, *, today: dt.date) -> Dashboard:
    """The funder's view: aggregates of the program's mentees overall and per wave, track,
    gender and location. A group of fewer than ``MIN_GROUP`` mentees is suppressed, and so is
    the next smallest while the hidden groups add up to fewer than ``MIN_GROUP`` (otherwise the
    total minus the groups shown would give them away)."""
    total = _figures(program, today, None)[None]
    groups = []
    for dimension, title in DIMENSIONS:
        rows = sorted(_figures(program, today, dimension).values(), key=lambda g: g.label)
        computing.suppress_complements([row.people for row in rows])
        groups.append((dimension, str(title), rows))
    results = indicator_results(program, today)
    return Dashboard(
        program=program,
        today=today,
        total=total,
        mentors=Membership.objects.filter(program=program, role=Role.MENTOR).count(),
        groups=groups,
        indicators=[(result, indicator_chart(result)) for result in results],
    )


def dashboard_rows(board: Dashboard) -> tuple[list[str], list[list[Any]]]:
    """The dashboard as one table for the spreadsheet export: a suppressed group's figures
    read "fewer than 5" (or "withheld"), never a number."""
    headers = [
        _("Grouping"),
        _("Group"),
        _("Mentees"),
        _("In active relationships"),
        _("In completed relationships"),
        _("In relationships ended early"),
        _("Meetings planned"),
        _("Meetings held"),
        _("Hours"),
        _("Event attendance (%)"),
        _("Mean usefulness (1–5)"),
    ]
    rows: list[list[Any]] = []
    groupings = [("", _("All"), [board.total])] + [
        (dimension, title, figures) for dimension, title, figures in board.groups
    ]
    for _dimension, title, figures in groupings:
        for group in figures:
            if not group.shown:
                hidden = (
                    _("fewer than %(n)s") % {"n": MIN_GROUP}
                    if group.people.people < MIN_GROUP
                    else _("withheld")
                )
                rows.append([str(title), group.label, hidden] + [""] * (len(headers) - 3))
                continue
            rows.append(
                [
                    str(title),
                    group.label,
                    group.people.people,
                    group.active,
                    group.completed,
                    group.ended_early,
                    group.meetings.planned,
                    group.meetings.held,
                    group.meetings.hours,
                    group.attendance_percent,
                    group.feedback_mean,
                ]
            )
    for result, _chart in board.indicators:
        for row in [result.overall, *result.groups]:
            values = [cell.shown for cell in row.cells]
            rows.append(
                [_("Indicator"), f"{result.indicator.name} · {row.label}", ""]
                + [""] * 3
                + [
                    _("Baseline: %(v)s") % {"v": _cell(values[0])},
                    _("Midline: %(v)s") % {"v": _cell(values[1])},
                    _("Endline: %(v)s") % {"v": _cell(values[2])},
                    _("Change: %(v)s") % {"v": _cell(row.change_to_endline)},
                    "",
                ]
            )
    return headers, rows


def _cell(value: Decimal | None) -> str:
    return "—" if value is None else str(value)


def story_choices(program: Program) -> list[tuple[Story, bool]]:
    chosen = chosen_story_ids(program)
    return [
        (story, story.pk in chosen)
        for story in reportable_stories(program)
        .select_related("author")
        .order_by("-published_at", "-pk")
    ]
