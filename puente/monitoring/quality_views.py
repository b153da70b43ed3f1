"""The data-quality page of a round: its flags (resolve or accept each), its rules (add,
remove) and running the checks again. Coordinators only: flags name people."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from puente.core.forms import previous_result, run_once
from puente.core.permissions import Action
from puente.monitoring import quality
from puente.monitoring.models import Round
from puente.monitoring.quality_forms import FlagDecisionForm, RuleForm
from puente.monitoring.quality_models import QualityFlag, QualityRule
from puente.programs.access import ProgramAccess, get_program_for_user


def _access_round(request: HttpRequest, slug: str, pk: int) -> tuple[ProgramAccess, Round]:
    access = get_program_for_user(request, slug, Action.MANAGE_DATA_QUALITY)
    round_ = (
        Round.objects.filter(program=access.program, pk=pk)
        .select_related("wave", "instrument", "version")
        .first()
    )
    if round_ is None:
        raise Http404
    return access, round_


def _page(
    request: HttpRequest,
    access: ProgramAccess,
    round_: Round,
    *,
    rule_form: RuleForm | None = None,
    failed: tuple[int, FlagDecisionForm] | None = None,
) -> HttpResponse:
    questions = list(round_.version.questions.order_by("position", "pk"))
    by_key = {q.key: q for q in questions}
    flags = list(quality.round_flags(round_))
    names = quality.duplicate_names(flags)
    rows: list[dict[str, Any]] = []
    for flag in flags:
        form = None
        if flag.status == QualityFlag.Status.OPEN:
            if failed is not None and failed[0] == flag.pk:
                form = failed[1]
            else:
                form = FlagDecisionForm(prefix=f"flag-{flag.pk}")
            if flag.answer_id is None or by_key.get(flag.question_key) is None:
                form.fields.pop("corrected_value", None)
        rows.append(
            {
                "flag": flag,
                "text": quality.describe(flag, by_key, names),
                "question": by_key.get(flag.question_key),
                "form": form,
            }
        )
    (summary,) = quality.summaries(access.program, rounds=[round_])
    return render(
        request,
        "monitoring/quality.html",
        {
            "access": access,
            "program": access.program,
            "round": round_,
            "summary": summary,
            "open_rows": [r for r in rows if r["form"] is not None],
            "decided_rows": [r for r in rows if r["form"] is None],
            "rules": [
                (rule, by_key.get(rule.question_key), by_key.get(rule.other_key))
                for rule in round_.quality_rules.order_by("question_key", "kind", "pk")
            ],
            "rule_form": rule_form or RuleForm(prefix="rule", questions=questions),
        },
        status=422 if rule_form is not None or failed is not None else 200,
    )


@require_GET
@login_required
def round_quality(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, round_ = _access_round(request, slug, pk)
    return _page(request, access, round_)


@require_POST
@login_required
def quality_check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Run the round's checks again in the background (running them twice finds the same)."""
    _access, round_ = _access_round(request, slug, pk)
    quality.check_later(round_)
    messages.success(
        request, _("The checks are running; reload this page in a moment to see their flags.")
    )
    return redirect("monitoring:round-quality", slug=slug, pk=pk)


@require_POST
@login_required
def flag_decide(request: HttpRequest, slug: str, pk: int, flag: int) -> HttpResponse:
    access, round_ = _access_round(request, slug, pk)
    found = QualityFlag.objects.filter(round=round_, pk=flag).first()
    if found is None:
        raise Http404
    prefix = f"flag-{found.pk}"
    done = previous_result(request.POST, prefix=prefix)
    if done:
        return redirect(done)
    form = FlagDecisionForm(request.POST, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data

        def act() -> str:
            quality.flag_decide(
                flag=found,
                status=data["status"],
                note=data["note"],
                corrected_value=data.get("corrected_value"),
                by=access.user,
            )
            return (
                reverse("monitoring:round-quality", args=[slug, pk]) + f"#quality_flag-{found.pk}"
            )

        try:
            url = run_once(data["submit_key"], act)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Flag decided."))
            return redirect(url)
    return _page(request, access, round_, failed=(found.pk, form))


@require_POST
@login_required
def rule_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, round_ = _access_round(request, slug, pk)
    done = previous_result(request.POST, prefix="rule")
    if done:
        return redirect(done)
    questions = list(round_.version.questions.order_by("position", "pk"))
    form = RuleForm(request.POST, prefix="rule", questions=questions)
    if form.is_valid():
        data = form.cleaned_data

        def act() -> str:
            quality.rule_save(round_=round_, data=data, by=access.user)
            return reverse("monitoring:round-quality", args=[slug, pk]) + "#rules"

        try:
            url = run_once(data["submit_key"], act)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rule added; the round is being checked again."))
            return redirect(url)
    return _page(request, access, round_, rule_form=form)


@require_POST
@login_required
def rule_delete(request: HttpRequest, slug: str, pk: int, rule: int) -> HttpResponse:
    _access, round_ = _access_round(request, slug, pk)
    found = QualityRule.objects.filter(round=round_, pk=rule).first()
    if found is None:
        raise Http404
    quality.rule_delete(rule=found)
    messages.success(request, _("Rule removed, with the open flags it raised."))
    return redirect(reverse("monitoring:round-quality", args=[slug, pk]) + "#rules")
