"""The coordinator's matching pages: criteria, runs, review (lock, forbid, move), confirmation."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import SubmitOnceMixin, posted, previous_result, run_once
from puente.core.permissions import Action, Role
from puente.matching import selectors, services
from puente.matching.forms import (
    CriteriaForm,
    PairForm,
    PublishForm,
    RunConfirmForm,
    RunCreateForm,
    SettingsForm,
)
from puente.matching.models import Match, MatchRun, PairRule
from puente.matching.tasks import embeddings_refresh_task
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.models import Membership


def _overview_context(access: ProgramAccess, **forms: Any) -> dict[str, Any]:
    program = access.program
    weights, required = selectors.weights_for(program)
    settings = selectors.settings_for(program)
    return {
        "access": access,
        "program": program,
        "settings_form": forms.get("settings_form") or SettingsForm(instance=settings),
        "criteria_form": forms.get("criteria_form")
        or CriteriaForm(weights=weights, required=required),
        "run_form": forms.get("run_form") or RunCreateForm(program=program),
        "runs": selectors.runs_for(program)[:20],
        "active_matches": Match.objects.filter(program=program, status=Match.Status.ACTIVE).count(),
        # Choice mode: publishing suggestions, and how far mentees and mentors have answered.
        "choice": selectors.choice_summary(program) if settings.mentee_choice else None,
        "publish_form": PublishForm(program=program),
        "suggestions_shown": settings.suggestions_shown,
    }


@require_GET
@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    # Texts written since the last visit are encoded in the background, ready for the next run.
    transaction.on_commit(lambda: embeddings_refresh_task.enqueue(access.program.pk))
    return render(request, "matching/overview.html", _overview_context(access))


@require_POST
@login_required
def settings_save(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    settings = selectors.settings_for(access.program)
    form = SettingsForm(request.POST, instance=settings)
    criteria_form = CriteriaForm(request.POST, weights={}, required=set())
    if form.is_valid() and criteria_form.is_valid():
        form.save()
        weights, required = criteria_form.values()
        services.criteria_save(program=access.program, weights=weights, required=required)
        messages.success(request, _("Matching settings saved."))
        return redirect("matching:overview", slug=access.program.slug)
    context = _overview_context(access, settings_form=form, criteria_form=criteria_form)
    return render(request, "matching/overview.html", context, status=422)


@require_POST
@login_required
def run_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    if done := previous_result(request.POST, prefix=RunCreateForm.prefix):
        return redirect(done)  # the same form sent twice starts one run
    form = RunCreateForm(request.POST, program=access.program)
    if form.is_valid():
        data = form.cleaned_data

        def start() -> str:
            run = services.match_run(
                program=access.program, by=access.user, wave=data["wave"], track=data["track"]
            )
            return reverse("matching:run", args=[access.program.slug, run.pk])

        try:
            return redirect(run_once(data["submit_key"], start))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("matching:overview", slug=access.program.slug)
    return render(
        request, "matching/overview.html", _overview_context(access, run_form=form), status=422
    )


def _get_run(access: ProgramAccess, pk: int) -> MatchRun:
    run = selectors.runs_for(access.program).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


@require_GET
@login_required
def run_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    run = _get_run(access, pk)
    proposals = list(selectors.proposals_for(run))
    rules = {
        (r.mentee_id, r.mentor_id): r.kind for r in PairRule.objects.filter(program=access.program)
    }
    capacities = dict(
        zip(
            run.inputs.get("mentors", []),
            run.inputs.get("capacities", []),
            strict=False,
        )
    )
    by_mentor: dict[int, list[Any]] = defaultdict(list)
    for proposal in proposals:
        proposal.sentences = services.breakdown_sentences(proposal.breakdown)  # type: ignore[attr-defined]
        proposal.rule = rules.get((proposal.mentee_id, proposal.mentor_id))  # type: ignore[attr-defined]
        by_mentor[proposal.mentor_id].append(proposal)
    mentors = list(
        Membership.objects.filter(pk__in=run.inputs.get("mentors", []))
        .select_related("user")
        .order_by("user__full_name")
    )
    groups = [
        {
            "mentor": mentor,
            "proposals": by_mentor.get(mentor.pk, []),
            "capacity": capacities.get(mentor.pk, 0),
        }
        for mentor in mentors
    ]
    unmatched = run.unmatched.select_related("mentee__user").order_by("mentee__user__full_name")
    return render(
        request,
        "matching/run.html",
        {
            "access": access,
            "program": access.program,
            "run": run,
            "groups": [g for g in groups if g["proposals"]],
            "idle_mentors": [g for g in groups if not g["proposals"] and g["capacity"]],
            "mentor_choices": [(m.pk, m.user.full_name) for m in mentors],
            "unmatched": unmatched,
            "again_form": SubmitOnceMixin(),
            "forbidden": PairRule.objects.filter(
                program=access.program, kind=PairRule.Kind.FORBID
            ).select_related("mentee__user", "mentor__user"),
        },
    )


@require_POST
@login_required
def pair_rule(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Lock, forbid or clear a pair, then come back to the run (re-run to apply it)."""
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    run = _get_run(access, pk)
    form = PairForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a mentor for that mentee."))
        return redirect("matching:run", slug=access.program.slug, pk=run.pk)
    data = form.cleaned_data
    try:
        if data["action"] == "lock":
            services.pair_lock(
                program=access.program,
                mentee_id=data["mentee"],
                mentor_id=data["mentor"],
                by=access.user,
            )
            messages.success(request, _("Pair locked: the next run keeps it."))
        elif data["action"] == "forbid":
            services.pair_forbid(
                program=access.program,
                mentee_id=data["mentee"],
                mentor_id=data["mentor"],
                by=access.user,
            )
            messages.success(request, _("Pair forbidden: no run will propose it."))
        else:
            services.pair_clear(
                program=access.program, mentee_id=data["mentee"], mentor_id=data["mentor"]
            )
            messages.success(request, _("Pair released."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("matching:run", slug=access.program.slug, pk=run.pk)


@require_POST
@login_required
def run_again(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Re-run with the same wave and track, keeping locks and forbids."""
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    run = _get_run(access, pk)
    if done := previous_result(request.POST):
        return redirect(done)  # the same button pressed twice runs once
    again = SubmitOnceMixin(request.POST)
    if not again.is_valid():
        messages.error(request, _("This page was out of date: check the run and try again."))
        return redirect("matching:run", slug=access.program.slug, pk=run.pk)

    def rerun() -> str:
        new = services.match_run(
            program=access.program, by=access.user, wave=run.wave, track=run.track
        )
        return reverse("matching:run", args=[access.program.slug, new.pk])

    try:
        return redirect(run_once(again.cleaned_data["submit_key"], rerun))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:run", slug=access.program.slug, pk=run.pk)


@require_http_methods(["GET", "POST"])
@login_required
def run_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm a run: the page says who will be emailed what, then confirms once per key."""
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    run = _get_run(access, pk)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)  # the same form sent twice confirms once
    if run.status != MatchRun.Status.PROPOSED:
        messages.error(request, _("This run was already confirmed or replaced by a newer one."))
        return redirect("matching:run", slug=access.program.slug, pk=run.pk)
    form = RunConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        message = form.cleaned_data["message"]

        def confirm() -> str:
            result = services.run_confirm(run=run, by=access.user, message=message)
            _confirmed_messages(request, result)
            return reverse("matching:matches", args=[access.program.slug])

        try:
            return redirect(run_once(form.cleaned_data["submit_key"], confirm))
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "matching/confirm.html",
        {
            "access": access,
            "program": access.program,
            "run": run,
            "form": form,
            "preview": selectors.confirmation_preview(run),
        },
        status=422 if request.method == "POST" else 200,
    )


def _confirmed_messages(request: HttpRequest, result: services.Confirmation) -> None:
    count = len(result.matches)
    messages.success(
        request,
        ngettext(
            "%(count)s match confirmed; both sides were notified.",
            "%(count)s matches confirmed; both sides were notified.",
            count,
        )
        % {"count": count},
    )
    if result.skipped or result.vanished:
        messages.warning(
            request,
            _("Not matched because they left the program or were matched since the run: %(names)s.")
            % {"names": ", ".join(result.skipped) or str(result.vanished)},
        )


@require_GET
@login_required
def matches(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    rows = (
        Match.objects.filter(program=access.program, status=Match.Status.ACTIVE)
        .select_related("mentor__user", "mentee__user", "wave")
        .order_by("mentor__user__full_name", "mentee__user__full_name")
    )
    return render(
        request,
        "matching/matches.html",
        {"access": access, "program": access.program, "matches": rows, "Role": Role},
    )
