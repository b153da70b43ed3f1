"""Events pages: the program's events (or a person's invitations), an event (details,
answer, invitations, attendance, lessons learned, cancelling) and its calendar file."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action
from puente.events import calendars, selectors, services
from puente.events.forms import (
    EventAttendanceForm,
    EventAudienceForm,
    EventCancelForm,
    EventForm,
    EventLessonsForm,
    EventRsvpForm,
)
from puente.events.models import Event, EventInvitation
from puente.events.scopes import EVENTS
from puente.programs.access import ProgramAccess, get_program_for_user


def _get_event(access: ProgramAccess, pk: int) -> tuple[Event, EventInvitation | None]:
    """The event and the person's own invitation to it. Coordinators reach every event of the
    program; anyone else only those they are invited to (404 otherwise)."""
    found = EVENTS.get(access, pk, related=("wave", "track", "cancelled_by"))
    invitation = EventInvitation.objects.filter(event=found, user=access.user).first()
    return found, invitation


@require_GET
@login_required
def events(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators: every event of the program with its counts. Others: the events they are
    invited to, with their answer."""
    access = get_program_for_user(request, slug, Action.VIEW_EVENTS)
    now = timezone.now()
    context: dict[str, Any] = {"access": access, "program": access.program, "now": now}
    if access.can(Action.MANAGE_EVENTS):
        all_events = list(selectors.events_with_counts(access.program.pk))
        context["upcoming"] = [e for e in all_events if e.ends_at >= now]
        context["past"] = [e for e in reversed(all_events) if e.ends_at < now]
    else:
        invitations = list(selectors.event_invitations_of(access))
        context["upcoming_invitations"] = [i for i in invitations if i.event.ends_at >= now]
        context["past_invitations"] = [i for i in reversed(invitations) if i.event.ends_at < now]
        context["rsvp_choices"] = EventRsvpForm.base_fields["rsvp"].choices  # type: ignore[attr-defined]
    return render(request, "events/events.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_EVENTS)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = EventForm(
        posted(request),
        program=access.program,
        initial={"time_zone": access.user.time_zone},
    )
    if request.method == "POST":
        if form.is_valid():

            def create() -> str:
                event = services.event_save(
                    program=access.program, by=access.user, data=form.event_data()
                )
                messages.success(request, _("Event created. Now invite its audience."))
                return reverse("events:event", args=[slug, event.pk]) + "#invite"

            return redirect(run_once(form.cleaned_data["submit_key"], create))
        return render(
            request,
            "events/event_form.html",
            {"access": access, "program": access.program, "form": form},
            status=422,
        )
    return render(
        request,
        "events/event_form.html",
        {"access": access, "program": access.program, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_EVENTS)
    event, _invitation = _get_event(access, pk)
    if event.cancelled_at is not None:
        messages.error(request, _("This event is cancelled: it can no longer be changed."))
        return redirect("events:event", slug=slug, pk=event.pk)
    form = EventForm(
        posted(request),
        program=access.program,
        instance=event,
    )
    context = {"access": access, "program": access.program, "form": form, "event": event}
    if request.method == "POST":
        if form.is_valid():
            try:
                change = services.event_update(
                    event=event,
                    by=access.user,
                    data=form.event_data(),
                    notify=form.cleaned_data["notify"],
                )
            except ValidationError as error:  # cancelled meanwhile
                form.add_error(None, error)
                return render(request, "events/event_form.html", context, status=422)
            if change.told:
                messages.success(
                    request,
                    ngettext(
                        "Event saved. %(count)s invitee was emailed the change.",
                        "Event saved. %(count)s invitees were emailed the change.",
                        len(change.told),
                    )
                    % {"count": len(change.told)},
                )
            else:
                messages.success(request, _("Event saved."))
            return redirect("events:event", slug=slug, pk=event.pk)
        return render(request, "events/event_form.html", context, status=422)
    return render(request, "events/event_form.html", context)


def _event_context(
    access: ProgramAccess, event: Event, invitation: EventInvitation | None, **forms: Any
) -> dict[str, Any]:
    now = timezone.now()
    context: dict[str, Any] = {
        "access": access,
        "program": access.program,
        "event": event,
        "invitation": invitation,
        "started": now >= event.starts_at,
        "over": now >= event.ends_at,
        "cancelled": event.cancelled_at is not None,
        "rsvp_choices": EventRsvpForm.base_fields["rsvp"].choices,  # type: ignore[attr-defined]
    }
    if access.can(Action.MANAGE_EVENTS):
        invitations = list(selectors.event_invitation_list(event))
        rsvp = EventInvitation.Rsvp
        context.update(
            invitations=invitations,
            counts={
                "invited": sum(1 for i in invitations if not i.walk_in),
                "accepted": sum(1 for i in invitations if i.rsvp == rsvp.YES),
                "maybe": sum(1 for i in invitations if i.rsvp == rsvp.MAYBE),
                "declined": sum(1 for i in invitations if i.rsvp == rsvp.NO),
                "attended": sum(1 for i in invitations if i.attended),
            },
            attendance_open=now >= services.event_attendance_opens(event),
            audience_form=forms.get("audience_form") or EventAudienceForm(event=event),
            attendance_form=forms.get("attendance_form")
            or EventAttendanceForm(event=event, invitations=invitations),
            lessons_form=forms.get("lessons_form") or EventLessonsForm(instance=event),
            cancellable=event.cancelled_at is None and now < event.ends_at,
            cancel_form=forms.get("cancel_form") or EventCancelForm(),
        )
    return context


@require_GET
@login_required
def event_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_EVENTS)
    event, invitation = _get_event(access, pk)
    return render(request, "events/event.html", _event_context(access, event, invitation))


