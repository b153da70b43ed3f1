"""Mentoring pages: my mentoring, a relationship (meetings, logs, agreement, private notes) and
the coordinator's board."""

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.accounts import lockout
from puente.accounts.models import User
from puente.core import hooks
from puente.core.forms import previous_result, run_once
from puente.core.permissions import Action, Role
from puente.mentoring import calendars, selectors, services, timeline, venues
from puente.mentoring.access import RelationshipAccess, get_relationship_for_user
from puente.mentoring.forms import (
    AgreementForm,
    BoardFilterForm,
    BusyCalendarForm,
    ContactRuleForm,
    LogChoices,
    MeetingLogForm,
    MeetingMoveForm,
    MeetingVenueForm,
    PrivateNoteForm,
    RelationshipStatusForm,
    RiskFollowUpForm,
    SessionPlanForm,
    SlotOfferForm,
)
from puente.mentoring.models import (
    Agreement,
    CalendarFeed,
    ContactRule,
    Meeting,
    MeetingLog,
    OfferedSlot,
    PrivateNote,
    Relationship,
    SessionPlan,
)
from puente.mentoring.scopes import CASELOADS, RELATIONSHIPS, RISK_FLAGS
from puente.programs import services as program_services
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.calendar import country_name, weekday_in_a_sentence, weekday_names
from puente.programs.commitment import commitment_text
from puente.programs.forms import BreakForm
from puente.programs.models import Program, Wave
from puente.programs.selectors import work_calendars

FEED_TOKEN_KEY = "mentoring_calendar_feed_token"  # noqa: S105 (a session key)
# The re-layout page lists this many of the meetings that would move (it counts them all).
RELAYOUT_SHOWN = 50


@require_GET
@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_OWN_MENTORING)
    return _mine_page(request, access)


def _mine_page(
    request: HttpRequest,
    access: ProgramAccess,
    *,
    busy_form: BusyCalendarForm | None = None,
    status: int = 200,
) -> HttpResponse:
    # Coordinators see every relationship on the board; here, only those they take part in.
    # The person's few relationships are found first, then counted: counting inside a subquery
    # of the whole program took PostgreSQL 150 ms at 10,000 pairs.
    mine_ids = list(RELATIONSHIPS.reached(access).values_list("pk", flat=True))
    relationships = list(selectors.with_meetings(Relationship.objects.filter(pk__in=mine_ids)))
    # The watch's flags are for those who follow pairs up, not for the pairs themselves.
    flags = set(
        RISK_FLAGS.visible(access).filter(relationship__in=mine_ids).values_list("pk", flat=True)
    )
    for relationship in relationships:
        # Who it is with, for this person: never their own name.
        relationship.other_side = selectors.other_side(relationship, access.user)  # type: ignore[attr-defined]
        relationship.next_meeting = next(  # type: ignore[attr-defined]
            (m for m in relationship.meetings.all() if m.is_open), None
        )
        relationship.open_flags = [  # type: ignore[attr-defined]
            flag
            for flag in relationship.open_flags  # type: ignore[attr-defined]
            if flag.pk in flags
        ]
    feed = CalendarFeed.objects.filter(user=access.user, revoked_at__isnull=True).first()
    # A new feed's address is shown once, right after it was made: only its hash is stored.
    feed_token = request.session.pop(FEED_TOKEN_KEY, None)
    return render(
        request,
        "mentoring/mine.html",
        {
            "access": access,
            "program": access.program,
            "relationships": relationships,
            "feed": feed,
            "feed_url": request.build_absolute_uri(
                reverse("mentoring:calendar-feed", args=[feed_token])
            )
            if feed and feed_token
            else "",
            "busy_calendar": selectors.busy_calendar_of(access.user),
            "busy_form": busy_form or BusyCalendarForm(),
            "busy_days": settings.BUSY_CALENDAR_DAYS,
        },
        status=status,
    )


