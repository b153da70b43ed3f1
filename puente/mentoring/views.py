"""Mentoring pages: my mentoring, a relationship (meetings, logs, agreement, private notes) and
the coordinator's board."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from puente.core.permissions import Action, Role
from puente.mentoring import calendars, selectors, services
from puente.mentoring.access import (
    RelationshipAccess,
    get_relationship_for_user,
    relationships_taken_part,
    relationships_visible,
)
from puente.mentoring.forms import (
    AgreementForm,
    BoardFilterForm,
    ContactRuleForm,
    MeetingLogForm,
    MeetingMoveForm,
    PrivateNoteForm,
    RiskFollowUpForm,
)
from puente.mentoring.models import (
    Agreement,
    CalendarFeed,
    ContactRule,
    Meeting,
    MeetingLog,
    PrivateNote,
    RiskFlag,
)
from puente.programs.access import get_program_for_user
from puente.programs.models import Program

FEED_TOKEN_KEY = "mentoring_calendar_feed_token"  # noqa: S105 (a session key)


@require_GET
@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_RELATIONSHIPS)
    # Coordinators see every relationship on the board; here, only those they take part in.
    relationships = list(selectors.with_meetings(relationships_taken_part(access)))
    for relationship in relationships:
        relationship.next_meeting = next(  # type: ignore[attr-defined]
            (m for m in relationship.meetings.all() if m.is_open), None
        )
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
            # The watch's flags are for those who follow pairs up, not for the pairs themselves.
            "show_risks": Role.TUTOR in access.roles or access.is_coordinator,
        },
    )


def _meeting_rows(
    ra: RelationshipAccess, bound: dict[int, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    relationship = ra.relationship
    meetings = list(relationship.meetings.order_by("number"))
    logs = {
        log.meeting_id: log
        for log in MeetingLog.objects.filter(meeting__relationship=relationship)
        .select_related("written_by")
        .prefetch_related("attended__user", "focus_areas")
    }
    notes: dict[int, list[PrivateNote]] = {}
    # Private notes: only the viewer's own, never anyone else's.
    for note in PrivateNote.objects.filter(
        meeting__relationship=relationship, author=ra.access.user
    ):
        notes.setdefault(note.meeting_id, []).append(note)
    rows = []
    for meeting in meetings:
        forms = (bound or {}).get(meeting.number, {})
        log = logs.get(meeting.pk)
        row: dict[str, Any] = {"meeting": meeting, "log": log, "notes": notes.get(meeting.pk, [])}
        if ra.is_side:
            prefix = f"m{meeting.number}"
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
            row["log_form"] = forms.get("log") or MeetingLogForm(
                relationship=relationship, prefix=prefix, initial=initial
            )
            row["move_form"] = forms.get("move") or MeetingMoveForm.for_meeting(
                meeting, prefix=prefix
            )
            row["note_form"] = forms.get("note") or PrivateNoteForm(prefix=prefix)
            row["open"] = bool(forms)
        rows.append(row)
    return rows


def _relationship_context(ra: RelationshipAccess, **extra: Any) -> dict[str, Any]:
    relationship = selectors.with_progress(
        relationships_visible(ra.access).filter(pk=ra.relationship.pk)
    ).get()
    agreement = Agreement.objects.filter(relationship=relationship).first()
    return {
        "access": ra.access,
        "program": ra.access.program,
        "ra": ra,
        "relationship": relationship,
        "rows": _meeting_rows(ra, extra.pop("bound", None)),
        "agreement": agreement,
        "agreement_form": extra.pop("agreement_form", None) or AgreementForm(instance=agreement),
        **extra,
    }


@require_GET
@login_required
def relationship_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk)
    return render(request, "mentoring/relationship.html", _relationship_context(ra))


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


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public by token, for calendar clients that cannot sign in; a revoked token is a 404."""
    feed = selectors.calendar_feed_for_token(token)
    if feed is None:
        raise Http404
    with translation.override(feed.user.language):
        body = calendars.feed_ics(
            selectors.calendar_feed_meetings(feed.user), name=_("Puente: my mentoring")
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
    context = _relationship_context(ra, bound={number: {"log": form}})
    return render(request, "mentoring/relationship.html", context, status=422)


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
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Meeting %(number)s updated.") % {"number": number})
            return _back(ra, f"meeting-{number}")
    context = _relationship_context(ra, bound={number: {"move": form}})
    return render(request, "mentoring/relationship.html", context, status=422)


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
    context = _relationship_context(ra, bound={number: {"note": form}})
    return render(request, "mentoring/relationship.html", context, status=422)


@require_POST
@login_required
def agreement_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ra = get_relationship_for_user(request, slug, pk, write=True)
    agreement = Agreement.objects.filter(relationship=ra.relationship).first()
    form = AgreementForm(request.POST, instance=agreement)
    if form.is_valid():
        services.agreement_save(
            relationship=ra.relationship, by=ra.access.user, data=form.cleaned_data
        )
        messages.success(request, _("Agreement saved. Both sides confirm it."))
        return _back(ra, "agreement")
    context = _relationship_context(ra, agreement_form=form)
    return render(request, "mentoring/relationship.html", context, status=422)


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
    relationships = selectors.board(relationships_visible(access), **filters)
    return render(
        request,
        "mentoring/board.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "relationships": relationships,
            "follow_up_form": RiskFollowUpForm(),
            "rule_form": _rule_form(access.program),
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
    flag = (
        RiskFlag.objects.filter(relationship__program=access.program, pk=flag_pk)
        .select_related("relationship")
        .first()
    )
    if flag is None:
        raise Http404
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
