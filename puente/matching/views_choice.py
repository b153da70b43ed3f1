"""Choice mode pages: a mentee ranks their suggestions, a mentor answers the mentees who chose
them, a coordinator publishes the suggestions (the summary is on the matching overview)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import posted
from puente.core.permissions import Action, Role
from puente.matching import choice, selectors, services
from puente.matching.forms import ChoiceForm, PublishForm, ResponseForm, ordinal
from puente.matching.models import Match, MatchingSettings, MentorResponse
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.models import Membership


def _require_choice_mode(access: ProgramAccess) -> MatchingSettings:
    """404 unless the program lets mentees choose. Read through the program, so the program
    menu's own check is answered from the same (cached) row."""
    try:
        found = access.program.matching_settings
    except MatchingSettings.DoesNotExist:
        raise Http404 from None
    if not found.mentee_choice:
        raise Http404
    return found


def _own_membership(access: ProgramAccess, role: Role) -> Membership:
    found = (
        access.program.memberships.filter(user=access.user, role=role)
        .select_related("user")
        .first()
    )
    if found is None:  # the role came from a membership, so only if it vanished meanwhile
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@login_required
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.CHOOSE_MENTOR)
    _require_choice_mode(access)
    mentee = _own_membership(access, Role.MENTEE)
    suggestions = selectors.suggestions_for_mentee(mentee)
    unavailable = set(
        MentorResponse.objects.filter(mentee=mentee, accepted=False).values_list(
            "mentor_id", flat=True
        )
    )
    match = (
        Match.objects.filter(mentee=mentee, status=Match.Status.ACTIVE)
        .select_related("mentor__user")
        .first()
    )
    form = ChoiceForm(
        posted(request),
        suggestions=suggestions,
        unavailable=unavailable,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                choice.choices_save(mentee=mentee, ranked_mentor_ids=form.ranked_mentor_ids())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your choices are saved. You can change them until the pairs are confirmed."),
                )
                return redirect("matching:choose", slug=access.program.slug)
        status = 422
    rows = [
        {
            "suggestion": s,
            "sentences": services.breakdown_sentences(s.breakdown),
            "declined": s.mentor_id in unavailable,
            "field": form[ChoiceForm.field_name(s)] if s.mentor_id not in unavailable else None,
        }
        for s in suggestions
    ]
    return render(
        request,
        "matching/choose.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "rows": rows,
            "match": match,
            "can_choose": match is None and len(rows) > len(unavailable),
        },
        status=status,
    )


def _requests_page(
    request: HttpRequest,
    access: ProgramAccess,
    mentor: Membership,
    bound: ResponseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    responses = selectors.responses_by_mentee(mentor)
    rows: list[dict[str, Any]] = []
    for s in selectors.choices_for_mentor(mentor):
        prefix = f"mentee-{s.mentee_id}"
        response = responses.get(s.mentee_id)
        if bound is None or bound.prefix != prefix:
            form = ResponseForm(
                prefix=prefix, initial={"reason": response.reason if response else ""}
            )
        else:
            form = bound
        rows.append(
            {
                "suggestion": s,
                "place": ordinal(s.choice or 0),
                "sentences": services.breakdown_sentences(s.breakdown),
                "response": response,
                "form": form,
            }
        )
    return render(
        request,
        "matching/requests.html",
        {"access": access, "program": access.program, "rows": rows},
        status=status,
    )


@require_GET
@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.RESPOND_TO_CHOICES)
    _require_choice_mode(access)
    return _requests_page(request, access, _own_membership(access, Role.MENTOR))


@require_POST
@login_required
def respond(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.RESPOND_TO_CHOICES)
    _require_choice_mode(access)
    mentor = _own_membership(access, Role.MENTOR)
    try:
        mentee_id = int(request.POST.get("mentee", ""))
    except ValueError:
        raise Http404 from None
    form = ResponseForm(request.POST, prefix=f"mentee-{mentee_id}")
    if form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            response = choice.mentor_respond(
                mentor=mentor,
                mentee_id=mentee_id,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("matching:requests", slug=access.program.slug)
            form.add_error(None, error)
        else:
            name = response.mentee.user.full_name
            if accept:
                messages.success(
                    request,
                    _("You accepted %(name)s. The coordinators confirm the final pairs.")
                    % {"name": name},
                )
            else:
                messages.success(
                    request,
                    _("You declined %(name)s; no run will pair you.") % {"name": name},
                )
            return redirect("matching:requests", slug=access.program.slug)
    return _requests_page(request, access, mentor, bound=form, status=422)


@require_POST
@login_required
def suggestions_publish(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    form = PublishForm(request.POST, program=access.program)
    if not form.is_valid():
        messages.error(request, _("Choose one of this program's waves."))
        return redirect("matching:overview", slug=access.program.slug)
    try:
        result = choice.suggestions_publish(
            program=access.program, by=access.user, wave=form.cleaned_data["wave"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:overview", slug=access.program.slug)
    messages.success(
        request,
        ngettext(
            "Suggestions published for %(count)s mentee, who was emailed.",
            "Suggestions published for %(count)s mentees, who were emailed.",
            result.suggested,
        )
        % {"count": result.suggested},
    )
    if result.kept:
        messages.info(
            request,
            ngettext(
                "%(count)s mentee had already chosen: their suggestions and choices stand.",
                "%(count)s mentees had already chosen: their suggestions and choices stand.",
                result.kept,
            )
            % {"count": result.kept},
        )
    if result.without:
        messages.warning(
            request,
            ngettext(
                "No mentor could be suggested to %(count)s mentee "
                "(the musts, forbidden pairs or full mentors).",
                "No mentor could be suggested to %(count)s mentees "
                "(the musts, forbidden pairs or full mentors).",
                result.without,
            )
            % {"count": result.without},
        )
    return redirect("matching:overview", slug=access.program.slug)
