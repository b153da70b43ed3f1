"""Feedback pages: the 30-second form after a held meeting, "my feedback" (what to give, pulses
to answer), the coordinator's live view, pulses and retros, and lessons learned."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core import charts
from puente.core.forms import posted, previous_result, run_once
from puente.core.numbers import day_month
from puente.core.permissions import Action, Role
from puente.feedback import selectors, services
from puente.feedback.forms import (
    LessonForm,
    LiveFilterForm,
    MeetingFeedbackForm,
    PulseAnswerForm,
    PulseOpenForm,
    WaveFilterForm,
)
from puente.feedback.models import MeetingFeedback, Pulse, PulseAnswer
from puente.mentoring.access import get_relationship_for_user
from puente.programs.access import ProgramAccess, get_program_for_user


@require_GET
@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.GIVE_FEEDBACK)
    return render(
        request,
        "feedback/mine.html",
        {
            "access": access,
            "program": access.program,
            "meetings": selectors.feedback_to_give(access),
            "pulses": selectors.pulses_for_member(access),
            "can_write_lessons": access.can(Action.WRITE_LESSONS),
            "can_view_feedback": access.can(Action.VIEW_FEEDBACK),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_feedback(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    """One side's 30-second feedback on a held meeting; a second visit edits the answer."""
    ra = get_relationship_for_user(request, slug, pk, write=True)
    access = ra.access
    if not access.can(Action.GIVE_FEEDBACK):
        raise PermissionDenied
    meeting = ra.relationship.meetings.filter(number=number).first()
    if meeting is None or meeting.status != meeting.Status.HELD:
        raise Http404
    existing = MeetingFeedback.objects.filter(meeting=meeting, author=access.user).first()
    initial = (
        {"usefulness": existing.usefulness, "helped": existing.helped, "change": existing.change}
        if existing
        else {}
    )
    form = MeetingFeedbackForm(posted(request), initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.meeting_feedback_save(meeting=meeting, by=access.user, **form.cleaned_data)
            messages.success(request, _("Thank you: your feedback on this meeting is saved."))
            return redirect("feedback:my-feedback", slug=access.program.slug)
    return render(
        request,
        "feedback/give.html",
        {
            "access": access,
            "program": access.program,
            "relationship": ra.relationship,
            "meeting": meeting,
            "form": form,
            "existing": existing,
        },
        status=422 if form.is_bound else 200,
    )


def _trend_charts(weeks: list[selectors.Week]) -> dict[str, Any]:
    if not weeks:
        return {}
    labels = [day_month(week.starts_on) for week in weeks]
    return {
        "mean_chart": charts.line_chart(
            title=_("Mean usefulness per week"),
            description=_("Mean answer to “How useful was this meeting?” (1 to 5), by week."),
            categories=labels,
            series=[charts.Series(_("Mean usefulness"), [week.mean for week in weeks])],
            max_value=5,
        ),
        "count_chart": charts.bar_chart(
            title=_("Answers per week"),
            description=_("Number of post-meeting answers, by week of the meeting."),
            categories=labels,
            series=[charts.Series(_("Answers"), [week.count for week in weeks])],
        ),
    }


@require_GET
@never_cache
@login_required
def live(request: HttpRequest, slug: str) -> HttpResponse:
    """The feedback as it comes in: read straight from the database at each load, never cached."""
    access = get_program_for_user(request, slug, Action.VIEW_FEEDBACK)
    form = LiveFilterForm(request.GET or None, program=access.program)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "wave_id": form.cleaned_data["wave"].pk if form.cleaned_data["wave"] else None,
            "track_id": form.cleaned_data["track"].pk if form.cleaned_data["track"] else None,
        }
    feedback = selectors.feedback_visible(access, **filters)
    weeks = selectors.weekly_trend(feedback)
    return render(
        request,
        "feedback/live.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "weeks": weeks,
            "total": sum(week.count for week in weeks),
            "lowest": selectors.lowest_rated(feedback),
            "groups": selectors.comments_by_focus_area(feedback),
            **_trend_charts(weeks),
        },
    )


def _pulses_page(access: ProgramAccess, form: PulseOpenForm, request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/pulses.html",
        {
            "access": access,
            "program": access.program,
            "pulses": selectors.pulses_of_program(access),
            "form": form,
        },
        status=422 if form.is_bound else 200,
    )


@require_GET
@login_required
def pulses(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_FEEDBACK)
    return _pulses_page(access, PulseOpenForm(program=access.program), request)


