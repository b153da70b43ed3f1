"""The coordinator's calls: list, create, edit, automatic criteria."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.recruitment import selectors, services
from puente.recruitment.forms import AutoCriterionForm, CallEditForm
from puente.recruitment.models import Application, Call


@require_GET
@login_required
def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    calls = selectors.calls_for_program(access).annotate(
        submitted=Count(
            "applications",
            filter=~Q(
                applications__status__in=[Application.Status.STARTED, Application.Status.DRAFT]
            ),
        ),
        drafts=Count(
            "applications",
            filter=Q(
                applications__status__in=[Application.Status.STARTED, Application.Status.DRAFT]
            ),
        ),
        accepted=Count("applications", filter=Q(applications__status=Application.Status.ACCEPTED)),
    )
    return render(
        request,
        "recruitment/call_list.html",
        {"access": access, "program": access.program, "calls": calls},
    )


@require_http_methods(["GET", "POST"])
@login_required
def call_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    program = access.program
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = CallEditForm(posted(request), program=program)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["submit_key"]

        def create() -> str:
            call = services.call_save(program=program, by=access.user, data=form.cleaned_data)
            messages.success(request, _("Call created."))
            return reverse("recruitment:call-edit", args=[program.slug, call.pk])

        try:
            return redirect(run_once(key, create))
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "recruitment/call_form.html",
        {"access": access, "program": program, "form": form, "creating": True},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def call_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    program = access.program
    call = selectors.get_call_for_access(access, pk)
    form = CallEditForm(posted(request), instance=call, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_save(program=program, by=access.user, data=form.cleaned_data, call=call)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("recruitment:call-edit", slug=program.slug, pk=call.pk)
    questions = selectors.criterion_questions(call)
    return render(
        request,
        "recruitment/call_form.html",
        _call_context(access, call, form, AutoCriterionForm(questions=questions), questions),
        status=422 if request.method == "POST" else 200,
    )


def _call_context(
    access: ProgramAccess,
    call: Call,
    form: CallEditForm,
    criterion_form: AutoCriterionForm,
    questions: list[tuple[str, list[tuple[str, str]]]],
) -> dict[str, Any]:
    labels = {key: label for _group, choices in questions for key, label in choices}
    criteria = list(call.auto_criteria.all())
    for criterion in criteria:
        # A key typed before questions were picked from a list may name no question of the
        # call's forms today: it is shown as it is (and still scored as before).
        criterion.question_label = labels.get(criterion.question_key, "")  # type: ignore[attr-defined]
    return {
        "access": access,
        "program": access.program,
        "call": call,
        "form": form,
        "criterion_form": criterion_form,
        "criteria": criteria,
        "call_forms": call.forms.select_related("instrument"),
    }


@require_POST
@login_required
def criterion_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, pk)
    if done := previous_result(request.POST, prefix=AutoCriterionForm.prefix):
        return redirect(done)  # the same form sent twice adds one criterion
    questions = selectors.criterion_questions(call)
    form = AutoCriterionForm(request.POST, questions=questions)
    if form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submit_key")

        def add() -> str:
            services.auto_criterion_add(call=call, **data)
            messages.success(request, _("Criterion added; the applications were scored again."))
            return reverse("recruitment:call-edit", args=[access.program.slug, call.pk])

        return redirect(run_once(key, add))
    return render(
        request,
        "recruitment/call_form.html",
        _call_context(
            access, call, CallEditForm(instance=call, program=access.program), form, questions
        ),
        status=422,
    )
