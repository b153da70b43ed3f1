"""Reports pages: a mentor's monthly and final reports, their review, who has not filed,
certificates (and their public check page) and exports."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import posted, posted_files, previous_result, run_once
from puente.core.permissions import Action
from puente.core.spreadsheets import write_csv, write_xlsx
from puente.instruments.engine import AnswersForm, initial_answers
from puente.instruments.models import Question
from puente.instruments.selectors import shown_answers
from puente.mentoring.access import get_relationship_for_user
from puente.mentoring.scopes import RELATIONSHIPS
from puente.monitoring import framework
from puente.monitoring.models import RoundKind
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.models import Wave
from puente.reports import exports, program_report, selectors, services
from puente.reports.forms import (
    CertificateRevokeForm,
    CertificatesIssueForm,
    ExportForm,
    FilingFilterForm,
    ReviewForm,
    parse_month,
)
from puente.reports.models import Certificate, MentorReport
from puente.reports.pdf import pdf_response, render_pdf
from puente.reports.scopes import CERTIFICATES, MENTOR_REPORTS, REPORT_REVIEWS

FILING_MONTHS = 6


@require_GET
@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    """Reports for this person: a mentor's to file, a tutor's to review, one's certificates."""
    access = get_program_for_user(request, slug)
    today = timezone.localdate()
    return render(
        request,
        "reports/mine.html",
        {
            "access": access,
            "program": access.program,
            "rows": selectors.mentor_rows(access, today),
            "to_review": list(selectors.reports_to_review(access)),
            "certificates": list(selectors.my_certificates(access)),
            "can_manage": access.can(Action.MANAGE_REPORTS),
            "can_export": access.can(Action.EXPORT_DATA),
            "this_month": selectors.first_of_month(today),
        },
    )


def _focus_areas(access: ProgramAccess) -> list[tuple[str, str]]:
    return [(str(a.pk), a.name) for a in access.program.focus_areas.all()]


def _report_context(report: MentorReport | None) -> dict[str, Any]:
    answers: list[tuple[Question, str]] = []
    if report is not None and report.submission is not None:
        shown = shown_answers(report.submission, program_id=report.relationship.program_id)
        answers = [(row.question, row.text) for row in shown]
    return {"answers": answers}