@require_POST
@login_required
def pulse_open(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_FEEDBACK)
    if done := previous_result(request.POST):
        return redirect(done)
    form = PulseOpenForm(request.POST, program=access.program)
    if form.is_valid():
        data = form.cleaned_data

        def create() -> str:
            services.pulse_open(
                program=access.program,
                wave=data["wave"],
                kind=data["kind"],
                title=data["title"],
                roles=data["roles"],
                by=access.user,
            )
            messages.success(request, _("Opened. The wave's members can answer it now."))
            return reverse("feedback:pulses", args=[access.program.slug])

        return redirect(run_once(data["submit_key"], create))
    return _pulses_page(access, form, request)


def _get_pulse(access: ProgramAccess, pulse_pk: int) -> Pulse:
    pulse = Pulse.objects.filter(program=access.program, pk=pulse_pk).select_related("wave").first()
    if pulse is None:
        raise Http404
    return pulse


@require_http_methods(["GET", "POST"])
@login_required
def pulse_answer(request: HttpRequest, slug: str, pulse_pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.GIVE_FEEDBACK)
    pulse = _get_pulse(access, pulse_pk)
    if not services.pulse_may_answer(pulse, access.user):
        raise PermissionDenied
    answer = PulseAnswer.objects.filter(pulse=pulse, author=access.user).first()
    fields = ("rating", "comment", "went_well", "to_improve", "to_try")
    initial = {name: getattr(answer, name) for name in fields} if answer else {}
    form = PulseAnswerForm(posted(request), pulse=pulse, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_answer_save(pulse=pulse, by=access.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answer is saved."))
            return redirect("feedback:my-feedback", slug=access.program.slug)
    return render(
        request,
        "feedback/pulse_answer.html",
        {
            "access": access,
            "program": access.program,
            "pulse": pulse,
            "form": form,
            "answer": answer,
        },
        status=422 if form.is_bound else 200,
    )


@require_POST
@login_required
def pulse_close(request: HttpRequest, slug: str, pulse_pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_FEEDBACK)
    pulse = services.pulse_close(pulse=_get_pulse(access, pulse_pk), by=access.user)
    messages.success(request, _("Closed. Its answers can no longer change."))
    return redirect("feedback:pulse-results", slug=access.program.slug, pulse_pk=pulse.pk)


@require_GET
@login_required
def pulse_results(request: HttpRequest, slug: str, pulse_pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_FEEDBACK)
    pulse = _get_pulse(access, pulse_pk)
    results = selectors.pulse_results(pulse)
    chart = None
    if pulse.kind == Pulse.Kind.PULSE and results.count:
        chart = charts.bar_chart(
            title=_("Answers to “How is it going?”"),
            description=_("Number of people who chose each value from 1 (badly) to 5 (very well)."),
            categories=[str(value) for value, _count in results.distribution],
            series=[charts.Series(_("Answers"), [count for _value, count in results.distribution])],
        )
    return render(
        request,
        "feedback/pulse_results.html",
        {
            "access": access,
            "program": access.program,
            "pulse": pulse,
            "results": results,
            "chart": chart,
        },
    )


def _lesson_role(access: ProgramAccess) -> str:
    for role in (Role.COORDINATOR, Role.TUTOR, Role.MENTOR):
        if role in access.roles:
            return role
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
@login_required
def lessons(request: HttpRequest, slug: str) -> HttpResponse:
    """Lessons learned: the form, and all of them by theme (coordinators) or one's own."""
    access = get_program_for_user(request, slug, Action.WRITE_LESSONS)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    events = selectors.events_for_lessons(access)
    form = LessonForm(posted(request), program=access.program, events=events)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> str:
            services.lesson_add(
                program=access.program,
                by=access.user,
                role=_lesson_role(access),
                theme=data["theme"],
                worked=data["worked"],
                to_change=data["to_change"],
                wave=data["wave"],
                event=data["event"],
            )
            messages.success(request, _("Lesson saved. Thank you."))
            return reverse("feedback:lessons", args=[access.program.slug])

        return redirect(run_once(data["submit_key"], create))
    filter_form = WaveFilterForm(request.GET or None, program=access.program)
    wave_id = None
    if filter_form.is_valid() and filter_form.cleaned_data["wave"]:
        wave_id = filter_form.cleaned_data["wave"].pk
    lessons = selectors.lessons_visible(access, wave_id=wave_id)
    return render(
        request,
        "feedback/lessons.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "filter_form": filter_form,
            "themes": selectors.lessons_by_theme(lessons),
            "events": selectors.event_lessons(access, wave_id=wave_id)
            if access.can(Action.MANAGE_FEEDBACK)
            else [],
        },
        status=422 if form.is_bound else 200,
    )
