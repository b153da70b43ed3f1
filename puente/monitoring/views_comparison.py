"""The comparison group's pages: the coordinator invites it to a round, and each applicant
invited answers through their private link, without an account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from puente.core.permissions import Action
from puente.instruments.engine import AnswersForm, initial_answers
from puente.monitoring import comparison, services
from puente.monitoring.views import _round
from puente.programs.access import get_program_for_user


@require_POST
@login_required
def round_comparison_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MONITORING)
    round_ = _round(access, pk)
    if not round_.is_open:
        messages.error(request, _("This round is closed: nobody more can be invited."))
        return redirect("monitoring:round", slug=slug, pk=pk)
    count = comparison.comparison_invite(round_=round_, by=access.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s applicant of the comparison group invited.",
                "%(count)s applicants of the comparison group invited.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nobody else to invite: every waitlisted applicant is invited."))
    return redirect("monitoring:round", slug=slug, pk=pk)


@require_http_methods(["GET", "POST"])
def comparison_answer(request: HttpRequest, token: str) -> HttpResponse:
    """An applicant of the comparison group answers a round through their private link."""
    invitation = comparison.comparison_find(token)
    if invitation is None:
        return render(request, "monitoring/comparison_invalid.html", status=404)
    round_ = invitation.round
    posted = request.method == "POST"
    questions = list(round_.version.questions.order_by("position", "pk"))
    areas = [(str(a.pk), a.name) for a in round_.program.focus_areas.order_by("kind", "name")]
    form = AnswersForm(
        request.POST if posted and round_.is_open else None,
        request.FILES if posted and round_.is_open else None,
        questions=questions,
        focus_areas=areas,
        initial=initial_answers(invitation.submission) if invitation.submission else None,
    )
    if not round_.is_open:
        for field in form.fields.values():
            field.disabled = True
    status = 200
    if posted and round_.is_open:
        if form.is_valid():
            try:
                services.round_answer(invitation=invitation, cleaned=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("monitoring:comparison-answer", token=token)
        status = 422
    return render(
        request,
        "monitoring/comparison_answer.html",
        {"invitation": invitation, "round": round_, "program": round_.program, "form": form},
        status=status,
    )
