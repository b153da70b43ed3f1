"""The program's reports: the final report of a wave or of the whole program, the monthly
progress report, and the funder's dashboard (aggregates only).

Every figure is counted by the database in a fixed number of queries, whatever the number of
people, relationships or meetings: a query per figure and per way of grouping, never per row.
Each figure is a ``disclosure.Figure`` carrying the people who contributed to it, and every
report goes through ``disclosure.protect`` with the relations between its figures, as the M&E
indicators (``puente.monitoring.indicators``) do: a figure from fewer than 5 people is hidden,
and so is any figure that would let a hidden one be worked out, on the pages, in the PDFs and in
the dashboard's files alike.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from puente.community.models import Story
from puente.core.charts import Series, bar_chart, day_label, line_chart
from puente.core.numbers import change_unit, format_change, format_number
from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.feedback import selectors as feedback_selectors
from puente.feedback.models import MeetingFeedback
from puente.mentoring.models import Meeting, Relationship, RiskFlag
from puente.monitoring import comparison, disclosure, quality
from puente.monitoring import indicators as computing
from puente.monitoring.disclosure import Figure, Relation
from puente.monitoring.models import Indicator, Round
from puente.programs.access import ProgramAccess
from puente.programs.models import Membership, Program, Wave
from puente.recruitment.models import Application
from puente.reports.models import MentorReport, ReportStory
from puente.reports.selectors import add_months, hours_from_minutes

MIN_PEOPLE = disclosure.MIN_PEOPLE
# Applications that reached the program (drafts and unconfirmed ones are not applicants).
APPLIED = (
    Application.Status.SUBMITTED,
    Application.Status.ACCEPTED,
    Application.Status.WAITLISTED,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
)
HELD = Q(status=Meeting.Status.HELD)


# --- Shared figures ------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Meetings:
    """Meetings planned to date, those held, their hours and the share held; each figure with
    the mentees whose relationships they are (a pair's meetings are one person's)."""

    planned: Figure
    held: Figure
    hours: Figure
    held_percent: Figure
    # The mentees with a meeting not held: never shown, so planned − held tells nothing alone.
    not_held: Figure

    @property
    def figures(self) -> list[Figure]:
        return [self.planned, self.held, self.hours, self.held_percent]

    @property
    def relations(self) -> list[Relation]:
        return [
            disclosure.derives(self.held_percent, self.held, self.planned),
            disclosure.sums(self.planned, [self.held, self.not_held]),
        ]


def meeting_figures(meetings: QuerySet[Meeting], *, group: int | None = None) -> Meetings:
    """The figures of ``meetings`` in two queries: the counts, then the mentees behind them (a
    separate query, since joining the mentees would count a circle's minutes once per mentee)."""
    counts = meetings.aggregate(
        planned=Count("pk", distinct=True),
        held=Count("pk", filter=HELD, distinct=True),
        minutes=Sum("log__duration_minutes", filter=HELD),
    )
    mentees = "relationship__mentees"
    people = meetings.aggregate(
        planned=Count(mentees, distinct=True),
        held=Count(mentees, filter=HELD, distinct=True),
        hours=Count(mentees, filter=HELD & Q(log__duration_minutes__gt=0), distinct=True),
        not_held=Count(mentees, filter=~HELD, distinct=True),
    )
    return _meetings(counts, people, group=group)


def _meetings(counts: dict[str, Any], people: dict[str, Any], *, group: int | None) -> Meetings:
    planned, held = counts["planned"] or 0, counts["held"] or 0
    return Meetings(
        planned=Figure(planned, people["planned"] or 0, group=group),
        held=Figure(held, people["held"] or 0, group=group),
        hours=Figure(hours_from_minutes(counts["minutes"] or 0), people["hours"] or 0, group=group),
        held_percent=Figure(
            _percent(held, planned), people["held"] or 0, base=people["planned"] or 0, group=group
        ),
        not_held=Figure(planned - held, people["not_held"] or 0, published=False),
    )


def counted_meetings(relationships: QuerySet[Relationship], last_day: dt.date) -> QuerySet[Meeting]:
    """Meetings dated up to ``last_day`` of relationships that did not end early (those
    relationships' remaining meetings will not take place, as on the health page)."""
    counted = relationships.exclude(status=Relationship.Status.ENDED_EARLY)
    return Meeting.objects.filter(relationship__in=counted.values("pk"), planned_on__lte=last_day)


@dataclass
class Statuses:
    """Relationships by status, and in all; each count with the mentees in them."""

    rows: list[tuple[str, str, Figure]]
    total: Figure

    def __iter__(self) -> Any:
        return iter(self.rows)

    def at(self, status: str) -> Figure:
        return next(figure for value, _label, figure in self.rows if value == status)

    @property
    def figures(self) -> list[Figure]:
        return [self.total, *(figure for _value, _label, figure in self.rows)]

    @property
    def relations(self) -> list[Relation]:
        return [disclosure.sums(self.total, [figure for _v, _l, figure in self.rows])]


def by_status(relationships: QuerySet[Relationship]) -> Statuses:
    rows = {
        row["status"]: row
        for row in relationships.order_by()
        .values("status")
        .annotate(n=Count("pk", distinct=True), people=Count("mentees", distinct=True))
    }
    total = relationships.aggregate(
        n=Count("pk", distinct=True), people=Count("mentees", distinct=True)
    )
    return Statuses(
        rows=[
            (
                value,
                str(label),
                Figure(rows.get(value, {}).get("n", 0), rows.get(value, {}).get("people", 0)),
            )
            for value, label in Relationship.Status.choices
        ],
        total=Figure(total["n"] or 0, total["people"] or 0),
    )


@dataclass
class EventRow:
    """An event and its attendance: each count with the people behind it."""

    event: Event
    invited: Figure
    attended: Figure
    percent: Figure

    @property
    def cancelled(self) -> bool:
        return self.event.cancelled_at is not None

    @property
    def taken(self) -> bool:
        # A cancelled event was not held: it has no attendance, whatever was ticked before.
        return not self.cancelled and self.event.attendance_taken_at is not None

    @property
    def figures(self) -> list[Figure]:
        return [self.invited, self.attended, self.percent]

    @property
    def relations(self) -> list[Relation]:
        return [disclosure.derives(self.percent, self.attended, self.invited)]


def events_with_attendance(events: QuerySet[Event]) -> list[EventRow]:
    rows = events.select_related("wave").annotate(
        n_invited=Count("invitations", distinct=True),
        n_attended=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
        people_invited=Count("invitations__user", distinct=True),
        people_attended=Count(
            "invitations__user", filter=Q(invitations__attended=True), distinct=True
        ),
    )
    result = []
    for event in rows:
        taken = event.cancelled_at is None and event.attendance_taken_at is not None
        invited = Figure(event.n_invited, event.people_invited)
        attended = Figure(
            event.n_attended if taken else None, event.people_attended if taken else 0
        )
        percent = Figure(
            _percent(event.n_attended, event.n_invited) if taken else None,
            event.people_attended if taken else 0,
            base=event.people_invited if taken else None,
        )
        result.append(EventRow(event, invited, attended, percent))
    return result


@dataclass
class Feedback:
    """The mean usefulness of meetings and its number of answers, overall and week by week,
    each with the people who answered."""

    mean: Figure
    count: Figure
    weeks: list[tuple[feedback_selectors.Week, Figure]]

    @property
    def figures(self) -> list[Figure]:
        return [self.mean, self.count, *(figure for _week, figure in self.weeks)]

    @property
    def relations(self) -> list[Relation]:
        # The weeks' means make up the overall mean: a hidden week takes another with it.
        return [disclosure.sums(self.mean, [figure for _week, figure in self.weeks])]

    def chart(self) -> str:
        if not self.weeks:
            return ""
        return line_chart(
            title=_("Usefulness of meetings, week by week"),
            description=_(
                "The mean answer (1 to 5) to “How useful was this meeting?” for the meetings of "
                "each week; weeks without an answer, or with answers from fewer than 5 people, "
                "are left out."
            ),
            categories=[day_label(week.starts_on) for week, _figure in self.weeks],
            series=[
                Series(
                    _("Mean usefulness"),
                    [disclosure.point(figure) for _week, figure in self.weeks],
                )
            ],
            max_value=5,
        )


def feedback_figures(feedback: QuerySet[MeetingFeedback]) -> Feedback:
    summary = feedback.aggregate(
        mean=Avg("usefulness"), count=Count("pk"), authors=Count("author", distinct=True)
    )
    authors = summary["authors"] or 0
    return Feedback(
        mean=Figure(_mean(summary["mean"]), authors),
        count=Figure(summary["count"] or 0, authors),
        weeks=[
            (week, Figure(week.mean, week.authors))
            for week in feedback_selectors.weekly_trend(feedback)
        ],
    )


def indicator_labels(program: Program) -> dict[str, dict[Any, str]]:
    return {
        Indicator.Disaggregation.WAVE: {w.pk: str(w) for w in program.waves.all()},
        Indicator.Disaggregation.TRACK: {t.pk: str(t) for t in program.tracks.all()},
    }


def indicator_results(program: Program, today: dt.date) -> list[computing.Result]:
    results, _computed_at = computing.program_results(
        program, today=today, labels=indicator_labels(program)
    )
    # The paired change per participant and the comparison, beside the unpaired means.
    comparison.attach(program, results)
    return results


def _mean(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _applications(applications: QuerySet[Application]) -> tuple[Figure, Figure]:
    """Applicants and accepted ones, each counted as people (their distinct emails)."""
    accepted = Q(status=Application.Status.ACCEPTED)
    row = applications.aggregate(
        applicants=Count("pk"),
        accepted=Count("pk", filter=accepted),
        applicant_people=Count("email", distinct=True),
        accepted_people=Count("email", filter=accepted, distinct=True),
    )
    return (
        Figure(row["applicants"], row["applicant_people"]),
        Figure(row["accepted"], row["accepted_people"]),
    )


# --- The final report ----------------------------------------------------------------------------


@dataclass
class FinalReport:
    program: Program
    wave: Wave | None
    today: dt.date
    applicants: Figure
    accepted: Figure
    mentees: Figure
    matched: Figure
    # The mentees in no relationship: never shown, so mentees − matched tells nothing alone.
    unmatched: Figure
    statuses: Statuses
    completion_percent: Figure
    meetings: Meetings
    events: list[EventRow]
    indicators: list[tuple[computing.Result, str]]
    feedback: Feedback
    lessons: list[tuple[str, list[Any]]]
    event_lessons: list[Event]
    stories: list[Story]
    participation_chart: str = ""
    meetings_chart: str = ""
    feedback_chart: str = ""
    # Data quality per round: flags open, resolved, accepted; answers left out (no names).
    quality: list[Any] = field(default_factory=list)

    @property
    def relationships(self) -> Figure:
        return self.statuses.total

    @property
    def completed(self) -> Figure:
        return self.statuses.at(Relationship.Status.COMPLETED)

    @property
    def ended_early(self) -> Figure:
        return self.statuses.at(Relationship.Status.ENDED_EARLY)

    def protect(self) -> None:
        figures = [
            self.applicants,
            self.accepted,
            self.mentees,
            self.matched,
            self.completion_percent,
            *self.statuses.figures,
            *self.meetings.figures,
            *(figure for row in self.events for figure in row.figures),
            *self.feedback.figures,
        ]
        relations = [
            disclosure.sums(self.mentees, [self.matched, self.unmatched]),
            disclosure.derives(self.completion_percent, self.completed, self.ended_early),
            *self.statuses.relations,
            *self.meetings.relations,
            *(relation for row in self.events for relation in row.relations),
            *self.feedback.relations,
        ]
        disclosure.protect(figures, relations)


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
    applicants, accepted = _applications(
        _scoped(Application.objects.filter(call__program=program), wave, "call__wave").filter(
            status__in=APPLIED
        )
    )
    relationships = _scoped(Relationship.objects.filter(program=program), wave)
    mentees = _scoped(Membership.objects.filter(program=program, role=Role.MENTEE), wave).count()
    matched = (
        Membership.objects.filter(relationships_as_mentee__in=relationships.values("pk"))
        .distinct()
        .count()
    )
    statuses = by_status(relationships)
    completed = statuses.at(Relationship.Status.COMPLETED)
    ended_early = statuses.at(Relationship.Status.ENDED_EARLY)
    finished = completed.value + ended_early.value
    feedback = MeetingFeedback.objects.filter(meeting__relationship__in=relationships.values("pk"))
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
        applicants=applicants,
        accepted=accepted,
        mentees=Figure(mentees, mentees),
        matched=Figure(matched, matched),
        unmatched=Figure(mentees - matched, max(mentees - matched, 0), published=False),
        statuses=statuses,
        completion_percent=Figure(
            _percent(completed.value, finished),
            completed.people,
            base=completed.people + ended_early.people,
        ),
        meetings=meeting_figures(counted_meetings(relationships, today)),
        events=events_with_attendance(
            _scoped(Event.objects.filter(program=program), wave).order_by("starts_at", "pk")
        ),
        indicators=[(result, computing.chart(result)) for result in results],
        feedback=feedback_figures(feedback),
        lessons=feedback_selectors.lessons_by_theme(
            feedback_selectors.lessons_visible(access, wave_id=wave.pk if wave else None)
        ),
        event_lessons=list(
            feedback_selectors.event_lessons(access, wave_id=wave.pk if wave else None)
        ),
        stories=stories,
        quality=quality.summaries(
            program,
            rounds=_scoped(Round.objects.filter(program=program), wave).select_related("wave"),
        ),
    )
    report.protect()
    point = disclosure.point
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
                [
                    point(report.applicants),
                    point(report.accepted),
                    point(report.matched),
                    point(report.completed),
                ],
            )
        ],
    )
    report.meetings_chart = bar_chart(
        title=_("Meetings held against planned"),
        description=_("Meetings planned up to the report's date, and those held."),
        categories=[_("Planned"), _("Held")],
        series=[
            Series(_("Meetings"), [point(report.meetings.planned), point(report.meetings.held)])
        ],
    )
    report.feedback_chart = report.feedback.chart()
    return report


