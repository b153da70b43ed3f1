"""Writes of the mentoring app: laying out plans, relationships from matches, logs, moves and the
agreement. Keyword-only, atomic; each records who acted."""

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from puente.accounts import unsubscribe
from puente.accounts.models import User
from puente.core import hooks, outbound
from puente.core.emails import send_templated_email
from puente.core.tokens import new_token, token_hash
from puente.matching.models import Match
from puente.mentoring import busy, calendars, layout, selectors, venues
from puente.mentoring.layout import Slot
from puente.mentoring.models import (
    Agreement,
    AgreementConfirmation,
    BusyCalendar,
    BusyInterval,
    CalendarFeed,
    ContactRule,
    Meeting,
    MeetingLog,
    MeetingVenue,
    OfferedSlot,
    PrivateNote,
    Relationship,
    RelationshipStatusChange,
    RiskFlag,
    SessionPlan,
    SlotOffer,
)
from puente.mentoring.selectors import meeting_agenda, plan_for
from puente.programs.calendar import WorkCalendar
from puente.programs.commitment import Commitment
from puente.programs.models import Membership, Program, Wave
from puente.programs.selectors import work_calendar, work_calendars


def plan_slots(
    plan: SessionPlan, starts_on: dt.date, rules: WorkCalendar | None = None
) -> list[Slot]:
    """The meetings of ``plan`` for a relationship starting on ``starts_on``, laid on the
    calendar ``rules`` (mentoring.layout; without rules, every day is open): a pure function,
    with each meeting's theme and, when it moved off a closed day, the day it left and why."""
    rules = rules or WorkCalendar()
    wanted = layout.ideal_days(
        plan.meetings,
        starts_on,
        span_weeks=plan.span_weeks,
        span_months=plan.span_months,
        cadence=plan.cadence,
    )
    end = layout.span_end(starts_on, span_weeks=plan.span_weeks, span_months=plan.span_months)
    days = layout.fit_days(wanted, rules, end=end)
    themes = list(plan.themes or [])
    return [
        Slot(
            number=index + 1,
            day=day,
            theme=str(themes[index]) if index < len(themes) else "",
            planned=planned,
            moved_because=_moved_because(rules, planned, day),
        )
        for index, (day, planned) in enumerate(zip(days, wanted, strict=True))
    ]


def _moved_because(rules: WorkCalendar, planned: dt.date, day: dt.date) -> str:
    if day == planned:
        return ""
    if closed := rules.closed_because(planned):
        return closed
    if day < planned:
        return _("to stay within the plan's span")
    return _("the meeting before it moved")


def plan_layout(
    plan: SessionPlan, starts_on: dt.date, rules: WorkCalendar | None = None
) -> list[tuple[int, dt.date, str]]:
    """The meetings of a plan starting on ``starts_on``: (number, date, theme), in order, on the
    working days of ``rules`` (see ``plan_slots``)."""
    return [(s.number, s.day, s.theme) for s in plan_slots(plan, starts_on, rules)]


def plan_end(plan: SessionPlan, starts_on: dt.date) -> dt.date:
    """The last day of the plan's span ("12 meetings in 16 weeks" ends 16 weeks after the start,
    the day before); the start itself for a plan that follows its cadence."""
    end = layout.span_end(starts_on, span_weeks=plan.span_weeks, span_months=plan.span_months)
    return end - dt.timedelta(days=1) if end is not None else starts_on


def plan_commitment(program: Program, wave: Wave | None) -> Commitment:
    """The ``core.hooks.commitment`` source: what the plan that applies asks, with the program's
    hours a week."""
    plan = plan_for(program, wave)
    return Commitment(
        meetings=plan.meetings,
        hours_per_week=program.hours_per_week,
        span_weeks=plan.span_weeks,
        span_months=plan.span_months,
        cadence=plan.cadence,
    )


def _lay_out_meetings(
    relationship: Relationship, layout: list[tuple[int, dt.date, str]]
) -> list[Meeting]:
    return Meeting.objects.bulk_create(
        Meeting(
            relationship=relationship,
            number=number,
            planned_on=day,
            theme=theme[:200],
            mode=Meeting.Mode.IN_PERSON
            if relationship.program.delivery == Program.Delivery.IN_PERSON
            else Meeting.Mode.VIRTUAL,
        )
        for number, day, theme in layout
    )


def _grouped_matches(program: Program, matches: list[Match]) -> list[list[Match]]:
    """The new matches, grouped into the relationships they make. In a group program a mentor's
    matches of one wave make one circle; in every other format (one-to-one, peer, reverse) each
    match is its own relationship: a mentor with k places leads k separate pairs, never a circle
    of mentees who would share meetings, logs and notes."""
    if program.format != Program.Format.GROUP:
        return [[match] for match in matches]
    groups: dict[tuple[int, int | None], list[Match]] = defaultdict(list)
    for match in matches:
        groups[(match.mentor_id, match.wave_id)].append(match)
    return list(groups.values())


def _kind(program: Program) -> str:
    if program.format == Program.Format.GROUP:
        return Relationship.Kind.CIRCLE
    if program.format == Program.Format.REVERSE:
        return Relationship.Kind.REVERSE
    return Relationship.Kind.PAIR


