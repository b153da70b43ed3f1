"""Selection: the coordinator's list and detail of applications, and the reviewers' pages.

Coordinators see every application and every review; reviewers see only what is assigned to them,
and never another reviewer's scores (blind review).
"""

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import posted, run_once
from puente.core.permissions import Action
from puente.instruments.engine import AnswersForm, initial_answers
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.recruitment import selectors, services
from puente.recruitment.forms_lottery import LotteryForm
from puente.recruitment.forms_selection import (
    ASSIGN,
    DECISION_CHOICES,
    DEFAULT_MESSAGES,
    ApplicationFilterForm,
    BulkActionForm,
    DecisionForm,
)
from puente.recruitment.models import Application, Call

PAGE_SIZE = 50
NOT_SUBMITTED = (
    Application.Status.STARTED,
    Application.Status.DRAFT,
    Application.Status.WITHDRAWN,
)


def _selectable(call: Call) -> QuerySet[Application]:
    """The applications a coordinator may tick: all but those whose email is unconfirmed."""
    return call.applications.exclude(status=Application.Status.STARTED)


def _list_url(access: ProgramAccess, call: Call, query: str = "") -> str:
    url = reverse("recruitment:application-list", args=[access.program.slug, call.pk])
    # Re-encoded, so only our own list's parameters come back.
    query = QueryDict(query).urlencode()
    return f"{url}?{query}" if query else url


def _back_url(
    access: ProgramAccess, call: Call, data: dict[str, Any], applications: Sequence[Application]
) -> str:
    if data.get("back_to_detail") and len(applications) == 1:
        return reverse(
            "recruitment:application-detail", args=[access.program.slug, applications[0].pk]
        )
    return _list_url(access, call, data.get("query", ""))


def _list_context(
    request: HttpRequest,
    access: ProgramAccess,
    call: Call,
    params: QueryDict,
    bulk_form: BulkActionForm | None = None,
) -> dict[str, Any]:
    reviewers = selectors.program_reviewers(access.program)
    filter_form = ApplicationFilterForm(params or None, reviewers=reviewers)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    weights = services.call_weights(call)
    # Sorted in SQL (the total is an annotation), so the paginator slices the sorted list.
    applications = selectors.applications_for_call(
        access,
        call,
        weights=weights,
        status=filters.get("status", ""),
        role=filters.get("role", ""),
        reviewer=filters.get("reviewer"),
        query=filters.get("q", ""),
        order=filters.get("order") or "total",
    )
    page = Paginator(applications, PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    if bulk_form is None:
        bulk_form = BulkActionForm(applications=_selectable(call), reviewers=reviewers)
    selected = request.POST.getlist("applications") if bulk_form.is_bound else []
    return {
        "access": access,
        "program": access.program,
        "call": call,
        "filter_form": filter_form,
        "form": bulk_form,
        "page": page,
        "rows": selectors.application_rows(page.object_list, weights),
        "params": params,
        "query": query.urlencode(),
        "order": filters.get("order") or "total",
        "selected": selected,
        "has_rubric": bool(weights[0]),
        "lotteries": call.lotteries.select_related("drawn_by").order_by("role"),
        "lottery_form": LotteryForm(),
    }


@require_GET
@login_required
def application_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, pk)
    context = _list_context(request, access, call, request.GET)
    template = (
        "recruitment/selection_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "recruitment/selection_application_list.html"
    )
    return render(request, template, context)


def _decision_summary(applications: Sequence[Application], decision: str) -> dict[str, int]:
    """How many a decision changes, leaves as they are, or changes from another decision."""
    summary = {"change": 0, "already": 0, "not_submitted": 0, "redecide": 0}
    for application in applications:
        if application.status == decision:
            summary["already"] += 1
        elif application.status in NOT_SUBMITTED:
            summary["not_submitted"] += 1
        else:
            summary["change"] += 1
            if application.is_decided:
                summary["redecide"] += 1
    return summary


def _render_decision(
    request: HttpRequest,
    access: ProgramAccess,
    call: Call,
    form: DecisionForm,
    applications: Sequence[Application],
    decision: str,
    back_url: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "recruitment/selection_decide.html",
        {
            "access": access,
            "program": access.program,
            "call": call,
            "form": form,
            "decision": decision,
            "applications": applications,
            "summary": _decision_summary(applications, decision),
            "back_url": back_url,
        },
        status=status,
    )