def _meeting_rows(ra: RelationshipAccess, today: dt.date) -> list[dict[str, Any]]:
    """Each meeting with its shared log, the viewer's own private notes and what became of it,
    in a fixed number of queries. The forms are not here: each meeting's load when opened
    (``meeting_forms``), which keeps the page light. The texts that repeat on every row are
    made here (a template tag per row cost more than the rest of the page)."""
    relationship = ra.relationship
    # Each with its log, in one query; who proposed or confirmed a time is nearly always one
    # of its people, already read (anyone else is read in one more query).
    meetings = list(relationship.meetings.select_related("log").order_by("number"))
    people = {relationship.mentor.user_id: relationship.mentor.user}
    people.update((m.user_id, m.user) for m in relationship.mentees.all())
    others = {
        pk
        for m in meetings
        for pk in (m.proposed_by_id, m.confirmed_by_id)
        if pk is not None and pk not in people
    }
    if others:
        people.update((user.pk, user) for user in User.objects.filter(pk__in=others))
    for meeting in meetings:
        if meeting.proposed_by_id is not None:
            meeting.proposed_by = people.get(meeting.proposed_by_id)
        if meeting.confirmed_by_id is not None:
            meeting.confirmed_by = people.get(meeting.confirmed_by_id)
    notes: dict[int, list[PrivateNote]] = {}
    # Private notes: only the viewer's own, never anyone else's.
    for note in PrivateNote.objects.filter(
        meeting__relationship=relationship, author=ra.access.user
    ):
        notes.setdefault(note.meeting_id, []).append(note)
    urls = _MeetingUrls(ra.access.program.slug, relationship.pk)
    viewer_zone = ra.access.user.time_zone
    venue = venues.venue_of(ra.access.program)
    rows = []
    for meeting in meetings:
        number = meeting.number
        held = meeting.status == Meeting.Status.HELD
        rows.append(
            {
                "meeting": meeting,
                "anchor": f"meeting-{number}",
                "heading": _meeting_heading(meeting, viewer_zone),
                "where": _where_html(venues.where(meeting, venue)) if meeting.is_open else "",
                "log": getattr(meeting, "log", None),
                "notes": notes.get(meeting.pk, []),
                "state": timeline.state(meeting, today),
                "forms_url": urls("mentoring:meeting", number) if ra.is_side else "",
                "forms_label": _("Open the forms of meeting %(number)s") % {"number": number},
                "ics_url": urls("mentoring:meeting-ics", number),
                "ics_label": _("Add meeting %(number)s to your calendar (.ics)")
                % {"number": number},
                "feedback_url": urls("feedback:give", number) if ra.is_side and held else "",
                "feedback_label": _("Give your 30-second feedback on meeting %(number)s")
                % {"number": number},
            }
        )
    return rows


def _where_html(where: venues.Where) -> str:
    """Where a meeting happens, for the page: the link to join the call (and its address, to
    copy), or the place; or that it is not set yet."""
    if where.is_video:
        if where.url:
            return format_html(
                '<a href="{}" rel="noopener" class="video-link">{}</a> '
                '<span class="muted video-address">{}</span>',
                where.url,
                _("Join the video call"),
                where.url,
            )
        return _("Online; the link is not set yet")
    if where.place:
        return format_html("{}", where.place)
    return _("In person; the place is not set yet")


class _MeetingUrls:
    """The addresses of a relationship's meetings: each name reversed once for the page, then
    filled in with each meeting's number (reversing it per meeting was a tenth of the page)."""

    SENTINEL = 987654321

    def __init__(self, slug: str, pk: int) -> None:
        self.slug, self.pk = slug, pk
        self.patterns: dict[str, str] = {}

    def __call__(self, name: str, number: int) -> str:
        if name not in self.patterns:
            self.patterns[name] = reverse(name, args=[self.slug, self.pk, self.SENTINEL])
        return self.patterns[name].replace(str(self.SENTINEL), str(number))


def _meeting_heading(meeting: Meeting, viewer_zone: str) -> str:
    """ "Meeting 3 · 12 March 2026, 6:00 p.m.–8:00 p.m. (America/Bogota)", and the time in the
    viewer's zone when it is another."""
    heading = "{} · {}".format(
        _("Meeting %(number)s") % {"number": meeting.number},
        date_format(meeting.planned_on, "DATE_FORMAT"),
    )
    if meeting.starts_at and meeting.ends_at:
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
        heading += ", {}–{} ({})".format(
            time_format(meeting.starts_at.astimezone(zone), "TIME_FORMAT"),
            time_format(meeting.ends_at.astimezone(zone), "TIME_FORMAT"),
            meeting.time_zone,
        )
        if meeting.time_zone != viewer_zone:
            mine = zoneinfo.ZoneInfo(viewer_zone)
            return format_html(
                '{} <span class="muted">· {}</span>',
                heading,
                _("%(start)s–%(end)s your time")
                % {
                    "start": time_format(meeting.starts_at.astimezone(mine), "TIME_FORMAT"),
                    "end": time_format(meeting.ends_at.astimezone(mine), "TIME_FORMAT"),
                },
            )
    return heading