@transaction.atomic
def relationships_from_matches(
    *, program: Program, today: dt.date | None = None
) -> list[Relationship]:
    """The relationships of the program's active matches not yet in one, each with its meetings
    laid out from the plan: one per match (a pair, or a reverse pair in a reverse-mentoring
    program), except in a group program, where a mentor's matches of a wave make one circle and
    a later match of that mentor joins the circle still running in that wave. Running it again
    creates nothing new. A relationship starts ``today`` (the demo passes a fixed day), or its
    wave's start if later."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    matches = list(
        selectors.matches_without_relationship(program)
        .select_related("mentor", "mentee", "wave")
        .order_by("mentor_id", "mentee_id")
    )
    today = today or timezone.localdate()
    kind = _kind(program)
    created = []
    for group in _grouped_matches(program, matches):
        first = group[0]
        mentees = [m.mentee for m in group]
        if kind == Relationship.Kind.CIRCLE:
            existing = (
                Relationship.objects.filter(
                    program=program,
                    mentor_id=first.mentor_id,
                    wave=first.wave,
                    kind=Relationship.Kind.CIRCLE,
                    status__in=[Relationship.Status.ACTIVE, Relationship.Status.PAUSED],
                )
                .order_by("pk")
                .first()
            )
            if existing is not None:
                existing.mentees.add(*mentees)
                existing.matches.add(*group)
                continue
        wave = first.wave
        plan = plan_for(program, wave)
        starts_on = max(today, wave.starts_on if wave else program.starts_on)
        layout = plan_layout(plan, starts_on, work_calendar(program, wave))
        ends_on = max(plan_end(plan, starts_on), layout[-1][1] if layout else starts_on)
        relationship = Relationship.objects.create(
            program=program,
            wave=wave,
            track=first.mentee.track,
            kind=kind,
            mentor_id=first.mentor_id,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        relationship.mentees.add(*mentees)
        relationship.matches.add(*group)
        _lay_out_meetings(relationship, layout)
        created.append(relationship)
    return created


def relationships_from_matches_for(program_id: int) -> None:
    """The ``matches_confirmed`` hook: lay out relationships for the program's new matches."""
    program = Program.objects.filter(pk=program_id).first()
    if program is not None:
        relationships_from_matches(program=program)


@transaction.atomic
def meeting_log(*, meeting: Meeting, by: User, data: dict[str, Any]) -> MeetingLog:
    """Record what happened at a meeting (again, if it was logged before) and mark it held or
    missed. ``data`` is a log form's cleaned data."""
    log = MeetingLog.objects.filter(meeting=meeting).first() or MeetingLog(meeting=meeting)
    log.held = bool(data["held"])
    log.duration_minutes = data.get("duration_minutes") if log.held else None
    log.topics = data.get("topics", "")
    log.next_steps = data.get("next_steps", "")
    log.shared_notes = data.get("shared_notes", "")
    log.written_by = by
    log.written_at = timezone.now()
    log.full_clean(exclude=["meeting"])
    log.save()
    log.attended.set(data.get("attended") or [])
    log.focus_areas.set(data.get("focus_areas") or [])
    meeting.status = Meeting.Status.HELD if log.held else Meeting.Status.MISSED
    meeting.save(update_fields=["status", "updated_at"])
    hooks.event(
        "meeting.logged",
        {
            "program": meeting.relationship.program_id,
            "relationship": meeting.relationship_id,
            "meeting": meeting.pk,
            "held": log.held,
        },
    )
    return log


@transaction.atomic
def meeting_move(
    *,
    meeting: Meeting,
    on: dt.date,
    by: User,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    time_zone: str | None = None,
    mode: str | None = None,
    place: str | None = None,
    video_link: str | None = None,
    notify: bool = True,
) -> Meeting:
    """Move a meeting to another date (and, optionally, set its time and where it happens: in
    person at ``place``, or online at ``video_link``; None leaves each as it is).

    A time set or changed is a proposal of ``by``: the other side of the pair (the mentor, or
    the mentees) is emailed, once the transaction commits, to confirm it (``meeting_confirm``),
    and a confirmation given to an earlier time no longer holds. Taking the time away clears
    the proposal.

    Calendars: any change of what they show raises the meeting's sequence. The other side's
    email carries the calendar invitation (iTIP REQUEST, tentative until confirmed); ``by``
    gets one too when the meeting was confirmed before (their calendar holds it). A change of
    place or link alone updates the same people's calendars; taking the time away takes the
    entry off them (CANCEL): the meeting stays on its date, without a time.

    A move made here replaces any offer of times still waiting for a pick. ``notify=False``:
    no email (picking an offered time confirms it at once, and that sends the invitations)."""
    if not meeting.is_open:
        raise ValidationError(_("This meeting was already logged."))
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    before = (meeting.planned_on, meeting.starts_at, meeting.ends_at, meeting.time_zone)
    shown = _calendar_shows(meeting)
    had_time = meeting.starts_at is not None
    held_by_all = had_time and meeting.confirmed_at is not None
    if on != meeting.planned_on:
        meeting.moved_from = meeting.moved_from or meeting.planned_on
        meeting.planned_on = on
        meeting.status = Meeting.Status.MOVED
    elif starts_at and meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.SCHEDULED
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    if time_zone:
        meeting.time_zone = time_zone
    if mode is not None:
        meeting.mode = mode
    if place is not None:
        meeting.place = place
    if video_link is not None:
        meeting.video_link = video_link
    proposed = starts_at is not None and before != (
        meeting.planned_on,
        meeting.starts_at,
        meeting.ends_at,
        meeting.time_zone,
    )
    if proposed or starts_at is None:
        meeting.proposed_by = by if starts_at is not None else None
        meeting.confirmed_by = None
        meeting.confirmed_at = None
    if _calendar_shows(meeting) != shown:
        meeting.sequence += 1
    meeting.full_clean(exclude=["relationship"])
    meeting.save()
    if not notify:
        return meeting
    SlotOffer.objects.filter(meeting=meeting, status=SlotOffer.Status.OPEN).update(
        status=SlotOffer.Status.REPLACED
    )
    others = _other_side(meeting.relationship, by)
    # The person who acted holds the entry only if it had been confirmed (everyone was sent it).
    told = others + ([by] if held_by_all and by.is_active else [])
    if proposed:
        for user in others:
            _meeting_email(
                meeting=meeting,
                user=user,
                template="mentoring/email/meeting_proposed",
                method=calendars.REQUEST,
            )
        if held_by_all and by.is_active:
            _meeting_changed_email(meeting=meeting, user=by, by=by)
    elif starts_at is None and had_time:
        for user in told:
            _meeting_email(
                meeting=meeting,
                user=user,
                template="mentoring/email/meeting_cancelled",
                method=calendars.CANCEL,
                extra={"by": by, "unscheduled": True},
            )
    elif starts_at is not None and _calendar_shows(meeting) != shown:
        for user in told:
            _meeting_changed_email(meeting=meeting, user=user, by=by)
    return meeting