# --- The monthly progress report ----------------------------------------------------------------


@dataclass
class MonthlyReport:
    program: Program
    month: dt.date
    last_day: dt.date
    meetings: Meetings
    events: list[EventRow]
    reports_expected: Figure
    reports_by_status: list[tuple[str, str, Figure]]
    reports_filed: Figure
    at_risk: list[Relationship]
    feedback: Feedback
    new_relationships: Figure
    statuses: Statuses
    feedback_chart: str = ""

    def protect(self) -> None:
        filed = {MentorReport.Status.SUBMITTED, MentorReport.Status.ACCEPTED}
        figures = [
            self.reports_filed,
            self.new_relationships,
            *(figure for _value, _label, figure in self.reports_by_status),
            *self.statuses.figures,
            *self.meetings.figures,
            *(figure for row in self.events for figure in row.figures),
            *self.feedback.figures,
        ]
        relations = [
            disclosure.sums(
                self.reports_filed,
                [figure for value, _label, figure in self.reports_by_status if value in filed],
            ),
            *self.statuses.relations,
            *self.meetings.relations,
            *(relation for row in self.events for relation in row.relations),
            *self.feedback.relations,
        ]
        disclosure.protect(figures, relations)


def monthly_report(access: ProgramAccess, *, month: dt.date) -> MonthlyReport:
    program = access.program
    last_day = add_months(month, 1) - dt.timedelta(days=1)
    relationships = Relationship.objects.filter(program=program)
    events = events_with_attendance(
        Event.objects.filter(
            program=program, starts_at__date__gte=month, starts_at__date__lte=last_day
        ).order_by("starts_at", "pk")
    )
    # A report is due for each relationship running during the month.
    running = relationships.filter(starts_on__lte=last_day, ends_on__gte=month).exclude(
        status=Relationship.Status.ENDED_EARLY
    )
    statuses = by_status(running)
    # Each count of reports with the mentors who wrote them.
    reports = {
        row["status"]: row
        for row in MentorReport.objects.filter(
            relationship__program=program, kind=MentorReport.Kind.MONTHLY, month=month
        )
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), people=Count("relationship__mentor", distinct=True))
    }
    filed_statuses = [MentorReport.Status.SUBMITTED, MentorReport.Status.ACCEPTED]
    filed = MentorReport.objects.filter(
        relationship__program=program,
        kind=MentorReport.Kind.MONTHLY,
        month=month,
        status__in=filed_statuses,
    ).aggregate(n=Count("pk"), people=Count("relationship__mentor", distinct=True))
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
    new = relationships.filter(starts_on__gte=month, starts_on__lte=last_day).aggregate(
        n=Count("pk", distinct=True), people=Count("mentees", distinct=True)
    )
    report = MonthlyReport(
        program=program,
        month=month,
        last_day=last_day,
        meetings=meeting_figures(
            counted_meetings(relationships, last_day).filter(planned_on__gte=month)
        ),
        events=events,
        # A report is due for each relationship running in the month.
        reports_expected=statuses.total,
        reports_by_status=[
            (
                value,
                str(label),
                Figure(reports.get(value, {}).get("n", 0), reports.get(value, {}).get("people", 0)),
            )
            for value, label in MentorReport.Status.choices
        ],
        reports_filed=Figure(filed["n"] or 0, filed["people"] or 0),
        at_risk=at_risk,
        feedback=feedback_figures(feedback),
        new_relationships=Figure(new["n"] or 0, new["people"] or 0),
        statuses=statuses,
    )
    report.protect()
    report.feedback_chart = report.feedback.chart()
    return report


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
    """One group of mentees (or everyone) and its figures, each with the mentees behind it and
    the size of the group (anything said of a group of fewer than 5 is hidden)."""

    label: str
    mentees: Figure
    active: Figure
    completed: Figure
    ended_early: Figure
    # Mentees in no relationship: never shown, so the statuses do not add up to the group.
    unmatched: Figure
    meetings: Meetings
    attendance: Figure
    feedback_mean: Figure

    @property
    def figures(self) -> list[Figure]:
        """The figures shown, in the order of the table's columns."""
        return [
            self.mentees,
            self.active,
            self.completed,
            self.ended_early,
            self.meetings.held,
            self.meetings.planned,
            self.meetings.hours,
            self.attendance,
            self.feedback_mean,
        ]

    @property
    def shown(self) -> bool:
        """Whether the group's size may be shown."""
        return bool(self.mentees.value) and self.mentees.hidden is None

    @property
    def hidden_whole(self) -> str | None:
        """The reason, when every figure of the group is hidden for the same one (one cell says
        it for the whole row)."""
        reasons = {figure.hidden for figure in self.figures}
        return next(iter(reasons)) if len(reasons) == 1 and None not in reasons else None

    @property
    def relations(self) -> list[Relation]:
        return [
            disclosure.sums(
                self.mentees, [self.active, self.completed, self.ended_early, self.unmatched]
            ),
            disclosure.sums(self.meetings.planned, [self.meetings.held, self.meetings.not_held]),
        ]


