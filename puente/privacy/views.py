"""A person's own data (download, asking to be erased) and the erasure requests page of those who
handle them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from puente.accounts.models import User
from puente.privacy import services
from puente.privacy.forms import DownloadForm, EraseForm, ErasureRequestForm
from puente.privacy.models import DataExport, ErasureRequest


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the views require sign-in
    return user


def _page(
    request: HttpRequest, form: ErasureRequestForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "privacy/my_data.html",
        {
            "person": user,
            "download_form": DownloadForm(),
            "erasure_form": form or ErasureRequestForm(user=user),
            "open_request": services.open_request(user),
            "pending_exports": DataExport.objects.filter(
                user=user, status=DataExport.Status.PENDING
            ).count(),
            "handles_requests": services.handles_requests(user),
        },
        status=status,
    )


@require_GET
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@login_required
def download(request: HttpRequest) -> HttpResponse:
    """The person's data at once when small; otherwise prepared in the background and emailed."""
    user = _user(request)
    form = DownloadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose JSON or XLSX."))
        return redirect("privacy:my-data")
    file_format = form.cleaned_data["file_format"]
    if services.row_count(user) > services.INLINE_MAX_ROWS:
        services.data_export_request(user=user, file_format=file_format)
        messages.success(
            request, _("Your data is being prepared. We will email you a link to download it.")
        )
        return redirect("privacy:my-data")
    content, name, content_type = services.build(user, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def download_file(request: HttpRequest, token: str) -> FileResponse:
    export = services.export_for_token(token, _user(request))
    path = services.export_path(export) if export else None
    if export is None or path is None:
        raise Http404
    name = f"puente-my-data-{export.created_at:%Y-%m-%d}.{export.file_format}"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@require_POST
@login_required
def erasure_request(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ErasureRequestForm(request.POST, user=user)
    if form.is_valid():
        try:
            made = services.erasure_request(
                user=user,
                reason=form.cleaned_data["reason"],
                password=form.cleaned_data.get("password", ""),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error(None, error.messages)
        else:
            if made.status == ErasureRequest.Status.PENDING:
                messages.success(
                    request, _("Your request is recorded. Your coordinator will handle it.")
                )
            else:
                messages.success(
                    request, _("We emailed you a link: open it to confirm your request.")
                )
            return redirect("privacy:my-data")
    return _page(request, form, status=422)


@require_POST
@login_required
def erasure_withdraw(request: HttpRequest) -> HttpResponse:
    open_request = services.open_request(_user(request))
    if open_request is None:
        raise Http404
    services.erasure_withdraw(request=open_request)
    messages.success(request, _("Your request is withdrawn."))
    return redirect("privacy:my-data")


@require_GET
@login_required
def erasure_confirm(request: HttpRequest, token: str) -> HttpResponse:
    confirmed = services.erasure_confirm(user=_user(request), token=token)
    if confirmed is None:
        raise Http404
    messages.success(request, _("Your request is confirmed. Your coordinator will handle it."))
    return redirect("privacy:my-data")


@require_GET
@login_required
def requests(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.handles_requests(user):
        raise PermissionDenied
    return render(
        request,
        "privacy/requests.html",
        {"requests": services.requests_for(user), "blank_form": EraseForm()},
    )


@require_POST
@login_required
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not services.handles_requests(user):
        raise PermissionDenied
    erasure = get_object_or_404(
        ErasureRequest.objects.select_related("user"),
        pk=pk,
        status__in=[ErasureRequest.Status.PENDING, ErasureRequest.Status.ERASED],
    )
    if not services.may_erase(user, erasure.user):
        raise Http404
    form = EraseForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "privacy/requests.html",
            {
                "requests": services.requests_for(user),
                "erase_form": form,
                "blank_form": EraseForm(),
                "failed_pk": erasure.pk,
            },
            status=422,
        )
    services.person_erase(user=erasure.user, by=user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The person is erased."))
    return redirect("privacy:requests")
