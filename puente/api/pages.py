"""The pages of the api app: a person's API tokens (from the profile) and the API's docs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from puente.accounts.models import User
from puente.api import services
from puente.api.forms import ApiTokenForm
from puente.api.models import ApiToken
from puente.core.forms import previous_result, run_once

NEW_KEY = "api_new_token_key"  # a session key, holding a new token until it is shown once


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    return user


def _tokens_page(request: HttpRequest, form: ApiTokenForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=_user(request)),
            "form": form,
            "new_key": request.session.pop(NEW_KEY, None) if status == 200 else None,
        },
        status=status,
    )


@require_GET
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    return _tokens_page(request, ApiTokenForm())


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    if done := previous_result(request.POST):
        return redirect(done)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=422)

    def create() -> str:
        _token, key = services.api_token_create(user=_user(request), name=form.cleaned_data["name"])
        request.session[NEW_KEY] = key
        return reverse("api:tokens")

    return redirect(run_once(form.cleaned_data["submit_key"], create))


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=_user(request), pk=pk).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token)
    messages.success(request, _("The token was revoked: it no longer opens the API."))
    return redirect("api:tokens")


@require_GET
@login_required
def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI from our own static files, started by a static script (no inline script, so
    the Content-Security-Policy holds)."""
    return render(request, "api/docs.html")