def _calendar_shows(meeting: Meeting) -> tuple[object, ...]:
    """What a calendar shows of a meeting (its .ics, the feed, an invitation)."""
    return (
        meeting.planned_on,
        meeting.starts_at,
        meeting.ends_at,
        meeting.time_zone,
        meeting.place,
        meeting.video_link,
    )


def _people(relationship: Relationship) -> list[User]:
    """The mentor and the mentees of a relationship who are still active."""
    people = [relationship.mentor.user] + [
        m.user for m in relationship.mentees.select_related("user")
    ]
    return [person for person in people if person.is_active]


def _meeting_changed_email(*, meeting: Meeting, user: User, by: User) -> None:
    _meeting_email(
        meeting=meeting,
        user=user,
        template="mentoring/email/meeting_changed",
        method=calendars.REQUEST,
        extra={"by": by, "by_you": user.pk == by.pk},
    )


def _other_side(relationship: Relationship, by: User) -> list[User]:
    """The people of the pair (or circle) who must agree to what ``by`` did: the mentees when
    the mentor did it, else the mentor (active people only)."""
    mentor = relationship.mentor.user
    if by.pk == mentor.pk:
        people = [m.user for m in relationship.mentees.select_related("user")]
    else:
        people = [mentor]
    return [person for person in people if person.is_active and person.pk != by.pk]


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by: User, now: dt.datetime | None = None) -> Meeting:
    """``by`` confirms the time proposed for ``meeting``. Everyone of the meeting (the mentor
    and the mentees, ``by`` included) is emailed the calendar invitation (iTIP REQUEST, now
    CONFIRMED, its sequence raised). A second confirmation changes nothing; the proposer cannot
    confirm their own proposal."""
    meeting = (
        # Only the meeting's row is locked: PostgreSQL cannot lock the nullable side of the
        # outer join to its proposer.
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "relationship__program__meeting_venue", "relationship__mentor__user", "proposed_by"
        )
        .get(pk=meeting.pk)
    )
    if not meeting.is_open:
        raise ValidationError(_("This meeting was already logged."))
    if meeting.starts_at is None:
        raise ValidationError(_("This meeting has no time to confirm yet."))
    if meeting.confirmed_at is not None:
        return meeting
    if meeting.proposed_by_id == by.pk:
        raise ValidationError(_("You proposed this time: the other side confirms it."))
    meeting.confirmed_by = by
    meeting.confirmed_at = now or timezone.now()
    # TENTATIVE becomes CONFIRMED in calendars: a change they must take (RFC 5546, 2.1.4).
    meeting.sequence += 1
    meeting.save(update_fields=["confirmed_by", "confirmed_at", "sequence", "updated_at"])
    for user in _people(meeting.relationship):
        _meeting_email(
            meeting=meeting,
            user=user,
            template="mentoring/email/meeting_confirmed",
            method=calendars.REQUEST,
            extra={"by_you": user.pk == by.pk},
        )
    return meeting


@transaction.atomic
def agreement_save(*, relationship: Relationship, by: User, data: dict[str, Any]) -> Agreement:
    """Write the agreement; a change asks the mentor and every mentee to confirm it again."""
    agreement = Agreement.objects.filter(relationship=relationship).first() or Agreement(
        relationship=relationship
    )
    fields = [
        "goals",
        "mentor_expectations",
        "mentee_expectations",
        "frequency",
        "channel",
        "confidentiality",
    ]
    changed = any(getattr(agreement, f) != data.get(f, "") for f in fields)
    for field in fields:
        setattr(agreement, field, data.get(field, ""))
    agreement.updated_by = by
    agreement.full_clean(exclude=["relationship"])
    agreement.save()
    if changed:
        agreement.confirmations.all().delete()
    return agreement


@transaction.atomic
def agreement_confirm(
    *, agreement: Agreement, by: User, now: dt.datetime | None = None
) -> AgreementConfirmation:
    """``by`` (the mentor or one mentee of the relationship) confirms the agreement as it
    stands, for themselves only. Confirming again keeps the first confirmation."""
    relationship = agreement.relationship
    membership: Membership | None = relationship.mentor
    if relationship.mentor.user_id != by.pk:
        membership = relationship.mentees.filter(user=by).first()
    if membership is None:
        raise ValidationError(_("Only the mentor and the mentees confirm the agreement."))
    confirmation, _created = AgreementConfirmation.objects.get_or_create(
        agreement=agreement,
        membership=membership,
        defaults={"confirmed_at": now or timezone.now()},
    )
    return confirmation


def private_note_add(*, meeting: Meeting, by: User, text: str) -> PrivateNote:
    note = PrivateNote(meeting=meeting, author=by, text=text)
    note.full_clean()
    note.save()
    return note


def _previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month before ``today``'s."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


@transaction.atomic
def contact_rule_save(*, program: Program, by: User, meetings_per_month: int) -> ContactRule:
    rule = ContactRule.objects.filter(program=program).first() or ContactRule(program=program)
    rule.meetings_per_month = meetings_per_month
    rule.full_clean(exclude=["program"])
    rule.save()
    return rule


@transaction.atomic
def meeting_venue_save(
    *,
    program: Program,
    by: User,
    mode: str,
    url_template: str = "",
    place: str = "",
    offers: str | None = None,
) -> MeetingVenue:
    """Choose how the program's pairs meet (``mentoring.venues``). It applies at once to every
    meeting that has no link or place of its own, in the pages, emails and invitations sent from
    now on; calendars that already hold a meeting take it at its next change."""
    venue = MeetingVenue.objects.filter(program=program).first() or MeetingVenue(program=program)
    venue.mode = mode
    venue.url_template = url_template.strip()
    venue.place = place.strip()
    if offers is not None:  # who offers meeting times: "mentor" or "mentee"
        venue.offers = offers
    venue.full_clean(exclude=["program"])
    venue.save()
    return venue