def _whats_next(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The next meeting (the first open one whose day has not passed), the meetings whose day
    passed without a log, and the next steps agreed at the last meeting held."""
    upcoming = sorted(
        (row for row in rows if row["state"] == "planned"),
        key=lambda row: (row["meeting"].planned_on, row["meeting"].number),
    )
    held = [row for row in rows if row["meeting"].status == Meeting.Status.HELD and row["log"]]
    last_held = max(held, key=lambda row: row["meeting"].number, default=None)
    return {
        "next": upcoming[0] if upcoming else None,
        "to_log": [row for row in rows if row["state"] == "to_log"],
        "last_held": last_held,
    }


def _relationship_context(ra: RelationshipAccess, **extra: Any) -> dict[str, Any]:
    # Fetched through its scope with its mentor, and its mentees with their users and tutors;
    # the progress is counted from the meetings read below (a second, annotated read of the
    # relationship cost tens of milliseconds).
    relationship = ra.relationship
    viewer = ra.access.user
    zone = zoneinfo.ZoneInfo(viewer.time_zone)
    today = timezone.localdate(timezone=zone)
    agreement = getattr(relationship, "agreement", None)  # read with the relationship
    if agreement is not None:
        prefetch_related_objects([agreement], "confirmations")
    signatories: list[dict[str, Any]] = []
    mine = None
    if agreement is not None:
        agreement.relationship = relationship  # its mentees, already read with their users
        for person, confirmation in agreement.signatories():
            signatories.append(
                {
                    "person": person,
                    "is_mentor": person.pk == relationship.mentor_id,
                    "confirmation": confirmation,
                }
            )
            if person.user_id == viewer.pk:
                mine = confirmation
    rows = _meeting_rows(ra, today)
    overlaps = selectors.overlapping_meetings(relationship, [row["meeting"] for row in rows])
    for row in rows:
        row["overlaps"] = overlaps.get(row["meeting"].pk, [])
    allowed = services.STATUS_TRANSITIONS.get(relationship.status, frozenset())
    status_form = extra.pop("status_form", None)
    if status_form is None and ra.access.can(Action.MANAGE_MENTORING) and allowed:
        status_form = RelationshipStatusForm(allowed=allowed)
    meetings = [row["meeting"] for row in rows]
    first_ahead = not any(m.status == Meeting.Status.HELD for m in meetings)
    whats_next = _whats_next(rows)
    scheduling = _scheduling(ra, whats_next["next"]["meeting"] if whats_next["next"] else None)
    return {
        "access": ra.access,
        "program": ra.access.program,
        "ra": ra,
        "relationship": relationship,
        "title": selectors.relationship_title(relationship, viewer),
        "rows": rows,
        "whats_next": whats_next,
        **scheduling,
        "counts": timeline.counts(meetings, today),
        "timeline": timeline.timeline_svg(
            meetings,
            starts_on=relationship.starts_on,
            ends_on=relationship.ends_on,
            today=today,
            key=f"timeline-{relationship.pk}",
        ),
        "today": today,
        "next_panels": hooks.relationship_panels("next", ra.access, relationship),
        "first_meeting_ahead": first_ahead,
        "first_meeting_panels": hooks.relationship_panels(
            "before_first_meeting", ra.access, relationship
        )
        if first_ahead
        else [],
        "agreement": agreement,
        "signatories": signatories,
        "my_confirmation": mine,
        "agreement_url": reverse(
            "mentoring:agreement", args=[ra.access.program.slug, relationship.pk]
        ),
        "status_form": status_form,
        "viewer_time_zone": viewer.time_zone,
        "status_changes": selectors.status_changes(relationship),
        **extra,
    }


def _scheduling(ra: RelationshipAccess, meeting: Meeting | None) -> dict[str, Any]:
    """The next meeting's offer of times (waiting for a pick), and whether the viewer offers
    times or picks them (four queries, whatever the number of meetings)."""
    if meeting is None or not ra.is_side:
        return {"offer": None, "may_offer": False, "may_pick": False}
    side = services.offering_side(ra.access.program)
    viewer = ra.access.user
    return {
        "offer": selectors.open_offer(meeting),
        "may_offer": ra.access.can(Action.OFFER_TIMES)
        and services.may_offer(ra.relationship, viewer, side)
        and ra.relationship.status == Relationship.Status.ACTIVE,
        "may_pick": ra.access.can(Action.PICK_TIMES)
        and services.may_pick(ra.relationship, viewer, side),
    }


@require_GET
@login_required
def relationship_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk)
    return render(request, "mentoring/relationship.html", _relationship_context(ra))


def _meeting_forms(
    ra: RelationshipAccess, meeting: Meeting, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    """The log, move and private-note forms of one meeting (``bound``: a form sent back with
    its errors, which keeps what was typed)."""
    bound = bound or {}
    relationship = ra.relationship
    prefix = f"m{meeting.number}"
    log = (
        MeetingLog.objects.filter(meeting=meeting)
        .prefetch_related("attended", "focus_areas")
        .first()
    )
    initial: dict[str, Any] = {}
    if log is not None:
        initial = {
            "held": "yes" if log.held else "no",
            "duration_minutes": log.duration_minutes,
            "attended": list(log.attended.all()),
            "topics": log.topics,
            "focus_areas": list(log.focus_areas.all()),
            "next_steps": log.next_steps,
            "shared_notes": log.shared_notes,
        }
    return {
        "log": log,
        "log_form": bound.get("log")
        or MeetingLogForm(
            relationship=relationship,
            prefix=prefix,
            initial=initial,
            choices=LogChoices.for_relationship(relationship),
        ),
        "move_form": (
            bound.get("move")
            or MeetingMoveForm.for_meeting(
                meeting, prefix=prefix, time_zone=ra.access.user.time_zone
            )
        )
        if meeting.is_open
        else None,
        "note_form": bound.get("note") or PrivateNoteForm(prefix=prefix),
    }


def _meeting_page(
    request: HttpRequest,
    ra: RelationshipAccess,
    meeting: Meeting,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    """A meeting's forms: a fragment for htmx (loaded when the meeting is opened on the
    relationship's page), else a page of their own (without JavaScript, and when a form comes
    back with errors: 422, keeping what was typed)."""
    context = {
        "access": ra.access,
        "program": ra.access.program,
        "ra": ra,
        "relationship": ra.relationship,
        "meeting": meeting,
        "viewer_time_zone": ra.access.user.time_zone,
        **_meeting_forms(ra, meeting, bound),
    }
    if request.htmx and not bound:  # type: ignore[attr-defined]
        response = render(request, "mentoring/_meeting_forms.html", context)
    else:
        context["title"] = selectors.relationship_title(ra.relationship, ra.access.user)
        context["notes"] = PrivateNote.objects.filter(meeting=meeting, author=ra.access.user)
        response = render(request, "mentoring/meeting.html", context, status=422 if bound else 200)
    # The fragment and the page share an address: caches keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
@login_required
def meeting_forms(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk, write=True)
    return _meeting_page(request, ra, _get_meeting(ra, number))


def _get_meeting(ra: RelationshipAccess, number: int) -> Meeting:
    meeting = ra.relationship.meetings.filter(number=number).first()
    if meeting is None:
        raise Http404
    return meeting


def _back(ra: RelationshipAccess, anchor: str = "") -> HttpResponse:
    response = redirect(
        "mentoring:relationship", slug=ra.access.program.slug, pk=ra.relationship.pk
    )
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_GET
@login_required
def meeting_ics(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk)
    meeting = _get_meeting(ra, number)
    page = request.build_absolute_uri(_back(ra, f"meeting-{number}")["Location"])
    response = HttpResponse(
        calendars.meeting_ics(meeting, url=page), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{number}.ics"'
    return response


@require_POST
@login_required
def calendar_feed_renew(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_RELATIONSHIPS)
    request.session[FEED_TOKEN_KEY] = services.calendar_feed_renew(user=access.user)
    messages.success(
        request, _("Your calendar address is ready. Any earlier address no longer works.")
    )
    return redirect(reverse("mentoring:mine", args=[slug]) + "#calendar-feed")


@sensitive_post_parameters("url")
@require_POST
@login_required
def busy_calendar_save(request: HttpRequest, slug: str) -> HttpResponse:
    """Keep the person's own calendar address for their busy times; read in the background."""
    access = get_program_for_user(request, slug, Action.VIEW_OWN_MENTORING)
    form = BusyCalendarForm(request.POST)
    if form.is_valid():
        try:
            services.busy_calendar_set(user=access.user, url=form.cleaned_data["url"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Your calendar address is saved. Puente reads your busy times in a moment."),
            )
            return redirect(reverse("mentoring:mine", args=[slug]) + "#busy-calendar")
    return _mine_page(request, access, busy_form=form, status=422)


@require_POST
@login_required
def busy_calendar_remove(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_OWN_MENTORING)
    if services.busy_calendar_remove(user=access.user):
        messages.success(
            request, _("Your calendar address and the busy times read from it are deleted.")
        )
    return redirect(reverse("mentoring:mine", args=[slug]) + "#busy-calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public by token, for calendar clients that cannot sign in; a revoked token is a 404.

    Unknown tokens from one address are counted, and too many lock that address out for a while
    (puente/accounts/lockout.py), so tokens cannot be guessed by brute force. A valid token is
    looked up first and never refused: one misconfigured client behind a shared address must not
    lock everyone else's calendars out.
    """
    feed = selectors.calendar_feed_for_token(token)
    if feed is None:
        locked = lockout.guard(request, subject=lockout.CALENDAR_FEED)
        if locked is not None:
            return locked
        lockout.record_failure(request, subject=lockout.CALENDAR_FEED)
        raise Http404
    with translation.override(feed.user.language):
        body = calendars.feed_ics(
            selectors.calendar_feed_meetings(feed.user),
            name=_("Puente: my mentoring"),
            # The program events the person is invited to, added by the events app.
            entries=hooks.calendar_feed_entries(feed.user),
        )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_POST
@login_required
def meeting_log(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk, write=True)
    meeting = _get_meeting(ra, number)
    form = MeetingLogForm(request.POST, relationship=ra.relationship, prefix=f"m{number}")
    if form.is_valid():
        services.meeting_log(meeting=meeting, by=ra.access.user, data=form.cleaned_data)
        messages.success(request, _("Meeting %(number)s logged.") % {"number": number})
        return _back(ra, f"meeting-{number}")
    return _meeting_page(request, ra, meeting, bound={"log": form})


@require_POST
@login_required
def meeting_move(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk, write=True)
    meeting = _get_meeting(ra, number)
    form = MeetingMoveForm(request.POST, prefix=f"m{number}")
    if form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            services.meeting_move(
                meeting=meeting,
                on=form.cleaned_data["on"],
                by=ra.access.user,
                starts_at=starts_at,
                ends_at=ends_at,
                time_zone=form.cleaned_data["time_zone"],
                mode=form.cleaned_data["mode"] or None,
                place=form.cleaned_data["place"],
                video_link=form.cleaned_data["video_link"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Meeting %(number)s updated.") % {"number": number})
            _warn_overlaps(request, ra, meeting)
            return _back(ra, f"meeting-{number}")
    return _meeting_page(request, ra, meeting, bound={"move": form})


@require_POST
@login_required
def meeting_confirm(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk, write=True)
    meeting = _get_meeting(ra, number)
    try:
        services.meeting_confirm(meeting=meeting, by=ra.access.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Meeting %(number)s confirmed.") % {"number": number})
    return _back(ra, f"meeting-{number}")


def _when(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return "{}, {}, {}".format(
        date_format(local, "l").capitalize(),
        date_format(local, "DATE_FORMAT"),
        time_format(local, "TIME_FORMAT"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_offer(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    """The times Puente proposes for a meeting (and the best for each of the plan's next
    meetings); the offering side ticks two or three (or types one) and offers them."""
    ra = get_relationship_for_user(request, slug, pk, write=True)
    viewer = ra.access.user
    if not ra.access.can(Action.OFFER_TIMES) or not services.may_offer(ra.relationship, viewer):
        raise PermissionDenied
    meeting = _get_meeting(ra, number)
    if not meeting.is_open:
        messages.error(request, _("This meeting was already logged."))
        return _back(ra, f"meeting-{number}")
    now = timezone.now()
    zone = zoneinfo.ZoneInfo(viewer.time_zone)
    proposed = selectors.meeting_proposals(ra.relationship, meeting, now=now)
    choices = [(p.start.isoformat(), _when(p.start, zone)) for p in proposed]
    length = selectors.plan_length(ra.relationship)
    form = SlotOfferForm(
        request.POST or None, proposed=choices, zone=zone, length=length, prefix="offer"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.slot_offer_create(meeting=meeting, by=viewer, slots=form.moments(), now=now)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Times offered for meeting %(number)s: the other side picks one.")
                % {"number": number},
            )
            return _back(ra, "offer")
    if request.method == "GET":
        form.initial["slots"] = [value for value, _label in choices[:3]]
    later = [
        m
        for m in ra.relationship.meetings.filter(
            number__gt=number, status__in=services.OPEN_STATUSES, starts_at__isnull=True
        )
    ]
    plan = selectors.plan_proposals(ra.relationship, later, now=now) if later else {}
    context = {
        "access": ra.access,
        "program": ra.access.program,
        "relationship": ra.relationship,
        "meeting": meeting,
        "title": selectors.relationship_title(ra.relationship, viewer),
        "form": form,
        "proposed": proposed,
        "viewer_time_zone": viewer.time_zone,
        "plan": [(m, plan.get(m.number)) for m in later],
    }
    return render(request, "mentoring/offer.html", context, status=422 if form.is_bound else 200)


@require_POST
@login_required
def meeting_pick(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    """One click picks one of the times offered: the meeting is confirmed for everyone."""
    ra = get_relationship_for_user(request, slug, pk, write=True)
    if not ra.access.can(Action.PICK_TIMES) or not services.may_pick(
        ra.relationship, ra.access.user
    ):
        raise PermissionDenied
    meeting = _get_meeting(ra, number)
    slot = (
        OfferedSlot.objects.filter(offer__meeting=meeting, pk=request.POST.get("slot") or 0)
        .select_related("offer")
        .first()
        if (request.POST.get("slot") or "").isdigit()
        else None
    )
    if slot is None:
        messages.error(request, _("Pick one of the times offered."))
        return _back(ra, "offer")
    try:
        services.slot_offer_pick(slot=slot, by=ra.access.user)
    except services.StaleOffer as stale:
        for text in stale.messages:
            messages.error(request, text)
        if stale.offer is not None:
            messages.info(request, _("Puente proposes new times below: pick one."))
        return _back(ra, "offer")
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _back(ra, "offer")
    messages.success(
        request,
        _("Meeting %(number)s is confirmed for everyone; the invitation is in your email.")
        % {"number": number},
    )
    return _back(ra, "next-meeting")


def _warn_overlaps(request: HttpRequest, ra: RelationshipAccess, meeting: Meeting) -> None:
    """Tell the person who set a time that it clashes with another meeting of someone in it."""
    for other in selectors.overlapping_meetings(ra.relationship).get(meeting.pk, []):
        assert other.starts_at  # noqa: S101 - overlaps have a time
        messages.warning(
            request,
            _(
                "This time overlaps meeting %(number)s of the relationship with %(mentor)s "
                "(%(program)s) on %(when)s. Check it is what you meant."
            )
            % {
                "number": other.number,
                "mentor": other.relationship.mentor.user.full_name,
                "program": other.relationship.program.name,
                "when": "{} ({})".format(
                    date_format(
                        other.starts_at.astimezone(zoneinfo.ZoneInfo(other.time_zone)),
                        "DATETIME_FORMAT",
                    ),
                    other.time_zone,
                ),
            },
        )


@require_POST
@login_required
def private_note(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk, write=True)
    meeting = _get_meeting(ra, number)
    form = PrivateNoteForm(request.POST, prefix=f"m{number}")
    if form.is_valid():
        services.private_note_add(
            meeting=meeting, by=ra.access.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Private note saved."))
        return _back(ra, f"meeting-{number}")
    return _meeting_page(request, ra, meeting, bound={"note": form})


@require_http_methods(["GET", "POST"])
@login_required
def agreement_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Write or change the agreement. GET: its form, a fragment for htmx (loaded when "Change
    the agreement" is opened on the relationship's page) or a page of its own (without
    JavaScript); a form with errors comes back on that page (422), keeping what was typed."""
    ra = get_relationship_for_user(request, slug, pk, write=True)
    agreement = Agreement.objects.filter(relationship=ra.relationship).first()
    if request.method == "GET":
        return _agreement_page(request, ra, AgreementForm(instance=agreement), agreement)
    form = AgreementForm(request.POST, instance=agreement)
    if form.is_valid():
        services.agreement_save(
            relationship=ra.relationship, by=ra.access.user, data=form.cleaned_data
        )
        messages.success(
            request,
            _("Agreement saved. The mentor and every mentee confirm it, each for themselves."),
        )
        return _back(ra, "agreement")
    return _agreement_page(request, ra, form, agreement, status=422)


def _agreement_page(
    request: HttpRequest,
    ra: RelationshipAccess,
    form: AgreementForm,
    agreement: Agreement | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "access": ra.access,
        "program": ra.access.program,
        "relationship": ra.relationship,
        "agreement": agreement,
        "agreement_form": form,
    }
    if request.htmx and status == 200:  # type: ignore[attr-defined]
        response = render(request, "mentoring/_agreement_form.html", context)
    else:
        context["title"] = selectors.relationship_title(ra.relationship, ra.access.user)
        response = render(request, "mentoring/agreement.html", context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
@login_required
def agreement_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk, write=True)
    agreement = Agreement.objects.filter(relationship=ra.relationship).first()
    if agreement is None:
        raise Http404
    services.agreement_confirm(agreement=agreement, by=ra.access.user)
    messages.success(request, _("You confirmed the agreement."))
    return _back(ra, "agreement")


@require_GET
@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    form = BoardFilterForm(request.GET or None, program=access.program)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "wave_id": data["wave"].pk if data["wave"] else None,
            "track_id": data["track"].pk if data["track"] else None,
            "status": data["status"],
            "at_risk": data["at_risk"],
        }
    # 50 a page: a program of thousands of pairs rendered whole took seconds and megabytes.
    page = selectors.board_page(
        RELATIONSHIPS.visible(access), number=request.GET.get("page"), **filters
    )
    return render(
        request,
        "mentoring/board.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "relationships": page.object_list,
            "page": page,
            "follow_up_form": RiskFollowUpForm(),
            "rule_form": _rule_form(access.program),
            "waiting_matches": selectors.matches_without_relationship(access.program).count(),
        },
    )