@require_GET
@login_required
def event_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_EVENTS)
    event, _invitation = _get_event(access, pk)
    page = request.build_absolute_uri(reverse("events:event", args=[slug, event.pk]))
    response = HttpResponse(
        calendars.event_ics(event, url=page), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_POST
@login_required
def event_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Invite an audience. For an event under way, first a page saying that those invited now
    can no longer answer; it posts the same audience again, confirmed. An event that is over
    takes no invitation (``services.event_invite`` says why)."""
    access = get_program_for_user(request, slug, Action.MANAGE_EVENTS)
    event, invitation = _get_event(access, pk)
    form = EventAudienceForm(request.POST, event=event)
    if form.is_valid():
        audience = {
            "waves": form.cleaned_data["waves"],
            "tracks": form.cleaned_data["tracks"],
            "roles": form.cleaned_data["roles"],
        }
        now = timezone.now()
        under_way = event.starts_at <= now < event.ends_at and event.cancelled_at is None
        if under_way and not form.cleaned_data["confirmed"]:
            newcomers = services.event_new_audience(event=event, **audience)
            if newcomers:
                return render(
                    request,
                    "events/invite_confirm.html",
                    {
                        "access": access,
                        "program": access.program,
                        "event": event,
                        "form": form,
                        "count": len(newcomers),
                    },
                )
        try:
            made = services.event_invite(event=event, by=access.user, now=now, **audience)
        except ValidationError as error:
            form.add_error(None, error)
            context = _event_context(access, event, invitation, audience_form=form)
            return render(request, "events/event.html", context, status=422)
        messages.success(
            request,
            ngettext("%(count)s person invited.", "%(count)s people invited.", len(made))
            % {"count": len(made)},
        )
        return redirect(reverse("events:event", args=[slug, event.pk]) + "#invitations")
    context = _event_context(access, event, invitation, audience_form=form)
    return render(request, "events/event.html", context, status=422)


@require_POST
@login_required
def event_rsvp(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_EVENTS)
    event, invitation = _get_event(access, pk)
    if invitation is None:
        raise Http404
    form = EventRsvpForm(request.POST)
    back = (
        reverse("events:events", args=[slug]) + f"#event-{event.pk}"
        if request.POST.get("back") == "list"
        else reverse("events:event", args=[slug, event.pk])
    )
    if not form.is_valid():
        messages.error(request, _("Answer yes, no or maybe."))
        return redirect(back)
    try:
        services.event_rsvp(invitation=invitation, by=access.user, answer=form.cleaned_data["rsvp"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your answer is saved."))
    return redirect(back)


@require_POST
@login_required
def event_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_EVENTS)
    event, invitation = _get_event(access, pk)
    form = EventAttendanceForm(request.POST, event=event)
    if form.is_valid():
        try:
            count = services.event_attendance_take(
                event=event,
                by=access.user,
                attended=form.cleaned_data["attended"],
                walk_ins=form.cleaned_data["walk_ins"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(count)s person came.",
                    "Attendance saved: %(count)s people came.",
                    count,
                )
                % {"count": count},
            )
            return redirect(reverse("events:event", args=[slug, event.pk]) + "#attendance")
    context = _event_context(access, event, invitation, attendance_form=form)
    return render(request, "events/event.html", context, status=422)


@require_POST
@login_required
def event_lessons(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_EVENTS)
    event, invitation = _get_event(access, pk)
    form = EventLessonsForm(request.POST, instance=event)
    if form.is_valid():
        try:
            services.event_lessons_save(event=event, by=access.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Lessons learned saved."))
            return redirect(reverse("events:event", args=[slug, event.pk]) + "#lessons")
    context = _event_context(access, event, invitation, lessons_form=form)
    return render(request, "events/event.html", context, status=422)


@require_POST
@login_required
def event_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cancel the event, with the reason emailed to its invitees. Sent twice, it cancels once."""
    access = get_program_for_user(request, slug, Action.MANAGE_EVENTS)
    event, invitation = _get_event(access, pk)
    form = EventCancelForm(request.POST)
    if form.is_valid():
        try:
            change = services.event_cancel(
                event=event, by=access.user, reason=form.cleaned_data["cancel_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if change.changed:
                messages.success(
                    request,
                    ngettext(
                        "Event cancelled. %(count)s invitee was emailed the reason.",
                        "Event cancelled. %(count)s invitees were emailed the reason.",
                        len(change.told),
                    )
                    % {"count": len(change.told)},
                )
            else:
                messages.info(request, _("This event was already cancelled."))
            return redirect("events:event", slug=slug, pk=event.pk)
    context = _event_context(access, event, invitation, cancel_form=form)
    return render(request, "events/event.html", context, status=422)