@transaction.atomic
def watch_evaluate(*, program: Program, today: dt.date) -> list[RiskFlag]:
    """Flag the program's active relationships at risk on ``today``; close the flags resolved.

    A relationship breaks the contact rule when it held fewer meetings than the rule asks in the
    previous calendar month (counted from its start if it started during that month; not judged
    before its first full or partial month has ended). It is also at risk when its last two
    logged meetings were both missed. Running it again the same month raises nothing new.
    Returns the flags raised by this run.
    """
    rule = ContactRule.objects.filter(program=program).first()
    required = rule.meetings_per_month if rule else 1
    first, last = _previous_month(today)
    this_month = today.replace(day=1)
    relationships = list(
        Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE)
    )
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in Meeting.objects.filter(relationship__in=relationships).order_by(
        "planned_on", "number"
    ):
        meetings[meeting.relationship_id].append(meeting)
    open_flags: dict[int, list[RiskFlag]] = defaultdict(list)
    for flag in RiskFlag.objects.filter(relationship__program=program, resolved_on__isnull=True):
        open_flags[flag.relationship_id].append(flag)
    existing = set(
        RiskFlag.objects.filter(relationship__in=relationships).values_list(
            "relationship_id", "reason", "month"
        )
    )
    active_ids = {r.pk for r in relationships}
    raised: list[RiskFlag] = []
    resolved: list[RiskFlag] = []
    for relationship in relationships:
        mine = meetings[relationship.pk]
        held = [m.planned_on for m in mine if m.status == Meeting.Status.HELD]
        logged = [m for m in mine if not m.is_open and m.planned_on <= today]
        two_missed = len(logged) >= 2 and all(
            m.status == Meeting.Status.MISSED for m in logged[-2:]
        )
        breaking: list[tuple[str, dt.date]] = []
        if relationship.starts_on <= last:
            since = max(first, relationship.starts_on)
            if sum(1 for day in held if since <= day <= last) < required:
                breaking.append((RiskFlag.Reason.NO_CONTACT, first))
        if two_missed:
            breaking.append((RiskFlag.Reason.TWO_MISSED, this_month))
        for reason, month in breaking:
            if (relationship.pk, reason, month) not in existing:
                raised.append(
                    RiskFlag(relationship=relationship, reason=reason, month=month, raised_on=today)
                )
        for flag in open_flags[relationship.pk]:
            if flag.reason == RiskFlag.Reason.TWO_MISSED:
                done = not two_missed
            else:
                after = layout.add_months(flag.month, 1)
                done = any(after <= day <= today for day in held)
            if done:
                resolved.append(flag)
    # Relationships paused or ended are no longer watched.
    for relationship_id, flags in open_flags.items():
        if relationship_id not in active_ids:
            resolved.extend(flags)
    now = timezone.now()
    for flag in resolved:
        flag.resolved_on, flag.updated_at = today, now
    RiskFlag.objects.bulk_update(resolved, ["resolved_on", "updated_at"])
    return RiskFlag.objects.bulk_create(raised)


@transaction.atomic
def risk_flag_follow_up(*, flag: RiskFlag, by: User, text: str) -> RiskFlag:
    """The coordinator records what was done about a relationship at risk."""
    flag.follow_up = text
    flag.followed_up_by = by
    flag.followed_up_at = timezone.now()
    flag.full_clean(exclude=["relationship"])
    flag.save(update_fields=["follow_up", "followed_up_by", "followed_up_at", "updated_at"])
    return flag


REMINDER_AHEAD = dt.timedelta(hours=24)
NUDGE_AFTER = dt.timedelta(hours=2)
OPEN_STATUSES = [Meeting.Status.PLANNED, Meeting.Status.SCHEDULED, Meeting.Status.MOVED]


