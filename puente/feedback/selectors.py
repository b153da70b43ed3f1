"""Reads of the feedback app, each scoped to what the person asking may see.

Post-meeting feedback is for the coordinator (all of the program) and for the tutor who follows the
pair; the other side of the pair never sees it, and observers see none of it."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Prefetch, QuerySet
from django.db.models.functions import TruncWeek

from puente.events.models import Event
from puente.feedback.models import Lesson, MeetingFeedback, Pulse, PulseAnswer
from puente.feedback.scopes import LESSONS, MEETING_FEEDBACK
from puente.mentoring.models import Meeting, Relationship
from puente.mentoring.scopes import MEETINGS
from puente.programs.access import ProgramAccess
from puente.programs.models import FocusArea, Membership


def feedback_visible(
    access: ProgramAccess, *, wave_id: int | None = None, track_id: int | None = None
) -> QuerySet[MeetingFeedback]:
    feedback = MEETING_FEEDBACK.visible(access)
    if wave_id:
        feedback = feedback.filter(meeting__relationship__wave_id=wave_id)
    if track_id:
        feedback = feedback.filter(meeting__relationship__track_id=track_id)
    return feedback


def feedback_to_give(access: ProgramAccess) -> list[Meeting]:
    """The held meetings of this person's own relationships (as mentor or mentee), newest first,
    each with ``my_feedback`` (their own answer, or None)."""
    # The meetings one is a side of (only sides give feedback on them).
    ids = MEETINGS.changeable(access).filter(status=Meeting.Status.HELD).values("pk")
    meetings: list[Meeting] = list(
        Meeting.objects.filter(pk__in=ids)
        .select_related("relationship__mentor__user")
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=MeetingFeedback.objects.filter(author=access.user),
                to_attr="own_feedback",
            )
        )
        .order_by("-planned_on", "-pk")
    )
    for meeting in meetings:
        own = getattr(meeting, "own_feedback", [])
        meeting.my_feedback = own[0] if own else None  # type: ignore[attr-defined]
    return meetings


@dataclass(frozen=True)
class Week:
    starts_on: dt.date
    mean: Decimal
    count: int
    # How many people answered (a week's mean from fewer than 5 is hidden where it leaves Puente).
    authors: int = 0


def _mean(value: float | Decimal | None) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weekly_trend(feedback: QuerySet[MeetingFeedback]) -> list[Week]:
    """Mean usefulness and number of answers per week of the meeting (weeks start on Monday),
    oldest first; weeks without an answer are left out."""
    rows = (
        feedback.annotate(week=TruncWeek("meeting__planned_on"))
        .values("week")
        .annotate(mean=Avg("usefulness"), count=Count("pk"), authors=Count("author", distinct=True))
        .order_by("week")
    )
    weeks = []
    for row in rows:
        week = row["week"]
        if isinstance(week, dt.datetime):
            week = week.date()
        weeks.append(
            Week(
                starts_on=week,
                mean=_mean(row["mean"]),
                count=row["count"],
                authors=row["authors"],
            )
        )
    return weeks


def lowest_rated(feedback: QuerySet[MeetingFeedback], *, limit: int = 5) -> list[Relationship]:
    """The relationships with the lowest mean usefulness (ties: fewer answers first, then the
    oldest), each with ``feedback_mean`` and ``feedback_count``."""
    rows = list(
        feedback.values("meeting__relationship")
        .annotate(mean=Avg("usefulness"), count=Count("pk"))
        .order_by("mean", "count", "meeting__relationship")[:limit]
    )
    by_pk = {
        r.pk: r
        for r in Relationship.objects.filter(pk__in=[row["meeting__relationship"] for row in rows])
        .select_related("mentor__user", "wave", "track")
        .prefetch_related(Prefetch("mentees", queryset=Membership.objects.select_related("user")))
    }
    ranked = []
    for row in rows:
        relationship = by_pk[row["meeting__relationship"]]
        relationship.feedback_mean = _mean(row["mean"])  # type: ignore[attr-defined]
        relationship.feedback_count = row["count"]  # type: ignore[attr-defined]
        ranked.append(relationship)
    return ranked


@dataclass
class CommentGroup:
    focus_area: FocusArea | None
    comments: list[MeetingFeedback] = field(default_factory=list)


def comments_by_focus_area(
    feedback: QuerySet[MeetingFeedback], *, limit: int = 200
) -> list[CommentGroup]:
    """The newest free-text answers, grouped by the focus areas of their meeting's log (an answer
    appears under each area its meeting covered; meetings with none go last)."""
    answers = (
        feedback.exclude(helped="", change="")
        .select_related("meeting__relationship__mentor__user", "meeting__log", "author")
        .prefetch_related("meeting__log__focus_areas")
        .order_by("-meeting__planned_on", "-pk")[:limit]
    )
    groups: dict[int | None, CommentGroup] = {}
    for answer in answers:
        log = getattr(answer.meeting, "log", None)
        areas = list(log.focus_areas.all()) if log is not None else []
        for area in areas or [None]:
            key = area.pk if area else None
            groups.setdefault(key, CommentGroup(area)).comments.append(answer)
    return sorted(
        groups.values(),
        key=lambda g: (g.focus_area is None, g.focus_area.name if g.focus_area else ""),
    )


def pulses_for_member(access: ProgramAccess) -> list[Pulse]:
    """The pulses and retros of this person's waves that ask one of their roles, open first,
    each with ``my_answer``."""
    memberships = list(
        access.program.memberships.filter(user=access.user, wave__isnull=False).values_list(
            "wave_id", "role"
        )
    )
    waves = {wave for wave, _ in memberships}
    pulses = list(
        Pulse.objects.filter(program=access.program, wave_id__in=waves)
        .select_related("wave")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=PulseAnswer.objects.filter(author=access.user),
                to_attr="own_answer",
            )
        )
        .order_by("closed_at", "-created_at", "-pk")
    )
    mine: list[Pulse] = []
    for pulse in pulses:
        roles = {role for wave, role in memberships if wave == pulse.wave_id}
        if roles & set(pulse.audience):
            own = getattr(pulse, "own_answer", [])
            pulse.my_answer = own[0] if own else None  # type: ignore[attr-defined]
            mine.append(pulse)
    return mine


def pulses_of_program(access: ProgramAccess) -> QuerySet[Pulse]:
    return (
        Pulse.objects.filter(program=access.program)
        .select_related("wave")
        .annotate(answer_count=Count("answers"))
        .order_by("closed_at", "-created_at", "-pk")
    )


@dataclass(frozen=True)
class PulseResults:
    count: int
    audience: int
    mean: Decimal | None
    distribution: list[tuple[int, int]]
    answers: list[PulseAnswer]


def pulse_results(pulse: Pulse) -> PulseResults:
    """The answers of a pulse or retro, without names: counts, the mean rating and its spread,
    and the free texts."""
    answers = list(pulse.answers.order_by("created_at", "pk"))
    ratings = [a.rating for a in answers if a.rating is not None]
    audience = (
        Membership.objects.filter(
            program_id=pulse.program_id, wave_id=pulse.wave_id, role__in=pulse.audience
        )
        .values("user")
        .distinct()
        .count()
    )
    return PulseResults(
        count=len(answers),
        audience=audience,
        mean=_mean(sum(ratings) / len(ratings)) if ratings else None,
        distribution=[(value, ratings.count(value)) for value in range(1, 6)],
        answers=answers,
    )


def lessons_visible(access: ProgramAccess, *, wave_id: int | None = None) -> QuerySet[Lesson]:
    """Every lesson of the program for coordinators; one's own for the others who write them."""
    lessons = LESSONS.visible(access)
    if wave_id:
        lessons = lessons.filter(wave_id=wave_id)
    return lessons.select_related("wave", "event", "author").order_by("theme", "-created_at", "pk")


def lessons_by_theme(lessons: QuerySet[Lesson]) -> list[tuple[str, list[Lesson]]]:
    """Lessons grouped under their theme's label, in the themes' order."""
    grouped: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        grouped[lesson.theme].append(lesson)
    return [(str(label), grouped[value]) for value, label in Lesson.Theme.choices if grouped[value]]


def event_lessons(access: ProgramAccess, *, wave_id: int | None = None) -> QuerySet[Event]:
    """The events of the program with the coordinator's lessons-learned note written."""
    events = Event.objects.filter(program=access.program, lessons_written_at__isnull=False)
    if wave_id:
        events = events.filter(wave_id=wave_id)
    return events.select_related("wave").order_by("-starts_at", "pk")


def events_for_lessons(access: ProgramAccess) -> QuerySet[Event]:
    """The events a lesson may be linked to: those that have started."""
    return Event.objects.filter(program=access.program).order_by("-starts_at", "pk")
