"""Tutors: who follows which mentees (or businesses), assigned with caseload limits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from puente.core.permissions import Action, Role
from puente.matching import services
from puente.matching.forms import RunForm
from puente.matching.models import TutorAssignment
from puente.programs.access import get_program_for_user
from puente.programs.models import Membership


@require_GET
@login_required
def tutors(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    program = access.program
    caseloads = (
        Membership.objects.filter(program=program, role=Role.TUTOR)
        .select_related("user", "wave")
        .annotate(caseload=Count("tutees"))
        .order_by("user__full_name")
    )
    assignments = (
        TutorAssignment.objects.filter(program=program)
        .select_related("tutor__user", "mentee__user", "mentee__user__business", "mentee__wave")
        .order_by("tutor__user__full_name", "mentee__user__full_name")
    )
    without = Membership.objects.filter(
        program=program, role=Role.MENTEE, tutor_assignment__isnull=True
    ).count()
    return render(
        request,
        "matching/tutors.html",
        {
            "access": access,
            "program": program,
            "caseloads": caseloads,
            "assignments": assignments,
            "without": without,
            "caseload_limit": program.tutor_caseload,
            "form": RunForm(program=program),
        },
    )


@require_POST
@login_required
def tutors_assign(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_MATCHING)
    form = RunForm(request.POST, program=access.program)
    if form.is_valid():
        made = services.tutors_assign(program=access.program, wave=form.cleaned_data["wave"])
        messages.success(
            request,
            ngettext(
                "%(count)s mentee now has a tutor.",
                "%(count)s mentees now have a tutor.",
                len(made),
            )
            % {"count": len(made)},
        )
    return redirect("matching:tutors", slug=access.program.slug)