def _meeting_email(
    *,
    meeting: Meeting,
    user: User,
    template: str,
    kind: str | None = None,
    method: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    """An email about a meeting; for a reminder or a nudge, ``kind`` is the choice that turns it
    off, from the email too. With a ``method`` (REQUEST or CANCEL) it carries the meeting's
    calendar invitation for ``user``: these are transactional (about a meeting the person is
    part of), sent whatever their reminder choices."""
    relationship = meeting.relationship
    path = reverse("mentoring:relationship", args=[relationship.program.slug, relationship.pk])
    url = f"{settings.SITE_URL}{path}"
    invitation = (
        calendars.meeting_invitation(
            meeting, method=method, attendee=user, url=f"{url}#meeting-{meeting.number}"
        )
        if method
        else ""
    )
    send_templated_email(
        to=user.email,
        language=user.language,
        template=template,
        context={
            "meeting": meeting,
            "where": venues.where(meeting),
            "person": user,
            "program": relationship.program,
            "mentor": relationship.mentor.user,
            "time_zone": user.time_zone,
            "url": url,
            **(extra or {}),
        },
        unsubscribe_url=unsubscribe.url(user=user, kind=kind) if kind else "",
        calendar=invitation,
    )


def _claim(meeting: Meeting, field: str, now: dt.datetime) -> bool:
    """Mark the meeting's email as sent; True only for the one caller whose UPDATE took it, so a
    second or concurrent run of the task sends nothing twice."""
    return (
        Meeting.objects.filter(pk=meeting.pk, **{f"{field}__isnull": True}).update(**{field: now})
        == 1
    )


def reminders_send(*, now: dt.datetime) -> tuple[int, int]:
    """Remind the two sides of each meeting that starts within 24 hours, and nudge the mentor to
    log each meeting that ended more than 2 hours ago without a log. Each meeting is claimed in
    its own transaction before its emails are queued; people who turned reminders (or nudges)
    off get none.
    Meetings without a time get neither. Returns (meetings reminded, meetings nudged)."""
    active = Meeting.objects.filter(
        relationship__status=Relationship.Status.ACTIVE, status__in=OPEN_STATUSES
    ).select_related("relationship__program__meeting_venue", "relationship__mentor__user")
    upcoming = list(
        active.filter(
            reminded_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD
        ).prefetch_related("relationship__mentees__user")
    )
    overdue = list(
        active.filter(nudged_at__isnull=True, ends_at__lte=now - NUDGE_AFTER, log__isnull=True)
    )
    reminded = nudged = 0
    for meeting in upcoming:
        with transaction.atomic():
            if not _claim(meeting, "reminded_at", now):
                continue
            relationship = meeting.relationship
            people = [relationship.mentor.user] + [m.user for m in relationship.mentees.all()]
            agenda = meeting_agenda(meeting)
            for user in people:
                if user.meeting_reminders and user.is_active:
                    _meeting_email(
                        meeting=meeting,
                        user=user,
                        template="mentoring/email/meeting_reminder",
                        kind=unsubscribe.MEETING_REMINDERS,
                        extra={"agenda": agenda},
                    )
            reminded += 1
    for meeting in overdue:
        with transaction.atomic():
            if not _claim(meeting, "nudged_at", now):
                continue
            mentor = meeting.relationship.mentor.user
            if mentor.log_nudges and mentor.is_active:
                _meeting_email(
                    meeting=meeting,
                    user=mentor,
                    template="mentoring/email/log_nudge",
                    kind=unsubscribe.LOG_NUDGES,
                )
            nudged += 1
    return reminded, nudged


@transaction.atomic
def calendar_feed_renew(*, user: User) -> str:
    """A new private calendar address for ``user``, revoking the previous one. Returns the token,
    which is shown once: only its hash is stored."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = new_token()
    CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    return token


# --- Busy times from a person's own calendar ---------------------------------------------------

# Redirects followed when reading a calendar, each to an address checked again by the guard.
BUSY_CALENDAR_REDIRECTS = 3


def busy_calendar_address(url: str) -> str:
    """The address as typed, with Apple's and Outlook's ``webcal://`` read as https (it is)."""
    url = url.strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    return url


@sensitive_variables("url")
@transaction.atomic
def busy_calendar_set(*, user: User, url: str) -> BusyCalendar:
    """Keep ``url`` as ``user``'s calendar address (replacing any earlier one and its busy times)
    once the outbound guard accepts it, and read it in the background."""
    from puente.mentoring.tasks import busy_calendar_refresh_task

    url = busy_calendar_address(url)
    if len(url) > 2000:
        raise ValidationError({"url": _("The address is too long.")})
    outbound.check_url(url, allow_private=settings.BUSY_CALENDAR_ALLOW_PRIVATE)
    calendar, _created = BusyCalendar.objects.update_or_create(
        user=user,
        defaults={
            "url": url,
            "fetched_at": None,
            "tried_at": None,
            "problem": "",
            "next_fetch_at": timezone.now(),
        },
    )
    calendar.intervals.all().delete()
    transaction.on_commit(partial(busy_calendar_refresh_task.enqueue, calendar_id=calendar.pk))
    return calendar


@transaction.atomic
def busy_calendar_remove(*, user: User) -> bool:
    """Forget ``user``'s calendar address and every busy time read from it."""
    deleted, _by_model = BusyCalendar.objects.filter(user=user).delete()
    return bool(deleted)


@sensitive_variables()
def _busy_calendar_download(url: str) -> bytes:
    """The calendar file behind ``url``, through the outbound guard: public hosts only (each
    redirect checked again), within the time and size limits. Raises OutboundError."""
    headers = {"User-Agent": "Puente-Calendar/1", "Accept": "text/calendar"}
    for _hop in range(BUSY_CALENDAR_REDIRECTS + 1):
        answer = outbound.request(
            "GET",
            url,
            allow_private=settings.BUSY_CALENDAR_ALLOW_PRIVATE,
            timeout=settings.BUSY_CALENDAR_TIMEOUT_SECONDS,
            max_bytes=settings.BUSY_CALENDAR_MAX_BYTES,
            headers=headers,
        )
        if answer.status in (301, 302, 303, 307, 308) and answer.headers.get("location"):
            url = busy_calendar_address(urljoin(url, answer.headers["location"]))
            continue
        if answer.status != 200:
            raise outbound.OutboundError(BusyCalendar.Problem.STATUS, str(answer.status))
        return answer.body
    raise outbound.OutboundError(BusyCalendar.Problem.STATUS, "too many redirects")


def _zone_of(user: User) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@sensitive_variables()  # the address, and the calendar's text while it is read
def busy_calendar_refresh(*, calendar_id: int, now: dt.datetime | None = None) -> str:
    """Read a calendar address that is due and replace its busy times with those of the next
    ``BUSY_CALENDAR_DAYS`` days. Claimed first by moving its next read forward, so two workers
    never read it at once; a failed read keeps the busy times of the last good one and records
    why. Returns the problem ("" when read), or "skipped" when not due or gone."""
    now = now or timezone.now()
    claimed = BusyCalendar.objects.filter(pk=calendar_id, next_fetch_at__lte=now).update(
        next_fetch_at=now + dt.timedelta(hours=settings.BUSY_CALENDAR_REFRESH_HOURS)
    )
    calendar = BusyCalendar.objects.select_related("user").filter(pk=calendar_id).first()
    if not claimed or calendar is None:
        return "skipped"
    url = calendar.url
    problem = ""
    intervals: list[busy.Interval] = []
    try:
        data = _busy_calendar_download(url)
        intervals = busy.busy_intervals(
            data,
            start=now,
            end=now + dt.timedelta(days=settings.BUSY_CALENDAR_DAYS),
            zone=_zone_of(calendar.user),
        )
    except outbound.OutboundError as exc:
        problem = exc.reason if exc.reason in BusyCalendar.Problem.values else "network"
    except busy.NotACalendar:
        problem = BusyCalendar.Problem.NOT_CALENDAR
    with transaction.atomic():
        # Removed or replaced while it was being read: what was read belongs to nobody now.
        current = BusyCalendar.objects.select_for_update().filter(pk=calendar_id, url=url).first()
        if current is None:
            return "skipped"
        current.tried_at = now
        current.problem = problem
        fields = ["tried_at", "problem", "updated_at"]
        if not problem:
            current.fetched_at = now
            fields.append("fetched_at")
            current.intervals.all().delete()
            BusyInterval.objects.bulk_create(
                BusyInterval(calendar=current, start=start, end=end) for start, end in intervals
            )
        current.save(update_fields=fields)
    return problem


def busy_calendars_due(*, now: dt.datetime | None = None) -> list[int]:
    """The calendar addresses whose next read is due (the refresh sweep reads them)."""
    now = now or timezone.now()
    return list(
        BusyCalendar.objects.filter(next_fetch_at__lte=now)
        .order_by("next_fetch_at")
        .values_list("pk", flat=True)
    )


# --- A relationship's course: pausing, resuming, ending -------------------------------------

STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    Relationship.Status.ACTIVE: frozenset(
        {
            Relationship.Status.PAUSED,
            Relationship.Status.ENDED_EARLY,
            Relationship.Status.COMPLETED,
        }
    ),
    Relationship.Status.PAUSED: frozenset(
        {Relationship.Status.ACTIVE, Relationship.Status.ENDED_EARLY}
    ),
    Relationship.Status.ENDED_EARLY: frozenset(),
    Relationship.Status.COMPLETED: frozenset(),
}


