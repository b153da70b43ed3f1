"""Reads of the mentoring app. Which relationships a person may see is
``mentoring.scopes.RELATIONSHIPS``; these take a queryset already scoped by it."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core import hooks
from puente.core.tokens import token_hash
from puente.instruments.models import AnswerChoice
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import proposals
from puente.mentoring.models import (
    BusyCalendar,
    BusyInterval,
    CalendarFeed,
    Meeting,
    MeetingLog,
    OfferedSlot,
    Relationship,
    RelationshipStatusChange,
    RiskFlag,
    SessionPlan,
    SlotOffer,
)
from puente.programs.models import Membership, Program, Wave
from puente.programs.selectors import work_calendar


def mentees_with_tutors() -> Prefetch:
    """A relationship's mentees with their tutors (``Relationship.tutors``), in one query."""
    return Prefetch(
        "mentees",
        queryset=Membership.objects.select_related("user", "tutor_assignment__tutor__user"),
    )


def with_progress(relationships: QuerySet[Relationship]) -> QuerySet[Relationship]:
    """Each relationship with its plan's progress counted in the same query, and its people."""

    def count(*statuses: str) -> Count:
        return Count("meetings", filter=Q(meetings__status__in=statuses), distinct=True)

    return (
        relationships.select_related("wave", "track", "mentor__user")
        .prefetch_related(
            mentees_with_tutors(),
            Prefetch(
                "risk_flags",
                queryset=RiskFlag.objects.filter(resolved_on__isnull=True)
                .select_related("followed_up_by")
                .order_by("raised_on", "pk"),
                to_attr="open_flags",
            ),
        )
        .annotate(
            meetings_total=Count("meetings", distinct=True),
            meetings_planned=count(Meeting.Status.PLANNED, Meeting.Status.SCHEDULED),
            meetings_held=count(Meeting.Status.HELD),
            meetings_missed=count(Meeting.Status.MISSED),
            meetings_moved=count(Meeting.Status.MOVED),
        )
    )


def board(
    relationships: QuerySet[Relationship],
    *,
    wave_id: int | None = None,
    track_id: int | None = None,
    status: str = "",
    at_risk: bool = False,
) -> QuerySet[Relationship]:
    """The board's relationships, filtered, each with its progress, by mentor."""
    filtered = _board_filter(
        relationships, wave_id=wave_id, track_id=track_id, status=status, at_risk=at_risk
    )
    return with_progress(filtered).order_by("mentor__user__full_name", "pk")


def board_page(
    relationships: QuerySet[Relationship],
    *,
    number: Any,
    per_page: int = 50,
    wave_id: int | None = None,
    track_id: int | None = None,
    status: str = "",
    at_risk: bool = False,
) -> Page:
    """One page of ``board``. The page's relationships are chosen first and only they are
    counted: counting the meetings of every relationship before cutting the page took most of
    a second at 10,000 pairs."""
    filtered = _board_filter(
        relationships, wave_id=wave_id, track_id=track_id, status=status, at_risk=at_risk
    )
    ids = filtered.order_by("mentor__user__full_name", "pk").values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    chosen = list(page.object_list)
    rows = {row.pk: row for row in with_progress(Relationship.objects.filter(pk__in=chosen))}
    page.object_list = [rows[pk] for pk in chosen]  # type: ignore[misc]  # ids to rows
    return page


def _board_filter(
    relationships: QuerySet[Relationship],
    *,
    wave_id: int | None,
    track_id: int | None,
    status: str,
    at_risk: bool,
) -> QuerySet[Relationship]:
    if wave_id:
        relationships = relationships.filter(wave_id=wave_id)
    if track_id:
        relationships = relationships.filter(track_id=track_id)
    if status:
        relationships = relationships.filter(status=status)
    if at_risk:
        flagged = RiskFlag.objects.filter(resolved_on__isnull=True).values("relationship_id")
        relationships = relationships.filter(pk__in=flagged)
    return relationships


def with_meetings(relationships: QuerySet[Relationship]) -> QuerySet[Relationship]:
    return with_progress(relationships).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("number"))
    )