@dataclass
class Dashboard:
    program: Program
    today: dt.date
    total: GroupFigures
    mentors: Figure
    groups: list[tuple[str, str, list[GroupFigures]]]
    indicators: list[tuple[computing.Result, str]]
    min_people: int = MIN_PEOPLE
    # Data quality per round: flags open, resolved, accepted; answers left out (no names).
    quality: list[Any] = field(default_factory=list)


def _group_key(dimension: str, prefix: str) -> str:
    return prefix + GROUP_FIELDS[dimension]


def _labels(program: Program, dimension: str) -> dict[Any, str]:
    if dimension == "wave":
        return {w.pk: str(w) for w in program.waves.all()}
    if dimension == "track":
        return {t.pk: str(t) for t in program.tracks.all()}
    return {}


def _figures(program: Program, today: dt.date, dimension: str | None) -> dict[Any, GroupFigures]:
    """The figures of the program's mentees, grouped by ``dimension`` (None: all together),
    each with the mentees who contributed to it."""
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

    def in_status(*values: str) -> Count:
        return Count(
            "pk", filter=status & Q(relationships_as_mentee__status__in=values), distinct=True
        )

    statuses = grouped(
        mentees,
        "",
        active=in_status(Relationship.Status.ACTIVE, Relationship.Status.PAUSED),
        completed=in_status(Relationship.Status.COMPLETED),
        ended_early=in_status(Relationship.Status.ENDED_EARLY),
        matched=Count("pk", filter=status, distinct=True),
    )
    # A circle's meeting counts once for each of its mentees (hours of mentoring received).
    mentee_meetings = meetings.filter(relationship__mentees__role=Role.MENTEE)
    meeting_rows = grouped(
        mentee_meetings,
        "relationship__mentees__",
        planned=Count("relationship__mentees", distinct=False),
        held=Count("relationship__mentees", filter=HELD),
        minutes=Sum("log__duration_minutes", filter=HELD),
    )
    # The mentees behind them, in a query of their own (see ``meeting_figures``).
    meeting_people = grouped(
        mentee_meetings,
        "relationship__mentees__",
        planned=Count("relationship__mentees", distinct=True),
        held=Count("relationship__mentees", filter=HELD, distinct=True),
        hours=Count(
            "relationship__mentees",
            filter=HELD & Q(log__duration_minutes__gt=0),
            distinct=True,
        ),
        not_held=Count("relationship__mentees", filter=~HELD, distinct=True),
    )
    attendance = grouped(
        invitations,
        "membership__",
        n_invited=Count("pk"),
        n_attended=Count("pk", filter=Q(attended=True)),
        invited_people=Count("membership", distinct=True),
        attended_people=Count("membership", filter=Q(attended=True), distinct=True),
    )
    means = grouped(
        feedback,
        "meeting__relationship__mentees__",
        mean=Avg("usefulness"),
        authors=Count("author", distinct=True),
    )
    labels = _labels(program, dimension) if dimension else {}
    no_meetings = {"planned": 0, "held": 0, "minutes": 0, "hours": 0, "not_held": 0}
    result: dict[Any, GroupFigures] = {}
    for key, row in people.items():
        if dimension == "location":
            label = key or _("Not given")
        elif dimension:
            label = labels.get(key) or (_("Not given") if not key else str(key))
        else:
            label = _("All")
        size = row["n"] or 0
        counts = statuses.get(key, {})

        def count(name: str, size: int = size, counts: dict[str, Any] = counts) -> Figure:
            n = counts.get(name) or 0
            return Figure(n, n, group=size)

        matched = counts.get("matched") or 0
        came = attendance.get(key, {})
        invited, attended = came.get("n_invited") or 0, came.get("n_attended") or 0
        answered = means.get(key, {})
        result[key] = GroupFigures(
            label=str(label),
            mentees=Figure(size, size),
            active=count("active"),
            completed=count("completed"),
            ended_early=count("ended_early"),
            unmatched=Figure(size - matched, max(size - matched, 0), published=False),
            meetings=_meetings(
                meeting_rows.get(key) or no_meetings,
                meeting_people.get(key) or no_meetings,
                group=size,
            ),
            attendance=Figure(
                _percent(attended, invited),
                came.get("attended_people") or 0,
                base=came.get("invited_people") or 0,
                group=size,
            ),
            feedback_mean=Figure(
                _mean(answered.get("mean")), answered.get("authors") or 0, group=size
            ),
        )
    return result