@transaction.atomic
def relationship_status_change(
    *,
    relationship: Relationship,
    status: str,
    by: User,
    reason: str = "",
    today: dt.date | None = None,
    notify: bool = True,
) -> Relationship:
    """Pause, resume, end early (a reason is required) or complete a relationship, recording who
    did it, when and why, and telling its two sides (unless ``notify`` is off). Ending it cancels
    the meetings still open after ``today``; those already past stay, to be logged. A paused
    relationship gets no reminders and is not watched; its meetings stay where they are."""
    locked = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if status not in STATUS_TRANSITIONS.get(locked.status, frozenset()):
        raise ValidationError(
            {
                "status": _("A relationship that is %(current)s cannot become %(new)s.")
                % {
                    "current": locked.get_status_display().lower(),
                    "new": Relationship.Status(status).label.lower(),
                }
            }
        )
    reason = reason.strip()
    if status == Relationship.Status.ENDED_EARLY and not reason:
        raise ValidationError({"reason": _("Say why the relationship ends early.")})
    today = today or timezone.localdate()
    previous = locked.status
    locked.status = status
    update = ["status", "updated_at"]
    if status == Relationship.Status.ENDED_EARLY:
        locked.end_reason = reason
        locked.ends_on = max(locked.starts_on, min(locked.ends_on, today))
        update += ["end_reason", "ends_on"]
    locked.save(update_fields=update)
    if status in (Relationship.Status.ENDED_EARLY, Relationship.Status.COMPLETED):
        cancelled = locked.meetings.filter(status__in=OPEN_STATUSES, planned_on__gt=today)
        if notify:
            _cancel_in_calendars(
                relationship=locked, meetings=cancelled.filter(starts_at__isnull=False)
            )
        cancelled.delete()
    RelationshipStatusChange.objects.create(
        relationship=locked, from_status=previous, to_status=status, reason=reason, by=by
    )
    if notify:
        _status_emails(relationship=locked, previous=previous, reason=reason)
    relationship.status, relationship.end_reason = locked.status, locked.end_reason
    relationship.ends_on = locked.ends_on
    return locked


def _cancel_in_calendars(*, relationship: Relationship, meetings: QuerySet[Meeting]) -> None:
    """Take the meetings that had a time off the calendars of everyone of the relationship
    (iTIP CANCEL, sequence raised), before they are deleted."""
    people = _people(relationship)
    for meeting in meetings.select_related(
        "relationship__program__meeting_venue", "relationship__mentor__user"
    ):
        meeting.sequence += 1
        for user in people:
            _meeting_email(
                meeting=meeting,
                user=user,
                template="mentoring/email/meeting_cancelled",
                method=calendars.CANCEL,
                extra={"unscheduled": False},
            )


def _status_emails(*, relationship: Relationship, previous: str, reason: str) -> None:
    path = reverse("mentoring:relationship", args=[relationship.program.slug, relationship.pk])
    people = [relationship.mentor.user] + [
        m.user for m in relationship.mentees.select_related("user")
    ]
    for user in people:
        if not user.is_active:
            continue
        send_templated_email(
            to=user.email,
            language=user.language,
            template="mentoring/email/relationship_status",
            context={
                "person": user,
                "program": relationship.program,
                "relationship": relationship,
                "mentor": relationship.mentor.user,
                "previous": previous,
                "reason": reason,
                "url": f"{settings.SITE_URL}{path}",
            },
        )


# --- Session plans ------------------------------------------------------------------------------


@transaction.atomic
def session_plan_save(
    *, program: Program, wave: Wave | None, by: User, data: dict[str, Any]
) -> SessionPlan:
    """Write the plan of a program (``wave`` None) or of one of its waves. Relationships already
    laid out keep their meetings; the plan applies to those created from now on (and to the
    planned meetings of existing ones when the coordinator re-lays them out).

    The span is given in weeks (``span_weeks``) or in months (``span_months``), or neither. The
    program's own planned meetings and cadence follow its plan, so that the figures the program
    shows and the API gives say what the plan does."""
    plan = SessionPlan.objects.filter(program=program, wave=wave).first() or SessionPlan(
        program=program, wave=wave
    )
    plan.meetings = data["meetings"]
    plan.span_weeks = data.get("span_weeks") or None
    plan.span_months = data.get("span_months") or None
    plan.hours_per_meeting = data["hours_per_meeting"]
    plan.cadence = data["cadence"]
    plan.themes = [str(theme)[:200] for theme in data.get("themes") or []]
    plan.full_clean(exclude=["program", "wave"])
    plan.save()
    if wave is None and (program.planned_meetings, program.cadence) != (
        plan.meetings,
        plan.cadence,
    ):
        program.planned_meetings, program.cadence = plan.meetings, plan.cadence
        program.save(update_fields=["planned_meetings", "cadence", "updated_at"])
    return plan


