"""Monitoring pages: program health, survey rounds (open, follow, close, answer) and the M&E
indicators."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.charts import Series, bar_chart
from puente.core.forms import SubmitKeyTaken, SubmitOnceMixin, previous_result, run_once
from puente.core.permissions import Action
from puente.instruments.engine import AnswersForm, initial_answers
from puente.mentoring.scopes import FOLLOWED_RELATIONSHIPS
from puente.monitoring import comparison, disclosure, packs, selectors, services
from puente.monitoring import indicators as computing
from puente.monitoring.forms import IndicatorForm, IndicatorPackForm, RoundOpenForm
from puente.monitoring.models import Indicator, Round, RoundInvitation, RoundKind
from puente.programs.access import ProgramAccess, get_program_for_user


@require_GET
@login_required
def health(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_PROGRAM_HEALTH)
    program = access.program
    no_wave = _("No wave")
    no_track = _("No track")
    wave_labels: dict[int | None, str] = {None: no_wave}
    wave_labels.update({w.pk: str(w) for w in program.waves.all()})
    track_labels: dict[int | None, str] = {None: no_track}
    track_labels.update({t.pk: str(t) for t in program.tracks.all()})
    report = selectors.program_health(
        FOLLOWED_RELATIONSHIPS.visible(access),
        today=timezone.localdate(),
        wave_labels=wave_labels,
        track_labels=track_labels,
    )
    chart = (
        bar_chart(
            title=_("Meetings held against planned to date, per wave"),
            description=_(
                "For each wave, the meetings whose date is on or before today and how many "
                "of them were held."
            ),
            categories=[row.label for row in report.by_wave],
            series=[
                Series(_("Planned to date"), [row.planned for row in report.by_wave]),
                Series(_("Held"), [row.held for row in report.by_wave]),
            ],
        )
        if report.by_wave
        else ""
    )
    return render(
        request,
        "monitoring/health.html",
        {"access": access, "program": program, "health": report, "chart": chart},
    )


# --- Survey rounds ------------------------------------------------------------------------------


def _rounds_page(
    request: HttpRequest, access: ProgramAccess, form: RoundOpenForm, status: int = 200
) -> HttpResponse:
    rounds = selectors.rounds_with_counts(access.program)
    rates = selectors.response_rates(rounds)
    return render(
        request,
        "monitoring/rounds.html",
        {
            "access": access,
            "program": access.program,
            "rounds": [(round_, rates.get(round_.pk, [])) for round_ in rounds],
            "form": form,
        },
        status=status,
    )


@require_GET
@login_required
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    return _rounds_page(request, access, RoundOpenForm(program=access.program))


@require_POST
@login_required
def round_open(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    done = previous_result(request.POST)
    if done:
        return redirect(done)
    form = RoundOpenForm(request.POST, program=access.program)
    if form.is_valid():
        data = form.cleaned_data

        def act() -> str:
            round_ = services.round_open(
                program=access.program,
                wave=data["wave"],
                kind=data["kind"],
                instrument=data["instrument"],
                roles=data["roles"],
                by=access.user,
                today=timezone.localdate(),
                closes_on=data["closes_on"],
                reminder_every_days=data["reminder_every_days"],
            )
            return reverse("monitoring:round", args=[slug, round_.pk])

        try:
            url = run_once(data["submit_key"], act)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Round opened; the invitations are on their way."))
            return redirect(url)
    return _rounds_page(request, access, form, status=422)


def _round(access: ProgramAccess, pk: int) -> Round:
    round_ = (
        Round.objects.filter(program=access.program, pk=pk)
        .select_related("wave", "instrument", "version")
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


@require_GET
@login_required
def round_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    round_ = _round(access, pk)
    rates = selectors.response_rates(Round.objects.filter(pk=round_.pk)).get(round_.pk, [])
    return render(
        request,
        "monitoring/round.html",
        {
            "access": access,
            "program": access.program,
            "round": round_,
            "rates": rates,
            "invitations": selectors.round_invitations(round_),
            "comparison_invitations": selectors.comparison_invitations(round_),
            "comparison_candidates": comparison.candidates(round_).count() if round_.is_open else 0,
        },
    )


@require_POST
@login_required
def round_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    round_ = _round(access, pk)
    services.round_close(round_=round_, by=access.user)
    messages.success(request, _("Round closed. Its answers can no longer change."))
    return redirect("monitoring:round", slug=slug, pk=pk)


@require_GET
@login_required
def my_surveys(request: HttpRequest, slug: str) -> HttpResponse:
    # Rounds survey mentees, mentors and tutors (``services.ROLE_ORDER``).
    access = get_program_for_user(request, slug, Action.VIEW_OWN_MENTORING)
    return render(
        request,
        "monitoring/my_surveys.html",
        {
            "access": access,
            "program": access.program,
            "invitations": selectors.my_invitations(access.program, access.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def round_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One's own answer to a round, and only one's own: anyone not invited gets a 404.

    The form carries a submit key made when it was first opened; on a phone it may arrive much
    later from the offline outbox (``static/js/survey-offline.js``), which asks with the
    ``Puente-Outbox`` header for a bare answer: 204 once stored (or already stored with that
    key), 409 for a key used by another invitation, 422 with the page when answers need work."""
    access = get_program_for_user(request, slug)
    invitation = (
        RoundInvitation.objects.filter(round__program=access.program, round_id=pk, user=access.user)
        .select_related("round__wave", "round__version", "submission")
        .first()
    )
    if invitation is None:
        raise Http404
    round_ = invitation.round
    questions = list(round_.version.questions.order_by("position", "pk"))
    areas = [(str(a.pk), a.name) for a in access.program.focus_areas.order_by("kind", "name")]
    initial = initial_answers(invitation.submission) if invitation.submission else None
    posted = request.method == "POST"
    if posted and not round_.is_open:
        raise PermissionDenied
    keyed = SubmitOnceMixin(request.POST if posted else None)
    owner = f"round-invitation:{invitation.pk}"
    outbox = request.headers.get("Puente-Outbox") == "1"
    page = reverse("monitoring:round-answer", kwargs={"slug": slug, "pk": pk})
    if posted:
        try:
            done = previous_result(request.POST, owner=owner)
        except SubmitKeyTaken:
            return HttpResponse(status=409)
        if done:
            return HttpResponse(status=204) if outbox else redirect(done)
    form = AnswersForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        questions=questions,
        focus_areas=areas,
        initial=initial,
    )
    if not round_.is_open:
        for field in form.fields.values():
            field.disabled = True
    if posted and form.is_valid():

        def store() -> str:
            services.round_answer(invitation=invitation, cleaned=form.cleaned_data)
            return page

        try:
            # A POST from a page older than the submit key has none: stored as before.
            if keyed.is_valid():
                run_once(keyed.cleaned_data["submit_key"], store, owner=owner)
            else:
                store()
        except ValidationError as error:
            form.add_error(None, error)
        except SubmitKeyTaken:
            return HttpResponse(status=409)
        else:
            if outbox:
                return HttpResponse(status=204)
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect(page)
    return render(
        request,
        "monitoring/answer.html",
        {
            "access": access,
            "program": access.program,
            "invitation": invitation,
            "round": round_,
            "form": form,
            "keyed": SubmitOnceMixin() if posted and not keyed.is_valid() else keyed,
        },
        status=422 if posted else 200,
    )


