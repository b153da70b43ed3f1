"""Moving applications in and out of a call: importing applicants from a file, exporting them.

An uploaded file is checked and shown as a preview; confirming imports it. Between the two, the
table read from the file is kept in the coordinator's own session (database-backed, so any worker
sees it, and no file with personal data is left on disk or in a public media folder). There is one
pending import per session, under a random token that the confirmation must name; the token is the
``run_once`` key, so a repeated or racing confirmation imports once.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import run_once
from puente.core.permissions import Action
from puente.core.spreadsheets import Table, TableRow, write_csv, write_xlsx
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.recruitment import exporting, importing, selectors
from puente.recruitment.forms_selection import ApplicationFilterForm
from puente.recruitment.forms_transfer import ImportConfirmForm, ImportUploadForm
from puente.recruitment.models import APPLICANT_ROLES, Call

SESSION_KEY = "recruitment_import"
PREVIEW_ROWS = 50
LISTED_ERRORS = 200
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PreviewGone(Exception):
    """The confirmed preview is not (or no longer) in this person's session."""


def _upload_page(
    request: HttpRequest,
    access: ProgramAccess,
    call: Call,
    form: ImportUploadForm,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "recruitment/import_upload.html",
        {
            "access": access,
            "program": access.program,
            "call": call,
            "form": form,
            "guides": importing.import_guide(call),
            "errors": (errors or [])[:LISTED_ERRORS],
        },
        status=status,
    )


def _call_roles(call: Call) -> list[str]:
    return list(call.forms.values_list("role", flat=True))


@require_http_methods(["GET", "POST"])
@login_required
def application_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, pk)
    roles = _call_roles(call)
    if request.method == "GET":
        return _upload_page(request, access, call, ImportUploadForm(roles=roles))
    form = ImportUploadForm(request.POST, request.FILES, roles=roles)
    if not form.is_valid():
        return _upload_page(request, access, call, form, status=422)
    upload = form.cleaned_data["file"]
    role = form.cleaned_data["role"]
    try:
        preview = importing.import_preview(call=call, role=role, uploaded_file=upload)
    except ValidationError as error:
        form.add_error("role" if getattr(error, "code", None) == "role" else "file", error)
        return _upload_page(request, access, call, form, status=422)
    token = uuid.uuid4()
    request.session.pop(SESSION_KEY, None)
    if preview.is_valid:
        request.session[SESSION_KEY] = {
            "token": str(token),
            "call": call.pk,
            "role": role,
            "file_name": upload.name,
            "headers": preview.table.headers,
            "rows": [[row.number, row.cells] for row in preview.table.rows],
        }
    errors = preview.error_messages
    return render(
        request,
        "recruitment/import_preview.html",
        {
            "access": access,
            "program": access.program,
            "call": call,
            "preview": preview,
            "file_name": upload.name,
            "role_label": dict(APPLICANT_ROLES).get(role, role),
            "shown_rows": preview.rows[:PREVIEW_ROWS],
            "hidden_rows": max(0, len(preview.rows) - PREVIEW_ROWS),
            "errors": errors[:LISTED_ERRORS],
            "more_errors": max(0, len(errors) - LISTED_ERRORS),
            "confirm_form": ImportConfirmForm(initial={"token": token}),
            "form": ImportUploadForm(roles=roles, initial={"role": role}),
        },
        status=200 if preview.is_valid else 422,
    )


@require_POST
@login_required
def application_import_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, pk)
    here = reverse("recruitment:application-import", args=[access.program.slug, call.pk])
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This preview is no longer available; upload the file again."))
        return redirect(here)
    token = form.cleaned_data["token"]
    pending = request.session.get(SESSION_KEY) or {}

    def commit() -> str:
        if pending.get("token") != str(token) or pending.get("call") != call.pk:
            raise PreviewGone
        table = Table(pending["headers"], [TableRow(n, cells) for n, cells in pending["rows"]])
        created = importing.import_commit(
            call=call,
            role=pending["role"],
            table=table,
            by=access.user,
            file_name=pending.get("file_name", ""),
        )
        messages.success(
            request,
            ngettext(
                "%(count)s application imported.",
                "%(count)s applications imported.",
                len(created),
            )
            % {"count": len(created)},
        )
        return here

    try:
        url = run_once(token, commit)
    except PreviewGone:
        messages.error(request, _("This preview is no longer available; upload the file again."))
        return redirect(here)
    except ValidationError as error:
        request.session.pop(SESSION_KEY, None)
        form_again = ImportUploadForm(roles=_call_roles(call), initial={"role": pending["role"]})
        return _upload_page(request, access, call, form_again, status=409, errors=error.messages)
    request.session.pop(SESSION_KEY, None)
    return redirect(url)


@require_GET
@login_required
@never_cache
def application_export(request: HttpRequest, slug: str, pk: str, fmt: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_CALLS)
    call = selectors.get_call_for_access(access, int(pk))
    filter_form = ApplicationFilterForm(
        request.GET or None, reviewers=selectors.program_reviewers(access.program)
    )
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    tables = exporting.call_export(access, call, filters=filters)
    if fmt == "xlsx":
        content = write_xlsx(
            [(t.title, t.headers, t.rows) for t in tables], exporting.descriptions(tables)
        )
    else:
        headers, rows = exporting.combined(tables)
        content = write_csv(rows, headers)
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{call.slug}-applications.{fmt}"'},
    )
