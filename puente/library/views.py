"""Toolkit pages: the list with its filters, a resource, its file, writing resources and their
versions per wave, confirming the onboarding manual and who has confirmed it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import posted, posted_files, previous_result, run_once
from puente.core.permissions import Action
from puente.library import selectors, services
from puente.library.forms import (
    ConfirmManualForm,
    NewVersionForm,
    ResourceCreateForm,
    ResourceEditForm,
    ToolkitFilterForm,
)
from puente.library.models import ONBOARDING_AUDIENCES, Resource
from puente.library.scopes import RESOURCES
from puente.library.uploads import content_type
from puente.programs.access import ProgramAccess, get_program_for_user


def _get_resource(
    request: HttpRequest, slug: str, pk: int, action: Action = Action.VIEW_LIBRARY
) -> tuple[ProgramAccess, Resource]:
    """Coordinators open any version; members only the version their wave reads, for their
    audience (anything else is a 404, as if it did not exist)."""
    access = get_program_for_user(request, slug, action)
    return access, RESOURCES.get(access, pk, related=("wave", "program"))


def _context(access: ProgramAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "program": access.program, **extra}


@require_GET
@login_required
def resource_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_LIBRARY)
    coordinator = access.can(Action.MANAGE_LIBRARY)
    audiences = selectors.audiences_for(access.roles)
    form = ToolkitFilterForm(
        request.GET or None,
        program=access.program,
        audiences=audiences,
        coordinator=coordinator,
    )
    filters: dict[str, Any] = {}
    wave_number = None if coordinator else selectors.viewer_wave_number(access)
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "audience": data["audience"],
            "stage": data["stage"],
            "kind": data["kind"],
            "search": data["q"].strip(),
        }
        if coordinator and data["wave"]:
            wave_number = data["wave"].number
    resources = list(selectors.toolkit(access, wave_number=wave_number, **filters))
    return render(
        request,
        "library/resource_list.html",
        _context(
            access,
            form=form,
            resources=resources,
            coordinator=coordinator,
            filtered=any(filters.values()) or bool(form.is_bound and form.data.get("wave")),
        ),
    )


@require_GET
@login_required
def resource_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, resource = _get_resource(request, slug, pk)
    return render(request, "library/resource_detail.html", _detail_context(access, resource))


def _detail_context(
    access: ProgramAccess, resource: Resource, confirm_form: ConfirmManualForm | None = None
) -> dict[str, Any]:
    coordinator = access.can(Action.MANAGE_LIBRARY)
    asks_confirmation = (
        resource.is_onboarding_manual
        and ONBOARDING_AUDIENCES.get(resource.audience) in access.roles
    )
    return _context(
        access,
        resource=resource,
        coordinator=coordinator,
        versions=list(selectors.versions(resource)) if coordinator else [],
        asks_confirmation=asks_confirmation,
        confirmed=asks_confirmation and selectors.is_confirmed(access.user, resource),
        confirm_form=confirm_form or ConfirmManualForm(),
    )


@require_GET
@login_required
def resource_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    _access, resource = _get_resource(request, slug, pk)
    if not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=resource.file_name,
        content_type=content_type(resource.file.name),
    )


@require_http_methods(["GET", "POST"])
@login_required
def resource_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_LIBRARY)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = ResourceCreateForm(
        posted(request),
        posted_files(request),
        program=access.program,
    )
    if request.method == "POST":
        if form.is_valid():

            def create() -> str:
                resource = services.resource_create(
                    program=access.program, by=access.user, data=form.cleaned_data
                )
                messages.success(request, _("Resource added to the toolkit."))
                return reverse("library:resource-detail", args=[slug, resource.pk])

            try:
                return redirect(run_once(form.cleaned_data["submit_key"], create))
            except ValidationError as error:
                form.add_error(None, error)
        return render(
            request, "library/resource_form.html", _context(access, form=form), status=422
        )
    return render(request, "library/resource_form.html", _context(access, form=form))


@require_http_methods(["GET", "POST"])
@login_required
def resource_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, resource = _get_resource(request, slug, pk, Action.MANAGE_LIBRARY)
    form = ResourceEditForm(
        posted(request),
        posted_files(request),
        program=access.program,
        instance=resource,
    )
    context = _context(access, form=form, resource=resource)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.resource_update(resource=resource, by=access.user, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Resource saved."))
                return redirect("library:resource-detail", slug=slug, pk=resource.pk)
        return render(request, "library/resource_form.html", context, status=422)
    return render(request, "library/resource_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def resource_new_version(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, source = _get_resource(request, slug, pk, Action.MANAGE_LIBRARY)
    taken = {v.wave_id for v in selectors.versions(source) if v.wave_id}
    form = NewVersionForm(
        posted(request),
        posted_files(request),
        source=source,
        taken=taken,
    )
    context = _context(access, form=form, resource=source, new_version=True)
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.resource_new_version(
                    resource=source,
                    wave=form.cleaned_data["wave"],
                    by=access.user,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("New version for %(wave)s saved; earlier waves keep theirs.")
                    % {"wave": version.wave},
                )
                return redirect("library:resource-detail", slug=slug, pk=version.pk)
        return render(request, "library/resource_form.html", context, status=422)
    return render(request, "library/resource_form.html", context)


@require_POST
@login_required
def manual_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, resource = _get_resource(request, slug, pk)
    if not resource.is_onboarding_manual:
        raise Http404
    if ONBOARDING_AUDIENCES.get(resource.audience) not in access.roles:
        raise PermissionDenied
    form = ConfirmManualForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "library/resource_detail.html",
            _detail_context(access, resource, confirm_form=form),
            status=422,
        )
    services.manual_confirm(resource=resource, user=access.user)
    messages.success(request, _("Thank you: you confirmed you have read the manual."))
    return redirect("library:resource-detail", slug=slug, pk=resource.pk)


@require_GET
@login_required
def confirmations(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_LIBRARY)
    return render(
        request,
        "library/confirmations.html",
        _context(access, manuals=selectors.confirmations_overview(access.program)),
    )