# --- Indicators ---------------------------------------------------------------------------------


def _labels(access: ProgramAccess) -> dict[str, dict[Any, str]]:
    program = access.program
    return {
        Indicator.Disaggregation.WAVE: {w.pk: str(w) for w in program.waves.all()},
        Indicator.Disaggregation.TRACK: {t.pk: str(t) for t in program.tracks.all()},
    }


def _indicators_page(
    request: HttpRequest, access: ProgramAccess, pack_form: IndicatorPackForm | None = None
) -> HttpResponse:
    results, computed_at = computing.program_results(
        access.program, today=timezone.localdate(), labels=_labels(access)
    )
    comparison.attach(access.program, results)
    can_manage = access.can(Action.MANAGE_MONITORING)
    context: dict[str, Any] = {
        "access": access,
        "program": access.program,
        "results": [(result, computing.chart(result)) for result in results],
        "kinds": RoundKind.choices,
        "can_manage": can_manage,
        "min_people": disclosure.MIN_PEOPLE,
        "computed_at": computed_at,
        "cache_minutes": -(-settings.INDICATORS_CACHE_SECONDS // 60),
    }
    if can_manage:
        context["packs"] = packs.PACKS
        context["pack_form"] = pack_form or IndicatorPackForm(
            initial={"pack": packs.suggested(access.program).key}
        )
    return render(
        request,
        "monitoring/indicators.html",
        context,
        status=422 if pack_form is not None else 200,
    )


@require_GET
@login_required
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    """The M&E view: aggregates only, small groups suppressed (observers may open it)."""
    access = get_program_for_user(request, slug, Action.VIEW_INDICATORS)
    return _indicators_page(request, access)


@require_POST
@login_required
def indicator_pack(request: HttpRequest, slug: str) -> HttpResponse:
    """Create the indicator pack of the kind of program chosen, with its baseline survey."""
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    done = previous_result(request.POST)
    if done:
        return redirect(done)
    form = IndicatorPackForm(request.POST)
    if not form.is_valid():
        return _indicators_page(request, access, pack_form=form)
    pack: packs.Pack = form.cleaned_data["pack"]

    def act() -> str:
        made = services.indicator_pack_create(
            program=access.program,
            pack=pack,
            by=access.user,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        count = len(made.indicators)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s indicator added, with the survey “%(survey)s” ready for the "
                    "baseline round. Fill in its target.",
                    "%(count)s indicators added, with the survey “%(survey)s” ready for the "
                    "baseline round. Fill in their targets.",
                    count,
                )
                % {"count": count, "survey": made.survey.name},
            )
        else:
            messages.info(request, _("The program already has every indicator of this pack."))
        return reverse("monitoring:indicators", args=[slug])

    return redirect(run_once(form.cleaned_data["submit_key"], act))


def _indicator(access: ProgramAccess, pk: int) -> Indicator:
    indicator = Indicator.objects.filter(program=access.program, pk=pk).first()
    if indicator is None:
        raise Http404
    return indicator


def _indicator_form(request: HttpRequest, slug: str, indicator: Indicator | None) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    posted = request.method == "POST"
    if posted and indicator is None:
        done = previous_result(request.POST)
        if done:
            return redirect(done)
    form = IndicatorForm(
        request.POST if posted else None, instance=indicator, program=access.program
    )
    if posted and form.is_valid():
        data = form.cleaned_data

        def act() -> str:
            services.indicator_save(program=access.program, data=data, indicator=indicator)
            return reverse("monitoring:indicators", args=[slug])

        try:
            url = run_once(data["submit_key"], act)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(url)
    return render(
        request,
        "monitoring/indicator_form.html",
        {"access": access, "program": access.program, "form": form, "indicator": indicator},
        status=422 if posted else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _indicator_form(request, slug, None)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    return _indicator_form(request, slug, _indicator(access, pk))


@require_POST
@login_required
def indicator_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    services.indicator_delete(indicator=_indicator(access, pk))
    messages.success(request, _("Indicator deleted."))
    return redirect("monitoring:indicators", slug=slug)