def dashboard(program: Program, *, today: dt.date) -> Dashboard:
    """The funder's view: aggregates of the program's mentees overall and per wave, track,
    gender and location, through ``disclosure.protect``: a figure from fewer than 5 mentees (or
    of a group of fewer than 5) is hidden, and so is any figure that would let one be worked
    out — from the "All" row (each column of each table adds up to it), from the group's
    mentees (its statuses add up to them) or from the meetings planned."""
    total = _figures(program, today, None)[None]
    groups = []
    relations: list[Relation] = list(total.relations)
    for dimension, title in DIMENSIONS:
        rows = sorted(_figures(program, today, dimension).values(), key=lambda g: g.label)
        relations += disclosure.columns(total.figures, [row.figures for row in rows])
        relations += [relation for row in rows for relation in row.relations]
        groups.append((dimension, str(title), rows))
    mentors = Membership.objects.filter(program=program, role=Role.MENTOR).count()
    board = Dashboard(
        program=program,
        today=today,
        total=total,
        mentors=Figure(mentors, mentors),
        groups=groups,
        indicators=[
            (result, computing.chart(result)) for result in indicator_results(program, today)
        ],
        quality=quality.summaries(program),
    )
    figures = [board.mentors, *total.figures]
    figures += [figure for _d, _t, rows in groups for row in rows for figure in row.figures]
    disclosure.protect(figures, relations)
    return board