@transaction.atomic
def session_plan_delete(*, plan: SessionPlan, by: User) -> None:
    """Remove a wave's own plan: the wave then follows the program's plan."""
    if plan.wave_id is None:
        raise ValidationError(_("The program's plan can be changed, not removed."))
    plan.delete()


# --- Re-laying out existing relationships ------------------------------------------------------


@dataclass(frozen=True)
class MeetingMove:
    meeting: Meeting
    to: dt.date
    because: str = ""


def relayout_moves(*, program: Program, today: dt.date) -> list[MeetingMove]:
    """What re-laying out the program's active and paused relationships would move: each
    *planned* meeting (no time set, not held, missed or moved by people) from ``today`` on goes
    to the day the plan and calendar now in force give it. The others stay and are avoided; the
    number of meetings and their themes do not change; nothing moves into the past. A pure read:
    running it right after applying its moves finds none."""
    relationships = list(
        Relationship.objects.filter(
            program=program,
            status__in=[Relationship.Status.ACTIVE, Relationship.Status.PAUSED],
        )
        .select_related("wave", "mentor__user")
        .prefetch_related("meetings")
        .order_by("pk")
    )
    plans = {p.wave_id: p for p in SessionPlan.objects.filter(program=program)}
    default = plan_for(program, None) if None not in plans else plans[None]
    calendars = work_calendars(program)
    moves: list[MeetingMove] = []
    for relationship in relationships:
        meetings = sorted(relationship.meetings.all(), key=lambda m: m.number)
        if not meetings:
            continue
        plan = plans.get(relationship.wave_id, default)
        rules = calendars.get(relationship.wave_id, calendars[None])
        count = meetings[-1].number
        wanted = layout.ideal_days(
            count,
            relationship.starts_on,
            span_weeks=plan.span_weeks,
            span_months=plan.span_months,
            cadence=plan.cadence,
        )
        by_index = {m.number - 1: m for m in meetings}
        movable = {
            index
            for index, m in by_index.items()
            if m.status == Meeting.Status.PLANNED and m.starts_at is None and m.planned_on >= today
        }
        pinned = {i: m.planned_on for i, m in by_index.items() if i not in movable}
        # A gap in the numbers (a meeting removed) holds its planned day, so nothing shifts.
        pinned.update({i: wanted[i] for i in range(count) if i not in by_index})
        end = layout.span_end(
            relationship.starts_on, span_weeks=plan.span_weeks, span_months=plan.span_months
        )
        days = layout.fit_days(wanted, rules, end=end, pinned=pinned, not_before=today)
        for index in sorted(movable):
            meeting, day = by_index[index], days[index]
            if day != meeting.planned_on:
                because = rules.closed_because(meeting.planned_on)
                moves.append(MeetingMove(meeting=meeting, to=day, because=because))
    return moves


@transaction.atomic
def meetings_relayout(*, program: Program, by: User, today: dt.date | None = None) -> int:
    """Move the planned meetings of the program's existing relationships to the days the plan
    and calendar now give them (``relayout_moves``), each saved on its own so the audit trail
    records who moved it. Asked for by a coordinator, never done silently. Returns how many
    meetings moved; running it again moves none."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    moves = relayout_moves(program=program, today=today or timezone.localdate())
    last: dict[int, dt.date] = {}
    for move in moves:
        move.meeting.planned_on = move.to
        move.meeting.sequence += 1
        move.meeting.save(update_fields=["planned_on", "sequence", "updated_at"])
        key = move.meeting.relationship_id
        last[key] = max(move.to, last.get(key, move.to))
    # A relationship lasts at least until its last meeting.
    for relationship in Relationship.objects.filter(pk__in=last):
        if relationship.ends_on < last[relationship.pk]:
            relationship.ends_on = last[relationship.pk]
            relationship.save(update_fields=["ends_on", "updated_at"])
    return len(moves)


# Offered times (issue 16): one side offers two or three of the times Puente proposes
# (``mentoring.proposals``), the other picks one and the meeting is confirmed for everyone.
OFFER_SIZES = range(2, 4)


def offering_side(program: Program) -> str:
    """Who offers times in ``program``: "mentor" (the default) or "mentee" (``MeetingVenue``)."""
    side = MeetingVenue.objects.filter(program=program).values_list("offers", flat=True).first()
    return side or "mentor"


def may_offer(relationship: Relationship, user: User, side: str | None = None) -> bool:
    """The one rule of who offers times for a relationship's meetings: its mentor, or its
    mentees, by the program's setting (``side``, read when not given)."""
    side = side or offering_side(relationship.program)
    if side == "mentee":
        return any(m.user_id == user.pk for m in relationship.mentees.all())
    return relationship.mentor.user_id == user.pk


def may_pick(relationship: Relationship, user: User, side: str | None = None) -> bool:
    """The other side picks: a member of the relationship who does not offer."""
    side = side or offering_side(relationship.program)
    member = relationship.mentor.user_id == user.pk or any(
        m.user_id == user.pk for m in relationship.mentees.all()
    )
    return member and not may_offer(relationship, user, side)