@require_POST
@login_required
def application_bulk(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Assign the ticked applications to a reviewer, or ask to confirm a decision on them."""
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, pk)
    reviewers = selectors.program_reviewers(access.program)
    form = BulkActionForm(request.POST, applications=_selectable(call), reviewers=reviewers)
    if not form.is_valid():
        if form.data.get("back_to_detail") and (chosen := request.POST.get("applications", "")):
            if chosen.isdigit():
                application = selectors.get_application_for_access(access, int(chosen))
                context = _detail_context(access, application, assign_form=form)
                return render(
                    request, "recruitment/selection_application_detail.html", context, status=422
                )
        params = QueryDict(form.data.get("query", ""))
        context = _list_context(request, access, call, params, bulk_form=form)
        return render(request, "recruitment/selection_application_list.html", context, status=422)
    data = form.cleaned_data
    chosen_list = list(data["applications"])
    back_url = _back_url(access, call, data, chosen_list)
    if data["action"] == ASSIGN:
        reviewer = data["reviewer"]

        def assign() -> str:
            created = services.reviews_assign(
                applications=chosen_list, reviewer=reviewer, by=access.user
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d application assigned to %(name)s.",
                    "%(count)d applications assigned to %(name)s.",
                    len(created),
                )
                % {"count": len(created), "name": reviewer.full_name or reviewer.email},
            )
            skipped = len(chosen_list) - len(created)
            if skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d was already assigned to them or is not submitted yet; "
                        "it was left as it was.",
                        "%(count)d were already assigned to them or are not submitted yet; "
                        "they were left as they were.",
                        skipped,
                    )
                    % {"count": skipped},
                )
            return back_url

        return redirect(run_once(data["submit_key"], assign))
    decision = data["action"]
    decision_form = DecisionForm(
        applications=_selectable(call),
        tracks=access.program.tracks.all(),
        initial={
            "applications": chosen_list,
            "decision": decision,
            "message": DEFAULT_MESSAGES[decision],
            "query": data["query"],
            "back_to_detail": data["back_to_detail"],
        },
    )
    return _render_decision(request, access, call, decision_form, chosen_list, decision, back_url)


def _decided_message(decision: str, count: int) -> str:
    # Spelled out for each decision so translators see whole sentences.
    if decision == Application.Status.ACCEPTED:
        text = ngettext(
            "%(count)d application accepted; the person was emailed.",
            "%(count)d applications accepted; each person was emailed.",
            count,
        )
    elif decision == Application.Status.WAITLISTED:
        text = ngettext(
            "%(count)d application waitlisted; the person was emailed.",
            "%(count)d applications waitlisted; each person was emailed.",
            count,
        )
    else:
        text = ngettext(
            "%(count)d application rejected; the person was emailed.",
            "%(count)d applications rejected; each person was emailed.",
            count,
        )
    return text % {"count": count}


@require_POST
@login_required
def application_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Carry out a confirmed decision: once, however often the form is sent."""
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, pk)
    form = DecisionForm(
        request.POST, applications=_selectable(call), tracks=access.program.tracks.all()
    )
    if not form.is_valid():
        chosen = list(_selectable(call).filter(pk__in=_ids(request.POST.getlist("applications"))))
        if not chosen or form.data.get("decision") not in DEFAULT_MESSAGES:
            messages.error(request, _("Select at least one application and a decision."))
            return redirect(_list_url(access, call, form.data.get("query", "")))
        back = {
            "back_to_detail": form.data.get("back_to_detail") in ("True", "true", "on"),
            "query": form.data.get("query", ""),
        }
        return _render_decision(
            request,
            access,
            call,
            form,
            chosen,
            str(form.data["decision"]),
            _back_url(access, call, back, chosen),
            status=422,
        )
    data = form.cleaned_data
    chosen_list = list(data["applications"])
    decision = data["decision"]

    def decide() -> str:
        summary = _decision_summary(chosen_list, decision)
        decided = services.applications_decide(
            applications=chosen_list,
            decision=decision,
            by=access.user,
            message=data["message"],
            track=data["track"],
        )
        messages.success(request, _decided_message(decision, len(decided)))
        if summary["already"]:
            messages.info(
                request,
                ngettext(
                    "%(count)d already had this decision and was left as it was.",
                    "%(count)d already had this decision and were left as they were.",
                    summary["already"],
                )
                % {"count": summary["already"]},
            )
        if summary["not_submitted"]:
            messages.info(
                request,
                ngettext(
                    "%(count)d is not submitted and was left as it was.",
                    "%(count)d are not submitted and were left as they were.",
                    summary["not_submitted"],
                )
                % {"count": summary["not_submitted"]},
            )
        return _back_url(access, call, data, chosen_list)

    return redirect(run_once(data["submit_key"], decide))