def calendar_feed_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings with a time of the relationships ``user`` takes part in, as mentor or mentee,
    in any program (a feed is the person's, not a program's)."""
    mine = Q(relationship__mentor__user=user) | Q(relationship__mentees__user=user)
    ids = Meeting.objects.filter(mine, starts_at__isnull=False).values("pk")
    return (
        Meeting.objects.filter(pk__in=ids)
        # Where each happens: its program's setting and the mentor's link, in the same query.
        .select_related("relationship__mentor__user", "relationship__program__meeting_venue")
        .order_by("starts_at", "pk")
    )


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a token opens, or None when it is unknown, revoked or its owner inactive."""
    return (
        CalendarFeed.objects.filter(
            token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )


def busy_calendar_of(user: User) -> BusyCalendar | None:
    """A person's own calendar address (its page shows only ``shown``), with how many busy times
    ahead it gave (``busy_ahead``), in one query."""
    return (
        BusyCalendar.objects.filter(user=user)
        .annotate(busy_ahead=Count("intervals", filter=Q(intervals__end__gt=timezone.now())))
        .first()
    )


def busy_times(
    users: list[User], *, start: dt.datetime, end: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """When each of ``users`` is busy between ``start`` and ``end`` by their own calendar (UTC
    intervals, merged per calendar, in order), in one query: what proposing meeting times reads."""
    found: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {user.pk: [] for user in users}
    rows = (
        BusyInterval.objects.filter(
            calendar__user__in=[user.pk for user in users], end__gt=start, start__lt=end
        )
        .order_by("start")
        .values_list("calendar__user_id", "start", "end")
    )
    for user_id, begin, finish in rows:
        found[user_id].append((begin, finish))
    return found


def overlapping_meetings(
    relationship: Relationship, meetings: list[Meeting] | None = None
) -> dict[int, list[Meeting]]:
    """For each open meeting of ``relationship`` with a time, the other open meetings with a time
    that overlap it and share a person (its mentor or a mentee, in any relationship still running),
    in two queries however many meetings there are (one when its ``meetings`` are given, already
    read). A warning, not a refusal: people may mean it."""
    open_statuses = [Meeting.Status.PLANNED, Meeting.Status.SCHEDULED, Meeting.Status.MOVED]
    if meetings is None:
        meetings = list(relationship.meetings.all())
    mine = sorted(
        (
            m
            for m in meetings
            if m.status in open_statuses and m.starts_at is not None and m.ends_at is not None
        ),
        key=lambda m: (m.starts_at, m.pk),
    )
    if not mine:
        return {}
    people = [relationship.mentor.user_id, *(m.user_id for m in relationship.mentees.all())]
    shared = Q(relationship__mentor__user__in=people) | Q(relationship__mentees__user__in=people)
    ids = (
        Meeting.objects.filter(
            shared,
            status__in=open_statuses,
            relationship__status__in=[Relationship.Status.ACTIVE, Relationship.Status.PAUSED],
            starts_at__lt=max(m.ends_at for m in mine if m.ends_at),
            ends_at__gt=min(m.starts_at for m in mine if m.starts_at),
            ends_at__isnull=False,
        )
        .exclude(relationship=relationship)
        .values("pk")
    )
    others = list(
        Meeting.objects.filter(pk__in=ids)
        .select_related("relationship__program", "relationship__mentor__user")
        # What a warning names: fewer columns, a cheaper query on every page view.
        .only(
            "number",
            "starts_at",
            "ends_at",
            "time_zone",
            "relationship__program",
            "relationship__mentor__user",
            "relationship__program__name",
            "relationship__program__slug",
            "relationship__mentor__user__full_name",
        )
        .order_by("starts_at", "pk")
    )
    # Within the relationship too: two of its own meetings set at the same time.
    candidates = others + mine
    found: dict[int, list[Meeting]] = {}
    for meeting in mine:
        assert meeting.starts_at and meeting.ends_at  # noqa: S101 - filtered above
        clashes = [
            other
            for other in candidates
            if other.pk != meeting.pk
            and other.starts_at
            and other.ends_at
            and other.starts_at < meeting.ends_at
            and other.ends_at > meeting.starts_at
        ]
        if clashes:
            found[meeting.pk] = clashes
    return found


def _names(memberships: Any) -> str:
    return ", ".join(sorted(m.user.full_name for m in memberships))


def other_side(relationship: Relationship, user: User) -> str:
    """Who the relationship is with, for ``user``: the mentees for its mentor, the mentor for a
    mentee, and "the mentor and the mentees" for those who follow it (tutors, coordinators).
    Reads ``mentor__user`` and the prefetched ``mentees`` (with their users)."""
    mentor = relationship.mentor.user
    mentees = list(relationship.mentees.all())
    if mentor.pk == user.pk:
        return _names(mentees) or "—"
    if any(m.user_id == user.pk for m in mentees):
        return mentor.full_name
    return _("%(mentor)s and %(mentees)s") % {
        "mentor": mentor.full_name,
        "mentees": _names(mentees),
    }


def relationship_title(relationship: Relationship, user: User) -> str:
    """The page's title: the other side's name, never the viewer's own."""
    mentor = relationship.mentor.user
    if mentor.pk == user.pk or any(m.user_id == user.pk for m in relationship.mentees.all()):
        return _("Relationship with %(names)s") % {"names": other_side(relationship, user)}
    return _("Relationship of %(people)s") % {"people": other_side(relationship, user)}


def status_changes(relationship: Relationship) -> QuerySet[RelationshipStatusChange]:
    return relationship.status_changes.select_related("by").order_by("at", "pk")


# --- Caseloads ----------------------------------------------------------------------------------


@dataclass
class CaseloadRow:
    """One mentee a tutor follows, with their relationships (each with ``last_contact``, the
    date of its last held meeting, and ``open_flags``)."""

    assignment: TutorAssignment
    relationships: list[Relationship] = field(default_factory=list)

    @property
    def mentee(self) -> Membership:
        return self.assignment.mentee


@dataclass
class Caseload:
    tutor: Membership
    limit: int
    rows: list[CaseloadRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def over_limit(self) -> bool:
        return self.count > self.limit

    @property
    def at_risk(self) -> int:
        flagged = [
            r for row in self.rows for r in row.relationships if getattr(r, "open_flags", [])
        ]
        return len(flagged)


def caseloads(tutors: QuerySet[Membership], *, limit: int) -> list[Caseload]:
    """Each tutor's mentees (their tutor assignments) with their relationships, last contact and
    open risk flags, in four queries whatever the number of tutors and mentees."""
    loads = {
        tutor.pk: Caseload(tutor=tutor, limit=limit)
        for tutor in tutors.select_related("user", "wave").order_by("user__full_name", "pk")
    }
    assignments = list(
        TutorAssignment.objects.filter(tutor_id__in=list(loads))
        .select_related("mentee__user", "mentee__wave")
        .order_by("mentee__user__full_name", "mentee_id")
    )
    rows = {a.mentee_id: CaseloadRow(assignment=a) for a in assignments}
    for assignment in assignments:
        loads[assignment.tutor_id].rows.append(rows[assignment.mentee_id])
    relationships = (
        Relationship.objects.filter(mentees__in=list(rows))
        .distinct()
        .select_related("mentor__user")
        .prefetch_related(
            Prefetch("mentees", queryset=Membership.objects.only("pk", "user_id")),
            Prefetch(
                "risk_flags",
                queryset=RiskFlag.objects.filter(resolved_on__isnull=True)
                .select_related("followed_up_by")
                .order_by("raised_on"),
                to_attr="open_flags",
            ),
        )
        .annotate(
            last_contact=Max("meetings__planned_on", filter=Q(meetings__status=Meeting.Status.HELD))
        )
        .order_by("starts_on", "pk")
    )
    for relationship in relationships:
        for mentee in relationship.mentees.all():
            if mentee.pk in rows:
                rows[mentee.pk].relationships.append(relationship)
    return list(loads.values())


def matches_without_relationship(program: Any) -> QuerySet[Match]:
    """The program's active matches in no relationship yet: those ``relationships_from_matches``
    lays out (confirming a run does it at once; these come from matches made by hand or before a
    plan existed). The board counts them to offer the button."""
    linked = Relationship.matches.through.objects.filter(relationship__program=program)
    return Match.objects.filter(program=program, status=Match.Status.ACTIVE).exclude(
        pk__in=linked.values("match_id")
    )


@dataclass(frozen=True)
class Agenda:
    """What a meeting is for: its theme, and the next steps agreed at the meeting held before
    it (``agreed_at``: that meeting's number; 0 when none was held or nothing was agreed)."""

    theme: str
    next_steps: str = ""
    agreed_at: int = 0


def meeting_agenda(meeting: Meeting) -> Agenda:
    """The agenda of ``meeting`` (one query): the invitations' DESCRIPTION and the page's "Agreed
    last time" say the same."""
    last = (
        MeetingLog.objects.filter(
            meeting__relationship_id=meeting.relationship_id,
            meeting__number__lt=meeting.number,
            held=True,
        )
        .select_related("meeting")
        .order_by("-meeting__number")
        .first()
    )
    if last is None or not last.next_steps.strip():
        return Agenda(theme=meeting.theme)
    return Agenda(
        theme=meeting.theme, next_steps=last.next_steps.strip(), agreed_at=last.meeting.number
    )


def default_themes() -> list[str]:
    return [_("Introductions, expectations, agreement and scheduling")]


def plan_for(program: Program, wave: Wave | None) -> SessionPlan:
    """The wave's plan, else the program's, else one drawn from the program's settings."""
    plans = {p.wave_id: p for p in SessionPlan.objects.filter(program=program)}
    if wave is not None and wave.pk in plans:
        return plans[wave.pk]
    if None in plans:
        return plans[None]
    return SessionPlan(
        program=program,
        wave=None,
        meetings=program.planned_meetings or 1,
        span_weeks=None,
        span_months=None,
        hours_per_meeting=program.hours_per_week,
        cadence=program.cadence,
        themes=default_themes(),
    )


OPEN_MEETING_STATUSES = [Meeting.Status.PLANNED, Meeting.Status.SCHEDULED, Meeting.Status.MOVED]
AVAILABILITY_KEY = "availability"  # the weekly grid of the shipped application forms


@dataclass(frozen=True)
class Scheduling:
    """What proposing times for a relationship reads: its people (the mentor first), the
    program's calendar, the meeting length and cadence, and the organiser's zone."""

    people: list[proposals.Person]
    names: dict[int, str]
    rules: Any  # programs.calendar.WorkCalendar
    length: dt.timedelta
    cadence: str
    zone: dt.tzinfo
    circle: bool


def scheduling(
    relationship: Relationship,
    *,
    start: dt.datetime,
    end: dt.datetime,
    leave_out: Meeting | None = None,
) -> Scheduling:
    """Everything ``mentoring.proposals`` needs for times between ``start`` and ``end``, in a
    constant number of queries (six) whatever the number of people, calendars, meetings and
    events: each person's weekly grid (their accepted application's answer), their own calendars'
    busy times, their other open Puente meetings (``leave_out``, the meeting being scheduled, is
    not busy) and the events they are invited to and did not decline. Reads the relationship's
    mentor and mentees with their users (prefetched by ``get_relationship_for_user``)."""

    mentor = relationship.mentor
    mentees = sorted(relationship.mentees.all(), key=lambda m: (m.user.full_name, m.pk))
    members = [mentor, *mentees]
    users = [m.user for m in members]
    ids = [u.pk for u in users]
    grids: dict[int, set[str]] = {m.pk: set() for m in members}
    for membership_id, value in AnswerChoice.objects.filter(
        answer__submission__application__membership_id__in=list(grids),
        answer__question__key=AVAILABILITY_KEY,
    ).values_list("answer__submission__application__membership_id", "value"):
        grids[membership_id].add(value)
    busy = busy_times(users, start=start, end=end)
    shared = Q(relationship__mentor__user__in=ids) | Q(relationship__mentees__user__in=ids)
    meetings = (
        Meeting.objects.filter(
            shared,
            status__in=OPEN_MEETING_STATUSES,
            relationship__status__in=[Relationship.Status.ACTIVE, Relationship.Status.PAUSED],
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .exclude(pk=leave_out.pk if leave_out else 0)
        .values_list(
            "relationship__mentor__user_id",
            "relationship__mentees__user_id",
            "starts_at",
            "ends_at",
        )
    )
    for mentor_id, mentee_id, begin, finish in meetings:
        for user_id in {mentor_id, mentee_id}:
            if user_id in busy and begin and finish:
                busy[user_id].append((begin, finish))
    # Later apps' busy times (events), through core.hooks: one query each.
    for user_id, intervals in hooks.busy_times(ids, start, end).items():
        if user_id in busy:
            busy[user_id].extend(intervals)
    circle = relationship.kind == Relationship.Kind.CIRCLE
    people = [
        proposals.Person(
            key=m.user.pk,
            zone=proposals.zone_of(m.user.time_zone),
            availability=frozenset(grids[m.pk]),
            busy=busy[m.user.pk],
            required=not circle or m.pk == mentor.pk,
        )
        for m in members
    ]
    plan = plan_for(relationship.program, relationship.wave)
    return Scheduling(
        people=people,
        names={u.pk: u.full_name for u in users},
        rules=work_calendar(relationship.program, relationship.wave),
        length=dt.timedelta(hours=float(plan.hours_per_meeting or 1)),
        cadence=plan.cadence,
        zone=proposals.zone_of(mentor.user.time_zone),
        circle=circle,
    )


@dataclass(frozen=True)
class ProposedTime:
    start: dt.datetime
    end: dt.datetime
    cannot: list[User]


def meeting_proposals(
    relationship: Relationship, meeting: Meeting, *, now: dt.datetime, count: int = 6
) -> list[ProposedTime]:
    """The best times for ``meeting`` (see ``mentoring.proposals``), ``count`` at most, on
    different days where possible; in a circle, each names who cannot come."""
    floor = timezone.localdate(now)
    # Read over the widest window (a monthly cadence: 14 days either side), then narrowed to
    # the plan's cadence; a meeting whose window is past looks from today on.
    ideal = max(meeting.planned_on, floor)
    start = dt.datetime.combine(ideal - dt.timedelta(days=15), dt.time(0), tzinfo=dt.UTC)
    end = dt.datetime.combine(ideal + dt.timedelta(days=16), dt.time(0), tzinfo=dt.UTC)
    facts = scheduling(relationship, start=start, end=end, leave_out=meeting)
    days = proposals.window(ideal, facts.cadence, not_before=floor)
    found = proposals.propose(
        facts.people,
        days=days,
        is_open=facts.rules.is_open,
        zone=facts.zone,
        length=facts.length,
        ideal=ideal,
        now=now,
        circle=facts.circle,
    )
    # Moving a meeting: its own time is not a new one.
    found = [p for p in found if p.start != meeting.starts_at]
    users = {m.user.pk: m.user for m in [relationship.mentor, *relationship.mentees.all()]}
    return [
        ProposedTime(p.start, p.end, [users[key] for key in p.cannot])
        for p in proposals.pick_spread(found, count, facts.zone)
    ]


def plan_proposals(
    relationship: Relationship, meetings: list[Meeting], *, now: dt.datetime
) -> dict[int, proposals.Proposal | None]:
    """The best time for each of ``meetings`` (the rest of the plan) at once."""
    if not meetings:
        return {}
    start = dt.datetime.combine(
        min(m.planned_on for m in meetings) - dt.timedelta(days=15), dt.time(0), tzinfo=dt.UTC
    )
    end = dt.datetime.combine(
        max(m.planned_on for m in meetings) + dt.timedelta(days=16), dt.time(0), tzinfo=dt.UTC
    )
    facts = scheduling(relationship, start=start, end=end, leave_out=None)
    mine = {m.pk for m in meetings}
    people = [
        proposals.Person(
            p.key,
            p.zone,
            p.availability,
            # The meetings being planned are not busy: they are what is being placed.
            [i for i in p.busy if not _is_one_of(i, meetings, mine)],
            required=p.required,
        )
        for p in facts.people
    ]
    return proposals.propose_plan(
        people,
        meetings=[(m.number, m.planned_on) for m in meetings],
        cadence=facts.cadence,
        is_open=facts.rules.is_open,
        zone=facts.zone,
        length=facts.length,
        now=now,
        circle=facts.circle,
    )


def _is_one_of(
    interval: tuple[dt.datetime, dt.datetime], meetings: list[Meeting], ids: set[int]
) -> bool:
    return any((m.starts_at, m.ends_at) == interval for m in meetings if m.pk in ids)


def slot_conflicts(
    relationship: Relationship, meeting: Meeting, *, start: dt.datetime, end: dt.datetime
) -> list[User]:
    """Who of the relationship is now busy at [start, end) (their calendar, another Puente
    meeting or an event): a picked time is checked again, since the offer was made earlier."""
    facts = scheduling(relationship, start=start, end=end, leave_out=meeting)
    users = {m.user.pk: m.user for m in [relationship.mentor, *relationship.mentees.all()]}
    return [users[p.key] for p in facts.people if p.busy_at(start, end)]


def open_offer(meeting: Meeting) -> "SlotOffer | None":
    """The offer of times waiting for a pick for ``meeting``, with its times and who cannot come
    to each (three queries)."""
    return (
        SlotOffer.objects.filter(meeting=meeting, status=SlotOffer.Status.OPEN)
        .select_related("offered_by")
        .prefetch_related(
            Prefetch("slots", queryset=OfferedSlot.objects.prefetch_related("cannot"))
        )
        .first()
    )


def plan_length(relationship: Relationship) -> dt.timedelta:
    """The program's meeting length for ``relationship`` (its plan's hours per meeting)."""
    plan = plan_for(relationship.program, relationship.wave)
    return dt.timedelta(hours=float(plan.hours_per_meeting or 1))