@require_GET
@login_required
def caseload(request: HttpRequest, slug: str) -> HttpResponse:
    """Tutors' caseloads: each tutor's mentees against the program's limit, with their pairs'
    last contact and risk flags (every tutor's for coordinators, one's own for a tutor)."""
    access = get_program_for_user(request, slug, Action.VIEW_CASELOADS)
    tutors = CASELOADS.visible(access).filter(role=Role.TUTOR)
    page = Paginator(tutors.order_by("user__full_name", "pk").values_list("pk", flat=True), 20)
    chosen = page.get_page(request.GET.get("page"))
    loads = selectors.caseloads(
        tutors.filter(pk__in=list(chosen.object_list)), limit=access.program.tutor_caseload
    )
    return render(
        request,
        "mentoring/caseload.html",
        {
            "access": access,
            "program": access.program,
            "caseloads": loads,
            "page": chosen,
            "unassigned": access.program.memberships.filter(
                role=Role.MENTEE, tutor_assignment__isnull=True
            ).count()
            if access.can(Action.MANAGE_MATCHING)
            else None,
        },
    )


def _rule_form(program: Program, data: Any = None) -> ContactRuleForm:
    rule = ContactRule.objects.filter(program=program).first()
    return ContactRuleForm(
        data, initial={"meetings_per_month": rule.meetings_per_month if rule else 1}
    )