def _ids(values: Sequence[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _detail_context(
    access: ProgramAccess, application: Application, assign_form: BulkActionForm | None = None
) -> dict[str, Any]:
    call = application.call
    submitted = application.status not in NOT_SUBMITTED
    weights = services.call_weights(call)
    criteria, reviews = selectors.application_reviews(application)
    reviewers = selectors.program_reviewers(access.program)
    if assign_form is None:
        assign_form = BulkActionForm(
            applications=_selectable(call),
            reviewers=reviewers,
            initial={"back_to_detail": True},
        )
    return {
        "access": access,
        "program": access.program,
        "call": call,
        "application": application,
        "row": selectors.application_row(access, application, weights),
        "has_rubric": bool(weights[0]),
        "answers": selectors.answer_rows(application.submission, access.program),
        "criteria": criteria,
        "reviews": reviews,
        "events": selectors.application_events(application),
        "form": assign_form,
        "can_assign": submitted,
        "decisions": [
            (value, label) for value, label in DECISION_CHOICES if value != application.status
        ]
        if submitted
        else [],
    }


@require_GET
@login_required
def application_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    application = selectors.get_application_for_access(access, pk)
    return render(
        request,
        "recruitment/selection_application_detail.html",
        _detail_context(access, application),
    )


@require_GET
@login_required
def answer_file(request: HttpRequest, slug: str, pk: int, answer_id: int) -> FileResponse:
    """A file an applicant uploaded, for coordinators only (never a public media URL)."""
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    application = selectors.get_application_for_access(access, pk)
    answer = selectors.get_file_answer(application, answer_id)
    try:
        handle = answer.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(answer.file.name).name)


@require_GET
@login_required
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.REVIEW_APPLICATIONS)
    assignments = list(selectors.assignments_for_reviewer(access))
    return render(
        request,
        "recruitment/review_list.html",
        {
            "access": access,
            "program": access.program,
            "to_do": [a for a in assignments if a.completed_at is None],
            "done": [a for a in assignments if a.completed_at is not None],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.REVIEW_APPLICATIONS)
    assignment = selectors.get_assignment_for_reviewer(access, pk)
    application = assignment.application
    context: dict[str, Any] = {
        "access": access,
        "program": access.program,
        "assignment": assignment,
        "application": application,
        "answers": selectors.answer_rows(application.submission, access.program),
    }
    if assignment.completed_at is not None:
        if request.method == "POST":
            messages.info(request, _("This review was already submitted; it no longer changes."))
            return redirect("recruitment:review-form", slug=access.program.slug, pk=assignment.pk)
        context["scores"] = selectors.answer_rows(assignment.submission, access.program)
        return render(request, "recruitment/review_form.html", context)
    version = selectors.review_version(assignment)
    if version is None:
        context["no_rubric"] = True
        return render(
            request,
            "recruitment/review_form.html",
            context,
            status=409 if request.method == "POST" else 200,
        )
    submit = request.POST.get("action") == "submit"
    form = AnswersForm(
        posted(request),
        questions=list(version.questions.all()),
        draft=not submit,
        initial=initial_answers(assignment.submission) if assignment.submission else {},
        prefix="review",
    )
    context["form"] = form
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_save(
                    assignment=assignment, cleaned=form.cleaned_data, submit=submit
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if submit:
                    messages.success(request, _("Review submitted. Thank you!"))
                    return redirect("recruitment:review-list", slug=access.program.slug)
                messages.success(request, _("Draft saved. You can come back to it anytime."))
                return redirect(
                    "recruitment:review-form", slug=access.program.slug, pk=assignment.pk
                )
        return render(request, "recruitment/review_form.html", context, status=422)
    return render(request, "recruitment/review_form.html", context)
