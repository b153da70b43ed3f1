"""The coordinator's form builder: list, start, build, publish and preview a program's forms.

Every page fetches the program through ``get_program_for_user`` with ``MANAGE_FORMS`` and then the
form inside that program, so another program's forms and questions answer 404.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action
from puente.instruments import registry, selectors, services
from puente.instruments.engine import AnswersForm
from puente.instruments.forms import (
    InstrumentCreateForm,
    InstrumentFromTemplateForm,
    QuestionAddForm,
    QuestionForm,
)
from puente.instruments.models import Instrument, InstrumentVersion, Question
from puente.programs.access import ProgramAccess, get_program_for_user

MOVES = {"up": -1, "down": 1}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.htmx)  # type: ignore[attr-defined]


def _instrument(request: HttpRequest, slug: str, pk: int) -> tuple[ProgramAccess, Instrument]:
    access = get_program_for_user(request, slug, Action.MANAGE_FORMS)
    return access, selectors.instrument_for_program(access.program, pk)


def _builder_url(instrument: Instrument, anchor: str = "") -> str:
    url = reverse("instruments:builder", args=[instrument.program.slug, instrument.pk])
    return f"{url}#{anchor}" if anchor else url


def _refused(request: HttpRequest, instrument: Instrument, error: ValidationError) -> HttpResponse:
    """A change the services refused (a published version, mostly): say why on a fresh page."""
    messages.error(request, " ".join(error.messages))
    url = _builder_url(instrument)
    return HttpResponseClientRedirect(url) if _is_htmx(request) else redirect(url)


# the list of forms


def _list_context(
    access: ProgramAccess,
    template_form: InstrumentFromTemplateForm | None = None,
    blank_form: InstrumentCreateForm | None = None,
) -> dict[str, Any]:
    return {
        "access": access,
        "program": access.program,
        "instruments": selectors.instrument_list(access.program),
        "template_form": template_form or InstrumentFromTemplateForm(),
        "blank_form": blank_form or InstrumentCreateForm(),
    }


@require_GET
@login_required
def instrument_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_FORMS)
    return render(request, "instruments/instrument_list.html", _list_context(access))


@require_POST
@login_required
def instrument_from_template(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_FORMS)
    form = InstrumentFromTemplateForm(request.POST)
    if not form.is_valid():
        context = _list_context(access, template_form=form)
        return render(request, "instruments/instrument_list.html", context, status=422)

    def create() -> str:
        instrument = services.instrument_from_template(
            program=access.program,
            template_key=form.cleaned_data["template"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        messages.success(
            request,
            _("“%(name)s” is ready to adapt. Publish it when it says what you need.")
            % {"name": instrument.name},
        )
        return _builder_url(instrument)

    return redirect(run_once(form.cleaned_data["submit_key"], create))


@require_POST
@login_required
def instrument_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_FORMS)
    form = InstrumentCreateForm(request.POST)
    if not form.is_valid():
        context = _list_context(access, blank_form=form)
        return render(request, "instruments/instrument_list.html", context, status=422)

    def create() -> str:
        instrument = services.instrument_create(
            program=access.program, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
        )
        messages.success(request, _("Form created. Add its questions."))
        return _builder_url(instrument)

    return redirect(run_once(form.cleaned_data["submit_key"], create))


# the builder


def _builder_context(
    access: ProgramAccess,
    instrument: Instrument,
    *,
    add_form: QuestionForm | None = None,
    editing: Question | None = None,
    edit_form: QuestionForm | None = None,
    notice: str = "",
) -> dict[str, Any]:
    draft = services.draft_version(instrument)
    version = draft or services.published_version(instrument)
    history = list(selectors.version_history(instrument))
    if draft is not None and add_form is None:
        add_form = QuestionAddForm(version=draft, prefix="new")
    return {
        "access": access,
        "program": access.program,
        "instrument": instrument,
        "draft": draft,
        "version": version,
        "questions": selectors.version_questions(version) if version else [],
        "add_form": add_form,
        "editing": editing.pk if editing else None,
        "edit_form": edit_form,
        "notice": notice,
        "history": history,
        "next_number": history[0].number + 1 if history else 1,
    }


@require_GET
@login_required
def builder(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, instrument = _instrument(request, slug, pk)
    return render(request, "instruments/builder.html", _builder_context(access, instrument))


@require_POST
@login_required
def version_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _access, instrument = _instrument(request, slug, pk)
    version = services.version_edit(instrument=instrument)
    messages.success(
        request,
        _(
            "Version %(number)s is open for editing. New answers keep using the published "
            "version until you publish this one."
        )
        % {"number": version.number},
    )
    return redirect(_builder_url(instrument))


@require_POST
@login_required
def version_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, instrument = _instrument(request, slug, pk)
    draft = services.draft_version(instrument)
    if draft is None:
        messages.info(request, _("There is no draft to publish."))
        return redirect(_builder_url(instrument))
    try:
        services.version_publish(version=draft, by=access.user)
    except ValidationError as error:
        return _refused(request, instrument, error)
    messages.success(
        request,
        _(
            "Version %(number)s is published. New answers use it; answers already given keep "
            "the version they answered."
        )
        % {"number": draft.number},
    )
    return redirect(_builder_url(instrument))


@require_POST
@login_required
def question_add(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    access, instrument = _instrument(request, slug, pk)
    version = instrument.versions.filter(number=number).first()
    if version is None:
        raise Http404
    if version.is_published:
        return _refused(request, instrument, ValidationError(_published_message()))
    if done := previous_result(request.POST, prefix="new"):
        # The same form sent again (a double click): it was added once; show the builder.
        if not _is_htmx(request):
            return redirect(done)
        return render(request, "instruments/_editor.html", _builder_context(access, instrument))
    form = QuestionAddForm(request.POST, version=version, prefix="new")
    if form.is_valid():
        notice = _("Question “%(key)s” added.") % {"key": form.cleaned_data["key"]}

        def add() -> str:
            question = services.question_add(version=version, **form.question_fields())
            return _builder_url(instrument, f"question-{question.pk}")

        try:
            url = run_once(form.cleaned_data["submit_key"], add)
        except ValidationError as error:
            return _refused(request, instrument, error)
        if not _is_htmx(request):
            messages.success(request, notice)
            return redirect(url)
        context = _builder_context(access, instrument, notice=notice)
        return render(request, "instruments/_editor.html", context)
    context = _builder_context(access, instrument, add_form=form)
    template = "instruments/_editor.html" if _is_htmx(request) else "instruments/builder.html"
    return render(request, template, context, status=422)


def _published_message() -> str:
    return _("A published version cannot change; edit a new version instead.")


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    access, instrument = _instrument(request, slug, pk)
    question = selectors.question_for_instrument(instrument, question_id)
    if question.version.is_published:
        return _refused(request, instrument, ValidationError(_published_message()))
    data = posted(request)
    form = QuestionForm(data, instance=question, version=question.version, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            services.question_update(question=question, **form.question_fields())
        except ValidationError as error:
            return _refused(request, instrument, error)
        notice = _("Question “%(key)s” saved.") % {"key": question.key}
        if not _is_htmx(request):
            messages.success(request, notice)
            return redirect(_builder_url(instrument, f"question-{question.pk}"))
        context = _builder_context(access, instrument, notice=notice)
        return render(request, "instruments/_questions.html", context)
    context = _builder_context(access, instrument, editing=question, edit_form=form)
    template = "instruments/_questions.html" if _is_htmx(request) else "instruments/builder.html"
    return render(request, template, context, status=422 if form.is_bound else 200)


def _question_changed(
    request: HttpRequest, access: ProgramAccess, instrument: Instrument, notice: str
) -> HttpResponse:
    if not _is_htmx(request):
        messages.success(request, notice)
        return redirect(_builder_url(instrument, "questions"))
    context = _builder_context(access, instrument, notice=notice)
    return render(request, "instruments/_questions.html", context)


@require_POST
@login_required
def question_move(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    access, instrument = _instrument(request, slug, pk)
    question = selectors.question_for_instrument(instrument, question_id)
    offset = MOVES.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponseBadRequest(_("Say whether to move the question up or down."))
    try:
        services.question_move(question=question, offset=offset)
    except ValidationError as error:
        return _refused(request, instrument, error)
    question.refresh_from_db(fields=["position"])
    notice = _("Question “%(key)s” is now number %(position)s.") % {
        "key": question.key,
        "position": question.position + 1,
    }
    return _question_changed(request, access, instrument, notice)


@require_POST
@login_required
def question_delete(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    access, instrument = _instrument(request, slug, pk)
    question = selectors.question_for_instrument(instrument, question_id)
    key = question.key
    try:
        services.question_delete(question=question)
    except ValidationError as error:
        return _refused(request, instrument, error)
    notice = _("Question “%(key)s” deleted.") % {"key": key}
    return _question_changed(request, access, instrument, notice)


# the preview


def _preview_version(instrument: Instrument, number: str | None) -> InstrumentVersion:
    if number:
        if not number.isdigit():
            raise Http404
        version = instrument.versions.filter(number=int(number)).first()
    else:
        version = services.draft_version(instrument) or services.published_version(instrument)
    if version is None:
        raise Http404
    return version


@require_http_methods(["GET", "POST"])
@login_required
def preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, instrument = _instrument(request, slug, pk)
    version = _preview_version(instrument, request.GET.get("version"))
    questions = selectors.version_questions(version)
    areas = registry.AnswerContext.of_program(access.program.pk)
    posted = request.method == "POST"
    as_draft = posted and "as_draft" in request.POST
    form = AnswersForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        questions=questions,
        focus_areas=list(areas.focus_areas.items()),
        draft=as_draft,
    )
    result = None
    status = 200
    if posted:
        if form.is_valid():
            result = [
                (
                    q,
                    registry.cleaned_text(q, form.cleaned_data.get(q.key), context=areas),
                    registry.of(q).stored_as,
                )
                for q in questions
            ]
        else:
            status = 422
    context = {
        "access": access,
        "program": access.program,
        "instrument": instrument,
        "version": version,
        "form": form,
        "result": result,
        "as_draft": as_draft,
        "has_file": any(registry.of(q).is_file for q in questions),
    }
    return render(request, "instruments/preview.html", context, status=status)