@require_http_methods(["GET", "POST"])
@login_required
def report_edit(
    request: HttpRequest, slug: str, pk: int, year: int | None = None, month: int | None = None
) -> HttpResponse:
    """The mentor files (or edits) their report on a relationship for a month, or the final one;
    the month's meetings from the logs are shown above the questions."""
    ra = get_relationship_for_user(request, slug, pk)
    access, relationship = ra.access, ra.relationship
    if not (ra.is_mentor and access.can(Action.FILE_MENTOR_REPORTS)):
        raise PermissionDenied
    kind = MentorReport.Kind.MONTHLY if year is not None else MentorReport.Kind.FINAL
    the_month = parse_month(year, month or 0) if year is not None else None
    if kind == MentorReport.Kind.MONTHLY and the_month is None:
        raise Http404
    try:
        the_month = services.report_month(relationship, kind, the_month)
        services.check_report_month(relationship, kind, the_month, timezone.localdate())
    except ValidationError as error:
        raise Http404 from error
    report = (
        MentorReport.objects.filter(relationship=relationship, kind=kind, month=the_month)
        .select_related("submission__version", "reviewed_by")
        .first()
    )
    if report is not None and not report.is_editable:
        return redirect("reports:report-detail", slug=slug, pk=report.pk)
    try:
        version = (
            report.submission.version
            if report is not None and report.submission is not None
            else services.report_instrument(program=access.program, kind=kind, by=access.user)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:mine", slug=slug)
    questions = list(version.questions.all())
    draft = request.method == "POST" and "save_draft" in request.POST
    form = AnswersForm(
        posted(request),
        posted_files(request),
        questions=questions,
        focus_areas=_focus_areas(access),
        draft=draft,
        initial=initial_answers(report.submission) if report and report.submission else None,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.report_save(
                    relationship=relationship,
                    kind=kind,
                    month=the_month,
                    by=access.user,
                    cleaned=form.cleaned_data,
                    submit=not draft,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if saved.status == MentorReport.Status.SUBMITTED:
                    messages.success(request, _("Report submitted. Your tutor will review it."))
                    return redirect("reports:report-detail", slug=slug, pk=saved.pk)
                messages.success(request, _("Draft saved. Submit it when it is ready."))
                return redirect(request.path)
        status = 422
    summary = (
        services.report_summary(relationship, kind, the_month)
        if report is None or report.status != MentorReport.Status.ACCEPTED
        else report.snapshot
    )
    return render(
        request,
        "reports/report_form.html",
        {
            "access": access,
            "program": access.program,
            "relationship": relationship,
            "report": report,
            "kind": kind,
            "month": the_month,
            "summary": summary,
            "form": form,
        },
        status=status,
    )


def _get_report(access: ProgramAccess, pk: int) -> tuple[MentorReport, bool]:
    """A report and whether this person may review it: its mentor, the tutor who follows it and
    coordinators see it; anyone else in the program who sees the relationship (its mentees) gets
    403, outsiders of the relationship 404."""
    report = (
        MENTOR_REPORTS.visible(access)
        .filter(pk=pk)
        .select_related(
            "relationship__mentor__user",
            "relationship__wave",
            "submission__version",
            "reviewed_by",
            "author",
        )
        .first()
    )
    if report is None:
        # Those who see the relationship (its mentees) are told it is not theirs to read.
        sees_relationship = MentorReport.objects.filter(
            pk=pk, relationship__in=RELATIONSHIPS.visible(access).values("pk")
        ).exists()
        raise PermissionDenied if sees_relationship else Http404
    is_mentor = report.relationship.mentor.user_id == access.user.pk
    return report, REPORT_REVIEWS.may_change(access, report) and not is_mentor


@require_GET
@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug)
    report, can_review = _get_report(access, pk)
    return _render_detail(request, access, report, can_review, ReviewForm())


def _render_detail(
    request: HttpRequest,
    access: ProgramAccess,
    report: MentorReport,
    can_review: bool,
    form: ReviewForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reports/report_detail.html",
        {
            "access": access,
            "program": access.program,
            "report": report,
            "relationship": report.relationship,
            "summary": report.snapshot,
            "can_review": can_review and report.status == MentorReport.Status.SUBMITTED,
            "is_mentor": report.relationship.mentor.user_id == access.user.pk,
            "review_form": form,
            **_report_context(report),
        },
        status=status,
    )


@require_POST
@login_required
def report_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.REVIEW_MENTOR_REPORTS)
    report, can_review = _get_report(access, pk)
    if not can_review:
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        if report.status != MentorReport.Status.SUBMITTED:
            messages.info(request, _("This report was already reviewed."))
            return redirect("reports:report-detail", slug=slug, pk=pk)
        try:
            reviewed = services.report_review(
                report=report,
                by=access.user,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if reviewed.status == MentorReport.Status.ACCEPTED:
                messages.success(request, _("Report accepted."))
            else:
                messages.success(request, _("Report sent back to the mentor."))
            return redirect("reports:report-detail", slug=slug, pk=pk)
    return _render_detail(request, access, report, can_review, form, status=422)


@require_GET
@login_required
def filing(request: HttpRequest, slug: str) -> HttpResponse:
    """Who has not filed: relationships × months, filed, reviewed or missing."""
    access = get_program_for_user(request, slug, Action.MANAGE_REPORTS)
    today = timezone.localdate()
    form = FilingFilterForm(request.GET or None, program=access.program)
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
    until = selectors.first_of_month(
        data.get("until") or selectors.add_months(selectors.first_of_month(today), -1)
    )
    months = [selectors.add_months(until, -i) for i in range(FILING_MONTHS - 1, -1, -1)]
    rows = selectors.filing_table(
        RELATIONSHIPS.visible(access),
        months=months,
        today=today,
        wave_id=data["wave"].pk if data.get("wave") else None,
        tutor_id=data["tutor"].pk if data.get("tutor") else None,
    )
    missing = sum(row.cells.count("missing") for row in rows)
    return render(
        request,
        "reports/filing.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "months": months,
            "rows": rows,
            "missing": missing,
        },
    )


# --- Certificates ----------------------------------------------------------------------------


@require_GET
@login_required
def certificates(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_REPORTS)
    return _render_certificates(request, access, CertificatesIssueForm(program=access.program))


def _render_certificates(
    request: HttpRequest, access: ProgramAccess, form: CertificatesIssueForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reports/certificates.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "certificates": list(selectors.program_certificates(access.program.pk)),
            "revoke_form": CertificateRevokeForm(),
        },
        status=status,
    )