@transaction.atomic
def slot_offer_create(
    *,
    meeting: Meeting,
    by: User,
    slots: list[tuple[dt.datetime, dt.datetime]],
    now: dt.datetime | None = None,
) -> SlotOffer:
    """``by`` offers ``slots`` (two or three) for ``meeting``; an offer still open for it is
    replaced. The other side is emailed the times with a link to the relationship's page, where
    one click picks one. Each time records who of the relationship cannot come then (outside
    their weekly grid, or busy)."""
    now = now or timezone.now()
    relationship = meeting.relationship
    if not meeting.is_open:
        raise ValidationError(_("This meeting was already logged."))
    if relationship.status != Relationship.Status.ACTIVE:
        raise ValidationError(_("Times are offered only while the relationship is active."))
    if not may_offer(relationship, by):
        raise ValidationError(_("The other side offers the times of this program's meetings."))
    slots = sorted(set(slots))
    if len(slots) not in OFFER_SIZES:
        raise ValidationError(_("Offer two or three times."))
    for start, end in slots:
        if end <= start:
            raise ValidationError(_("A meeting cannot end before it starts."))
        if start <= now:
            raise ValidationError(_("Offer times that are still ahead."))
    facts = selectors.scheduling(
        relationship, start=slots[0][0], end=slots[-1][1], leave_out=meeting
    )
    SlotOffer.objects.select_for_update().filter(
        meeting=meeting, status=SlotOffer.Status.OPEN
    ).update(status=SlotOffer.Status.REPLACED)
    offer = SlotOffer.objects.create(relationship=relationship, meeting=meeting, offered_by=by)
    users = {m.user.pk: m.user for m in [relationship.mentor, *relationship.mentees.all()]}
    for start, end in slots:
        slot = OfferedSlot.objects.create(offer=offer, start=start, end=end)
        cannot = [users[p.key] for p in facts.people if p.key != by.pk and not p.can(start, end)]
        if cannot:
            slot.cannot.set(cannot)
    offered = list(offer.slots.prefetch_related("cannot"))
    path = reverse("mentoring:relationship", args=[relationship.program.slug, relationship.pk])
    for user in _people(relationship):
        if user.pk == by.pk or not may_pick(relationship, user):
            continue
        send_templated_email(
            to=user.email,
            language=user.language,
            template="mentoring/email/times_offered",
            context={
                "meeting": meeting,
                "person": user,
                "by": by,
                "program": relationship.program,
                "slots": offered,
                "time_zone": user.time_zone,
                "where": venues.where(meeting),
                "url": f"{settings.SITE_URL}{path}#offer",
            },
        )
    return offer


class StaleOffer(ValidationError):
    """The time picked is no longer free; ``offer`` is the new one Puente made (or None)."""

    def __init__(self, message: str, offer: SlotOffer | None) -> None:
        super().__init__(message)
        self.offer = offer


def slot_offer_pick(*, slot: OfferedSlot, by: User, now: dt.datetime | None = None) -> Meeting:
    """``by`` picks ``slot``: the meeting takes that time, confirmed for everyone, who get the
    calendar invitation (REQUEST; a move raises its SEQUENCE). Picking again the time already
    picked changes nothing (a double click is one meeting). A time no longer possible (past, or
    someone who could come is now busy: another meeting, an event, their calendar) is refused
    with ``StaleOffer``: the offer is closed and Puente offers the best times of now in its place,
    in the offerer's name, so the picker can pick again at once."""
    now = now or timezone.now()
    try:
        return _pick(slot=slot, by=by, now=now)
    except _Stale as stale:
        fresh = _offer_again(slot=slot, now=now)
        raise StaleOffer(stale.message, fresh) from None


class _Stale(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


@transaction.atomic
def _pick(*, slot: OfferedSlot, by: User, now: dt.datetime) -> Meeting:
    offer = (
        SlotOffer.objects.select_for_update(of=("self",))
        .select_related("meeting", "offered_by")
        .get(pk=slot.offer_id)
    )
    meeting = offer.meeting
    relationship = meeting.relationship
    if offer.status == SlotOffer.Status.PICKED:
        if offer.picked_id == slot.pk:
            return meeting
        raise ValidationError(_("Another time of this offer was already picked."))
    if offer.status != SlotOffer.Status.OPEN:
        raise ValidationError(_("These times were replaced by newer ones: pick one of those."))
    if not may_pick(relationship, by):
        raise ValidationError(_("The other side picks one of the times you offered."))
    if not meeting.is_open:
        raise ValidationError(_("This meeting was already logged."))
    if slot.start <= now:
        raise _Stale(_("That time has already passed."))
    able = set(slot.cannot.values_list("pk", flat=True))
    busy = [
        u
        for u in selectors.slot_conflicts(relationship, meeting, start=slot.start, end=slot.end)
        if u.pk not in able
    ]
    if busy:
        raise _Stale(
            _("That time is no longer free for %(names)s.")
            % {"names": ", ".join(sorted(u.full_name for u in busy))}
        )
    offerer = offer.offered_by or relationship.mentor.user
    zone = zoneinfo.ZoneInfo(offerer.time_zone)
    meeting_move(
        meeting=meeting,
        on=slot.start.astimezone(zone).date(),
        by=offerer,
        starts_at=slot.start,
        ends_at=slot.end,
        time_zone=offerer.time_zone,
        notify=False,
    )
    offer.status = SlotOffer.Status.PICKED
    offer.picked, offer.picked_by, offer.picked_at = slot, by, now
    offer.save(update_fields=["status", "picked", "picked_by", "picked_at"])
    return meeting_confirm(meeting=meeting, by=by, now=now)


@transaction.atomic
def _offer_again(*, slot: OfferedSlot, now: dt.datetime) -> SlotOffer | None:
    """Close the stale offer and make a new one of the best times of now (None when fewer than
    two are found: the offering side offers again by hand)."""
    offer = SlotOffer.objects.select_for_update(of=("self",)).get(pk=slot.offer_id)
    if offer.status != SlotOffer.Status.OPEN:
        return None
    offer.status = SlotOffer.Status.STALE
    offer.save(update_fields=["status"])
    meeting = Meeting.objects.select_related("relationship").get(pk=offer.meeting_id)
    relationship = Relationship.objects.select_related("program", "wave", "mentor__user").get(
        pk=meeting.relationship_id
    )
    found = selectors.meeting_proposals(relationship, meeting, now=now, count=3)
    fresh = None
    offerer = offer.offered_by or relationship.mentor.user
    if len(found) >= OFFER_SIZES.start:
        fresh = SlotOffer.objects.create(
            relationship=relationship, meeting=meeting, offered_by=offerer
        )
        for proposal in found:
            new = OfferedSlot.objects.create(offer=fresh, start=proposal.start, end=proposal.end)
            if proposal.cannot:
                new.cannot.set(proposal.cannot)
    return fresh
