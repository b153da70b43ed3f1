from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action
from puente.programs.access import get_program_for_user
from puente.waves import selectors, services
from puente.waves.forms import AlumniInviteForm
from puente.waves.models import AlumniInvitation


@require_GET
@login_required
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    """The program's waves side by side, for coordinators (hidden where too few people stand
    behind a figure, as on the funder's dashboard)."""
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    comparison = selectors.wave_comparison(access.program)
    template = "waves/_comparison.html" if request.htmx else "waves/compare.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"access": access, "program": access.program, "comparison": comparison},
    )


@require_http_methods(["GET", "POST"])
@login_required
def alumni_invite(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Invite a wave's mentees back as mentors, each person once per call or wave."""
    access = get_program_for_user(request, slug, Action.INVITE)
    program = access.program
    wave = get_object_or_404(program.waves.select_related("program"), number=number)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = AlumniInviteForm(posted(request), wave=wave)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            key = data.pop("submit_key")

            def send() -> str:
                sent = services.alumni_invite(
                    wave=wave,
                    by=access.user,
                    call=data["call"],
                    target_wave=data["target_wave"],
                    completed_only=data["who"] == "completed",
                )
                messages.success(
                    request,
                    _(
                        "Invitations sent: %(sent)s. Already invited: %(again)s. "
                        "Already mentors: %(mentors)s."
                    )
                    % {
                        "sent": sent.sent,
                        "again": sent.already_invited,
                        "mentors": sent.already_mentors,
                    },
                )
                return reverse("waves:alumni-invite", args=[program.slug, wave.number])

            return redirect(run_once(key, send))
    sent_before = (
        AlumniInvitation.objects.filter(source_wave=wave)
        .select_related("user", "call", "wave")
        .order_by("user__full_name", "pk")
    )
    return render(
        request,
        "waves/alumni_invite.html",
        {
            "access": access,
            "program": program,
            "wave": wave,
            "form": form,
            "completed": selectors.alumni_candidates(wave, completed_only=True).count(),
            "all_mentees": selectors.alumni_candidates(wave, completed_only=False).count(),
            "sent_before": sent_before[:200],
        },
        status=status,
    )