@require_POST
@login_required
def certificates_issue(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_REPORTS)
    form = CertificatesIssueForm(request.POST, program=access.program)
    if not form.is_valid():
        return _render_certificates(request, access, form, status=422)
    issued = services.certificates_issue(
        program=access.program,
        by=access.user,
        wave=form.cleaned_data["wave"],
        signer_name=form.cleaned_data["signer_name"],
        signer_title=form.cleaned_data["signer_title"],
    )
    if issued:
        messages.success(
            request,
            ngettext("%(count)d certificate issued.", "%(count)d certificates issued.", len(issued))
            % {"count": len(issued)},
        )
    else:
        messages.info(request, _("No new certificate: every completed relationship has its own."))
    return redirect("reports:certificates", slug=slug)


@require_POST
@login_required
def certificate_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_REPORTS)
    certificate = CERTIFICATES.get(access, pk, write=True)
    form = CertificateRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is revoked."))
        return redirect("reports:certificates", slug=slug)
    services.certificate_revoke(
        certificate=certificate, by=access.user, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Certificate revoked."))
    return redirect("reports:certificates", slug=slug)


@require_GET
@login_required
def certificate_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The certificate as PDF, for its holder and the program's coordinators."""
    access = get_program_for_user(request, slug)
    certificate = CERTIFICATES.get(access, pk, related=("holder__user",))
    if certificate.is_revoked:
        raise Http404
    verify_url = request.build_absolute_uri(
        reverse("reports:certificate-verify", args=[certificate.code])
    )
    pdf = render_pdf(
        "reports/pdf/certificate.html", {"certificate": certificate, "verify_url": verify_url}
    )
    return pdf_response(pdf, f"certificate-{certificate.code}.pdf")


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone with the code checks a certificate (404 for an unknown code)."""
    certificate = Certificate.objects.filter(code=code.strip().upper()).first()
    if certificate is None:
        raise Http404
    return render(request, "reports/certificate_verify.html", {"certificate": certificate})


# --- Exports ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """People, applications, relationships and meetings as CSV or XLSX, filtered like the
    directory and the board; large exports are prepared in the background and emailed."""
    access = get_program_for_user(request, slug, Action.EXPORT_DATA)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    if request.method == "POST":
        form = ExportForm(request.POST, program=access.program)
    else:
        # Filters carried in the address (e.g. from a filtered page) pre-fill the form.
        initial: dict[str, Any] = {key: request.GET.get(key) for key in request.GET}
        initial["tables"] = request.GET.getlist("tables")
        form = ExportForm(initial=initial, program=access.program)
    context = {
        "access": access,
        "program": access.program,
        "form": form,
        "inline_max": exports.INLINE_MAX_ROWS,
        "link_days": exports.LINK_MAX_AGE_DAYS,
    }
    if request.method != "POST":
        return render(request, "reports/export.html", context)
    if not form.is_valid():
        return render(request, "reports/export.html", context, status=422)
    keys = form.cleaned_data["tables"]
    filters = form.filters()
    file_format = form.cleaned_data["file_format"]
    rows = exports.row_count(access, keys, filters)
    if rows > exports.INLINE_MAX_ROWS:

        def queue() -> str:
            exports.export_request(
                access=access, keys=keys, filters=filters, file_format=file_format
            )
            messages.success(
                request,
                _(
                    "This export is large: it is being prepared and you will get an email with a "
                    "link to download it."
                ),
            )
            return reverse("reports:export", args=[slug])

        return redirect(run_once(form.cleaned_data["submit_key"], queue))
    built = exports.build(access, keys, filters, file_format)
    response = HttpResponse(built.content, content_type=built.content_type)
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    return response


@require_GET
@login_required
def export_download(request: HttpRequest, token: str) -> FileResponse:
    """A prepared export, for the coordinator who asked for it, while the link is valid."""
    user = request.user
    export_file = exports.export_for_token(token, user)  # type: ignore[arg-type]
    if export_file is None:
        raise Http404
    path = exports.export_path(export_file)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=exports.download_name(export_file)
    )


# --- Program reports and the funder's dashboard ------------------------------------------------


def _report_wave(access: ProgramAccess, request: HttpRequest) -> Wave | None:
    """The wave asked for in ``?wave=`` (the whole program without one); 404 for another
    program's wave."""
    raw = request.GET.get("wave", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    wave = access.program.waves.filter(pk=int(raw)).first()
    if wave is None:
        raise Http404
    return wave


def _final_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = get_program_for_user(request, slug, Action.MANAGE_REPORTS)
    wave = _report_wave(access, request)
    today = timezone.localdate()
    report = program_report.final_report(access, wave=wave, today=today)
    return {
        "access": access,
        "program": access.program,
        "report": report,
        "waves": list(access.program.waves.all()),
        "kinds": RoundKind.choices,
        **_framework_context(access, today),
    }


def _framework_context(access: ProgramAccess, today: dt.date) -> dict[str, Any]:
    """The results framework the report and the dashboard show (aggregates, suppressed)."""
    return {
        "framework": framework.program_framework(access.program, today=today),
        "framework_on_track": framework.ON_TRACK,
        "framework_at_risk": framework.AT_RISK,
    }


@require_GET
@login_required
def program_final(request: HttpRequest, slug: str) -> HttpResponse:
    """The final report of the program or of one wave (the coordinator's, with everything)."""
    return render(request, "reports/program_final.html", _final_context(request, slug))


@require_GET
@login_required
def program_final_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    context = _final_context(request, slug)
    wave = context["report"].wave
    name = f"{slug}-{'wave-' + str(wave.number) if wave else 'program'}-final-report.pdf"
    return pdf_response(render_pdf("reports/pdf/program_final.html", context), name)


def _monthly_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = get_program_for_user(request, slug, Action.MANAGE_REPORTS)
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    month: dt.date | None
    if raw:
        year, _sep, number = raw.partition("-")
        month = parse_month(int(year), int(number)) if year.isdigit() and number.isdigit() else None
        if month is None:
            raise Http404
    else:
        month = selectors.first_of_month(today)
    return {
        "access": access,
        "program": access.program,
        "report": program_report.monthly_report(access, month=month),
        "months": [selectors.add_months(selectors.first_of_month(today), -i) for i in range(12)],
    }


@require_GET
@login_required
def program_monthly(request: HttpRequest, slug: str) -> HttpResponse:
    """The monthly progress report: the activity of a chosen month."""
    return render(request, "reports/program_monthly.html", _monthly_context(request, slug))


@require_GET
@login_required
def program_monthly_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    context = _monthly_context(request, slug)
    month = context["report"].month
    return pdf_response(
        render_pdf("reports/pdf/program_monthly.html", context),
        f"{slug}-{month:%Y-%m}-progress-report.pdf",
    )


@require_http_methods(["GET", "POST"])
@login_required
def program_stories(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator ticks the published stories that go into the final report."""
    access = get_program_for_user(request, slug, Action.MANAGE_REPORTS)
    if request.method == "POST":
        ids = [int(raw) for raw in request.POST.getlist("stories") if raw.isdigit()]
        chosen = services.report_stories_choose(
            program=access.program,
            story_ids=ids,
            by=request.user,  # type: ignore[arg-type]
        )
        messages.success(
            request,
            ngettext(
                "%(count)s story goes into the final report.",
                "%(count)s stories go into the final report.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )
        return redirect("reports:program-stories", slug=slug)
    return render(
        request,
        "reports/program_stories.html",
        {
            "access": access,
            "program": access.program,
            "stories": program_report.story_choices(access.program),
        },
    )


def _dashboard(request: HttpRequest, slug: str) -> tuple[ProgramAccess, Any]:
    access = get_program_for_user(request, slug, Action.VIEW_FUNDER_DASHBOARD)
    return access, program_report.dashboard(access.program, today=timezone.localdate())


@require_GET
@login_required
def funder_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """What the funder sees: aggregates only, hidden where too few people stand behind a figure
    (or it would give such a figure away), each saying why; no names, no free text."""
    access, board = _dashboard(request, slug)
    return render(
        request,
        "reports/funder_dashboard.html",
        {
            "access": access,
            "program": access.program,
            "board": board,
            "kinds": RoundKind.choices,
            **_framework_context(access, timezone.localdate()),
        },
    )


@require_GET
@login_required
def funder_dashboard_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """The dashboard's aggregates as XLSX or CSV: hidden figures read a mark ("fewer than 5",
    "withheld") that the README sheet (XLSX) or the README lines at the end (CSV) explain."""
    if file_format not in ("xlsx", "csv"):
        raise Http404
    access, board = _dashboard(request, slug)
    headers, rows = program_report.dashboard_rows(board)
    readme = program_report.dashboard_readme()
    name = f"{slug}-{timezone.localdate().isoformat()}-dashboard.{file_format}"
    sheet = str(_("Dashboard"))
    if file_format == "xlsx":
        content = write_xlsx(
            [(sheet, headers, rows)],
            descriptions=[
                (sheet, str(_("Any column")), f"“{mark}”: {meaning}") for mark, meaning in readme
            ],
        )
    else:
        notes = [[str(_("README")), mark, meaning] for mark, meaning in readme]
        content = write_csv([*rows, *notes], headers)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