def dashboard_headers() -> list[str]:
    return [
        _("Grouping"),
        _("Group"),
        _("Mentees"),
        _("In active relationships"),
        _("In completed relationships"),
        _("In relationships ended early"),
        _("Meetings held"),
        _("Meetings planned"),
        _("Hours"),
        _("Event attendance (%)"),
        _("Mean usefulness (1–5)"),
    ]


def dashboard_rows(board: Dashboard) -> tuple[list[str], list[list[Any]]]:
    """The dashboard as one table for the spreadsheet export: a hidden figure reads its mark
    ("fewer than 5" or "withheld", explained by ``dashboard_readme``), never a number."""
    headers = dashboard_headers()
    rows: list[list[Any]] = []
    groupings = [("", _("All"), [board.total])] + [
        (dimension, title, figures) for dimension, title, figures in board.groups
    ]
    for _dimension, title, figures in groupings:
        for group in figures:
            rows.append([str(title), group.label, *(disclosure.cell(f) for f in group.figures)])
    rows.append([_("Mentors"), _("All"), disclosure.cell(board.mentors)] + [""] * 8)
    for result, _chart in board.indicators:
        for row in [result.overall, *result.groups]:
            rows.append(
                [_("Indicator"), f"{result.indicator.shown_name} · {row.label}", ""]
                + [""] * 3
                + [
                    _("Baseline: %(v)s") % {"v": _text(row.cells[0])},
                    _("Midline: %(v)s") % {"v": _text(row.cells[1])},
                    _("Endline: %(v)s") % {"v": _text(row.cells[2])},
                    _("Change: %(v)s")
                    % {"v": _text(row.change_to_endline, change=result.indicator.shown_unit)},
                    "",
                ]
            )
    return headers, rows


def dashboard_readme() -> list[tuple[str, str]]:
    """What the export's marks mean (the README sheet of the XLSX, the last lines of the CSV)."""
    return disclosure.legend()


def _text(figure: Figure, *, change: str | None = None) -> str:
    """A figure inside a sentence of the export: its mark when hidden, else through the one
    number formatter (``change``: the unit of the figure whose change this is)."""
    if figure.hidden is not None:
        return disclosure.mark(figure)
    if change is not None:
        return format_change(figure.value, change_unit(change))
    return format_number(figure.value)


def story_choices(program: Program) -> list[tuple[Story, bool]]:
    chosen = chosen_story_ids(program)
    return [
        (story, story.pk in chosen)
        for story in reportable_stories(program)
        .select_related("author")
        .order_by("-published_at", "-pk")
    ]