@require_POST
@login_required
def contact_rule(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    form = _rule_form(access.program, request.POST)
    if form.is_valid():
        services.contact_rule_save(
            program=access.program,
            by=access.user,
            meetings_per_month=form.cleaned_data["meetings_per_month"],
        )
        messages.success(request, _("Contact rule saved."))
    else:
        messages.error(request, _("Enter a number of meetings from 1 to 31."))
    return redirect("mentoring:board", slug=access.program.slug)


@require_POST
@login_required
def risk_follow_up(request: HttpRequest, slug: str, flag_pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.FOLLOW_UP_RISKS)
    flag = RISK_FLAGS.get(access, flag_pk, write=True, related=("relationship",))
    form = RiskFollowUpForm(request.POST)
    if form.is_valid():
        services.risk_flag_follow_up(flag=flag, by=access.user, text=form.cleaned_data["text"])
        messages.success(request, _("Follow-up recorded."))
    else:
        messages.error(request, _("Write what was done before saving the follow-up."))
    response = redirect("mentoring:board", slug=access.program.slug)
    response["Location"] += f"?at_risk=on#relationship-{flag.relationship_id}"
    return response


@require_POST
@login_required
def relationships_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    made = services.relationships_from_matches(program=access.program)
    messages.success(
        request,
        ngettext(
            "%(count)s relationship created from confirmed matches.",
            "%(count)s relationships created from confirmed matches.",
            len(made),
        )
        % {"count": len(made)},
    )
    return redirect("mentoring:board", slug=access.program.slug)


@require_POST
@login_required
def relationship_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk)
    if not ra.access.can(Action.MANAGE_MENTORING):
        raise PermissionDenied
    allowed = services.STATUS_TRANSITIONS.get(ra.relationship.status, frozenset())
    form = RelationshipStatusForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            services.relationship_status_change(
                relationship=ra.relationship,
                status=form.cleaned_data["status"],
                by=ra.access.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The relationship is now %(status)s.")
                % {"status": ra.relationship.get_status_display().lower()},
            )
            return _back(ra, "status")
    context = _relationship_context(ra, status_form=form)
    return render(request, "mentoring/relationship.html", context, status=422)


