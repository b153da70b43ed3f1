"""Selection by lottery among a call's eligible applicants (``recruitment.lottery``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from puente.core.forms import previous_result, run_once
from puente.core.permissions import Action
from puente.programs.access import get_program_for_user
from puente.recruitment import selectors
from puente.recruitment.forms_lottery import LotteryForm
from puente.recruitment.lottery import lottery_draw


@require_POST
@login_required
def lottery(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, pk)
    back = reverse("recruitment:application-list", args=[slug, call.pk]) + "#lottery"
    done = previous_result(request.POST)
    if done:
        return redirect(done)
    form = LotteryForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    data = form.cleaned_data

    def act() -> str:
        drawn = lottery_draw(
            call=call, role=data["role"], places=data["places"], seed=data["seed"], by=access.user
        )
        messages.success(
            request,
            _("Drawn by lottery with seed %(seed)s: %(selected)s selected of %(eligible)s.")
            % {
                "seed": drawn.seed,
                "selected": len(drawn.selected),
                "eligible": len(drawn.eligible),
            },
        )
        return back

    try:
        return redirect(run_once(data["submit_key"], act))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(back)
