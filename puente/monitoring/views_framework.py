"""The results framework pages: the tree (coordinators edit it, funders read it), a result's form,
an indicator's baseline, targets and periods, and the IATI file."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import previous_result, run_once
from puente.core.permissions import Action
from puente.monitoring import disclosure, framework, iati, packs, services
from puente.monitoring.forms import (
    FrameworkTemplateForm,
    IndicatorTargetsForm,
    PeriodFormSet,
    ResultForm,
)
from puente.monitoring.models import Indicator, Result
from puente.programs.access import ProgramAccess, get_program_for_user


def _framework_page(
    request: HttpRequest, access: ProgramAccess, template_form: FrameworkTemplateForm | None = None
) -> HttpResponse:
    can_manage = access.can(Action.MANAGE_MONITORING)
    tree = framework.program_framework(access.program, today=timezone.localdate())
    context: dict[str, Any] = {
        "access": access,
        "program": access.program,
        "framework": tree,
        "can_manage": can_manage,
        "min_people": disclosure.MIN_PEOPLE,
        "on_track": framework.ON_TRACK,
        "at_risk": framework.AT_RISK,
    }
    if can_manage and not tree.roots:
        context["template_form"] = template_form or FrameworkTemplateForm(
            initial={"template": packs.suggested(access.program).key}
        )
    return render(
        request,
        "monitoring/framework.html",
        context,
        status=422 if template_form is not None else 200,
    )


@require_GET
@login_required
def framework_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The results framework as a tree: aggregates only, small groups suppressed."""
    access = get_program_for_user(request, slug, Action.VIEW_INDICATORS)
    return _framework_page(request, access)


@require_POST
@login_required
def framework_template(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    done = previous_result(request.POST)
    if done:
        return redirect(done)
    form = FrameworkTemplateForm(request.POST)
    if not form.is_valid():
        return _framework_page(request, access, template_form=form)

    def act() -> str:
        services.framework_from_template(
            program=access.program,
            key=form.cleaned_data["template"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        return reverse("monitoring:framework", args=[slug])

    messages.success(request, _("The results framework is ready: rewrite it as your program's."))
    return redirect(run_once(form.cleaned_data["submit_key"], act))


def _result(access: ProgramAccess, pk: int) -> Result:
    result = Result.objects.filter(program=access.program, pk=pk).first()
    if result is None:
        raise Http404
    return result


def _result_form(request: HttpRequest, slug: str, pk: int | None) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    result = _result(access, pk) if pk is not None else None
    posted = request.method == "POST"
    if posted and result is None:
        done = previous_result(request.POST)
        if done:
            return redirect(done)
    initial: dict[str, Any] = {}
    if result is not None:
        initial = {
            "title": result.title,
            "level": result.level,
            "parent": result.parent_id,
            "description": result.description,
        }
    elif request.GET.get("parent"):
        parent = Result.objects.filter(program=access.program, pk=request.GET["parent"]).first()
        if parent is not None:
            initial = {"parent": parent.pk, "level": framework.child_level(parent.level)}
    form = ResultForm(
        request.POST if posted else None, program=access.program, result=result, initial=initial
    )
    if posted and form.is_valid():
        data = form.cleaned_data

        def act() -> str:
            services.result_save(
                program=access.program,
                title=data["title"],
                level=data["level"],
                parent=data["parent"],
                description=data["description"],
                result=result,
            )
            return reverse("monitoring:framework", args=[slug])

        try:
            url = run_once(data["submit_key"], act)
        except ValidationError as error:
            form.add_error("parent", error)
        else:
            messages.success(request, _("Result saved."))
            return redirect(url)
    return render(
        request,
        "monitoring/result_form.html",
        {"access": access, "program": access.program, "form": form, "result": result},
        status=422 if posted else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def result_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _result_form(request, slug, None)


@require_http_methods(["GET", "POST"])
@login_required
def result_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _result_form(request, slug, pk)


@require_POST
@login_required
def result_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    services.result_delete(result=_result(access, pk))
    messages.success(request, _("Result deleted; its indicators stay, not placed."))
    return redirect("monitoring:framework", slug=slug)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_targets(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An indicator's baseline, life-of-program target and periods with their targets."""
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    indicator = Indicator.objects.filter(program=access.program, pk=pk).first()
    if indicator is None:
        raise Http404
    posted = request.method == "POST"
    form = IndicatorTargetsForm(
        request.POST if posted else None,
        initial={
            "baseline": indicator.baseline,
            "baseline_on": indicator.baseline_on,
            "target": indicator.target,
        },
    )
    periods = PeriodFormSet(
        request.POST if posted else None,
        prefix="periods",
        initial=[
            {"start": p.start, "end": p.end, "target": p.target}
            for p in indicator.periods.order_by("start")
        ],
    )
    if posted and form.is_valid() and periods.is_valid():
        rows = [
            (row["start"], row["end"], row.get("target"))
            for row in periods.cleaned_data
            if row.get("start") and row.get("end")
        ]
        try:
            services.indicator_periods_save(
                indicator=indicator,
                baseline=form.cleaned_data["baseline"],
                baseline_on=form.cleaned_data["baseline_on"],
                target=form.cleaned_data["target"],
                periods=rows,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Baseline and targets saved."))
            return redirect(reverse("monitoring:framework", args=[slug]) + f"#indicator-{pk}")
    return render(
        request,
        "monitoring/indicator_targets.html",
        {
            "access": access,
            "program": access.program,
            "indicator": indicator,
            "form": form,
            "periods": periods,
        },
        status=422 if posted else 200,
    )


@require_GET
@login_required
def iati_file(request: HttpRequest, slug: str) -> HttpResponse:
    """The program's results framework as an IATI 2.03 activity file."""
    access = get_program_for_user(request, slug, Action.EXPORT_IATI)
    today = timezone.localdate()
    tree = framework.program_framework(access.program, today=today, disaggregate=True)
    response = HttpResponse(
        iati.activity_file(access.program, tree, today=today),
        content_type="application/xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="iati-{access.program.slug}.xml"'
    return response