def _plan_scopes(
    program: Program, bound: tuple[str, SessionPlanForm] | None = None
) -> list[dict[str, Any]]:
    """The program's plan and each wave's, with a form and the layout it gives on the program's
    calendar (working days, public holidays, breaks)."""
    plans = {plan.wave_id: plan for plan in SessionPlan.objects.filter(program=program)}
    program_plan = plans.get(None) or services.plan_for(program, None)
    calendars = work_calendars(program)
    scopes: list[dict[str, Any]] = [
        {"key": "program", "wave": None, "plan": program_plan, "own": None in plans}
    ]
    for wave in program.waves.order_by("starts_on", "pk"):
        scopes.append(
            {
                "key": str(wave.pk),
                "wave": wave,
                "plan": plans.get(wave.pk) or program_plan,
                "own": wave.pk in plans,
            }
        )
    for scope in scopes:
        wave = scope["wave"]
        starts_on = wave.starts_on if wave else program.starts_on
        slots = services.plan_slots(
            scope["plan"], starts_on, calendars.get(wave.pk if wave else None, calendars[None])
        )
        scope["slots"] = [
            {
                "day": s.day,
                "theme": s.theme,
                "planned": s.planned,
                "planned_weekday": weekday_in_a_sentence(s.planned),
                "moved_because": s.moved_because,
            }
            for s in slots
        ]
        scope["starts_on"] = starts_on
        scope["ends_on"] = wave.ends_on if wave else program.ends_on
        scope["commitment"] = commitment_text(services.plan_commitment(program, wave))
        if bound and bound[0] == scope["key"]:
            scope["form"] = bound[1]
        else:
            scope["form"] = SessionPlanForm.for_plan(scope["plan"], prefix=f"plan-{scope['key']}")
    return scopes


