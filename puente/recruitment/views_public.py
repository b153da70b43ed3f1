"""The public side of a call: its page, starting an application, and the applicant's private link.

No account is needed: the applicant's email link is their key. They can save a draft, come back,
submit once, and follow the decision there.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from puente.accounts.lockout import client_ip
from puente.core.forms import posted
from puente.instruments.engine import AnswersForm, initial_answers
from puente.recruitment import selectors, services
from puente.recruitment.forms import ApplyForm
from puente.recruitment.models import Application, Call


def _public_call(slug: str) -> Call:
    call = (
        Call.objects.select_related("program", "program__organization", "wave")
        .filter(slug=slug, is_published=True)
        .first()
    )
    if call is None:
        raise Http404
    return call


@require_http_methods(["GET", "POST"])
def call_public(request: HttpRequest, slug: str) -> HttpResponse:
    call = _public_call(slug)
    roles = list(call.forms.values_list("role", flat=True))
    # Bound on every POST, even an empty one, so that it is refused with its errors (422).
    form = ApplyForm(posted(request), roles=roles)
    status = 200
    if request.method == "POST":
        if not call.is_open():
            messages.error(request, _("This call is not open for applications."))
            status = 409
        elif form.is_valid():
            try:
                services.application_start(
                    call=call,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    language=translation.get_language() or "es",
                    client=client_ip(request),
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                # The same answer whether a link was sent, an earlier one stands, or the limit
                # of link emails was reached: the page never says who applied.
                request.session["applied_email"] = form.cleaned_data["email"]
                return redirect("recruitment:call-sent", slug=call.slug)
        if status != 409 and form.errors:  # a closed call stays a 409, whatever was sent
            status = 422
    return render(
        request,
        "recruitment/call_public.html",
        {"call": call, "program": call.program, "form": form, "roles": roles},
        status=status,
    )


@require_GET
def call_sent(request: HttpRequest, slug: str) -> HttpResponse:
    call = _public_call(slug)
    return render(
        request,
        "recruitment/call_sent.html",
        {"call": call, "email": request.session.get("applied_email", "")},
    )


def _answers_form(
    request: HttpRequest, application: Application, *, draft: bool, bound: bool
) -> AnswersForm:
    version = services.application_form_version(application)
    if version is None:
        raise Http404
    initial = initial_answers(application.submission) if application.submission else {}
    areas = [(str(a.pk), a.name) for a in application.call.program.focus_areas.all()]
    return AnswersForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        questions=list(version.questions.all()),
        focus_areas=areas,
        draft=draft,
        initial=initial,
        prefix="answers",
    )


@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    call = _public_call(slug)
    found = services.application_find(call=call, token=token)
    if found is None:
        return render(request, "recruitment/application_invalid.html", {"call": call}, status=404)
    app = services.application_confirm_email(application=found)
    context: dict[str, object] = {"call": call, "program": call.program, "application": app}
    if not app.is_editable:
        if request.method == "POST":  # a second click on "send": the first one counted
            return redirect("recruitment:application", slug=call.slug, token=token)
        # The answers given, as the applicant reads them (labels, not stored values).
        answers = selectors.answer_rows(app.submission, call.program)
        context["answers"] = [row for row in answers if row.answer_id is not None]
        return render(request, "recruitment/application_status.html", context)
    if request.method == "GET":
        context["form"] = _answers_form(request, app, draft=False, bound=False)
        return render(request, "recruitment/application_form.html", context)

    submit = request.POST.get("action") == "submit"
    form = _answers_form(request, app, draft=not submit, bound=True)
    status = 200
    try:
        if form.is_valid():
            services.application_save(application=app, cleaned=form.cleaned_data, submit=submit)
            if submit:
                messages.success(request, _("Your application was sent. Thank you!"))
            else:
                messages.success(request, _("Draft saved. Come back through your link anytime."))
            return redirect("recruitment:application", slug=call.slug, token=token)
        # Keep every valid answer as a draft, so nothing typed or uploaded is lost.
        draft = _answers_form(request, app, draft=True, bound=True)
        draft.is_valid()
        services.application_save(application=app, cleaned=draft.cleaned_data, submit=False)
        context["kept_as_draft"] = True
        status = 422
    except ValidationError as error:
        form.add_error(None, error)
        status = 409
    context["form"] = form
    return render(request, "recruitment/application_form.html", context, status=status)