def _session_plans_page(
    request: HttpRequest,
    access: ProgramAccess,
    *,
    bound: tuple[str, SessionPlanForm] | None = None,
    break_form: BreakForm | None = None,
    venue_form: MeetingVenueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    program = access.program
    if venue_form is None:
        venue_form = MeetingVenueForm(instance=venues.venue_of(program))
    return render(
        request,
        "mentoring/session_plans.html",
        {
            "access": access,
            "program": program,
            "scopes": _plan_scopes(program, bound),
            "country": country_name(program.country) if program.country else "",
            "working_days": weekday_names(program.working_days),
            "breaks": program.breaks.select_related("wave").order_by("starts_on", "pk"),
            "break_form": break_form or BreakForm(program=program),
            "venue_form": venue_form,
            "jitsi_url": settings.JITSI_URL,
        },
        status=status,
    )


@require_GET
@login_required
def session_plans(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    return _session_plans_page(request, access)


@require_POST
@login_required
def meeting_venue(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator chooses how the program's pairs meet (on the session plans page)."""
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    form = MeetingVenueForm(request.POST, instance=venues.venue_of(access.program))
    if form.is_valid():
        services.meeting_venue_save(
            program=access.program,
            by=access.user,
            mode=form.cleaned_data["mode"],
            url_template=form.cleaned_data["url_template"],
            place=form.cleaned_data["place"],
            offers=form.cleaned_data.get("offers") or None,
        )
        messages.success(request, _("Saved: how pairs meet."))
        return redirect(reverse("mentoring:session-plans", args=[slug]) + "#venue")
    return _session_plans_page(request, access, venue_form=form, status=422)


def _plan_wave(program: Program, scope: str) -> Wave | None:
    if scope == "program":
        return None
    wave = program.waves.filter(pk=int(scope)).first() if scope.isdigit() else None
    if wave is None:
        raise Http404
    return wave


@require_POST
@login_required
def session_plan_save(request: HttpRequest, slug: str, scope: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    wave = _plan_wave(access.program, scope)
    form = SessionPlanForm(request.POST, prefix=f"plan-{scope}")
    if form.is_valid():
        services.session_plan_save(
            program=access.program, wave=wave, by=access.user, data=form.cleaned_data
        )
        messages.success(
            request,
            _("Plan of %(wave)s saved. It applies to relationships created from now on.")
            % {"wave": wave.name}
            if wave
            else _("Plan of the program saved. It applies to relationships created from now on."),
        )
        return redirect(reverse("mentoring:session-plans", args=[slug]) + f"#plan-{scope}")
    return _session_plans_page(request, access, bound=(scope, form), status=422)


@require_POST
@login_required
def session_plan_delete(request: HttpRequest, slug: str, scope: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    wave = _plan_wave(access.program, scope)
    plan = SessionPlan.objects.filter(program=access.program, wave=wave).first()
    if wave is None or plan is None:
        raise Http404
    services.session_plan_delete(plan=plan, by=access.user)
    messages.success(request, _("%(wave)s now follows the program's plan.") % {"wave": wave.name})
    return redirect(reverse("mentoring:session-plans", args=[slug]) + f"#plan-{scope}")


@require_POST
@login_required
def break_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    if done := previous_result(request.POST):
        return redirect(done)
    form = BreakForm(request.POST, program=access.program)
    if form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submit_key")

        def add() -> str:
            program_services.break_add(program=access.program, by=access.user, **data)
            messages.success(
                request,
                _(
                    "Break added. New relationships get no meeting in it; to move the meetings "
                    "of those already running, re-lay them out."
                ),
            )
            return reverse("mentoring:session-plans", args=[slug]) + "#breaks"

        return redirect(run_once(key, add))
    return _session_plans_page(request, access, break_form=form, status=422)


@require_POST
@login_required
def break_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    pause = access.program.breaks.filter(pk=pk).first()
    if pause is None:
        raise Http404
    program_services.break_remove(pause=pause, by=access.user)
    messages.success(request, _("Break removed: %(name)s.") % {"name": pause.name})
    return redirect(reverse("mentoring:session-plans", args=[slug]) + "#breaks")


@require_http_methods(["GET", "POST"])
@login_required
def session_plans_relayout(request: HttpRequest, slug: str) -> HttpResponse:
    """Move the planned meetings of existing relationships to the plan and calendar in force:
    a page that says how many meetings move (and which), then the coordinator's confirmation."""
    access = get_program_for_user(request, slug, Action.MANAGE_MENTORING)
    if request.method == "POST":
        moved = services.meetings_relayout(program=access.program, by=access.user)
        messages.success(
            request,
            ngettext("%(count)s meeting moved.", "%(count)s meetings moved.", moved)
            % {"count": moved},
        )
        return redirect("mentoring:session-plans", slug=slug)
    moves = services.relayout_moves(program=access.program, today=timezone.localdate())
    relationships = {move.meeting.relationship_id for move in moves}
    return render(
        request,
        "mentoring/session_plans_relayout.html",
        {
            "access": access,
            "program": access.program,
            "moves": moves[:RELAYOUT_SHOWN],
            "count": len(moves),
            "relationships": len(relationships),
        },
    )
