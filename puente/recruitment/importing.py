"""Importing applicants a program collected elsewhere, from a CSV or XLSX file.

The file's columns are matched to the questions of the role's application form (by key, or by the
question's text), plus a required email column. Every cell is read by its question's type
(``instruments.registry``), through the form engine's own field, so an imported answer is held to
the same rules as one typed on the web form.
A file imports whole or not at all: one bad row and nothing is imported, and each bad row is listed
with the reason.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core.spreadsheets import Table, read_table
from puente.core.tokens import new_token, token_hash
from puente.instruments import registry
from puente.instruments.models import InstrumentVersion, Question
from puente.instruments.registry import AnswerContext
from puente.instruments.services import published_version, submission_save
from puente.recruitment.models import Application, ApplicationEvent, Call
from puente.recruitment.services import _auto_points

EMAIL_HEADERS = {"email", "e-mail", "correo", "correo electrónico", "correo electronico"}
NAME_HEADERS = {"name", "full name", "full_name", "nombre", "nombre completo"}
# Each row is stored through the form engine one by one (about 5 ms a row here): keep one import
# well inside a web request's time limit.
MAX_IMPORT_ROWS = 2000


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass
class ImportRow:
    """One row of the file: its values as read, as cleaned for the form engine, and its errors."""

    number: int
    email: str
    full_name: str
    cells: list[str]
    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    call: Call
    role: str
    version: InstrumentVersion
    table: Table
    columns: list[tuple[str, Question]]
    ignored: list[str]
    problems: list[str]
    rows: list[ImportRow]

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows) and not self.invalid_rows

    @property
    def error_messages(self) -> list[str]:
        """Everything wrong with the file: first the file as a whole, then row by row."""
        lines = list(self.problems)
        for row in self.invalid_rows:
            lines.extend(
                _("Row %(row)s: %(error)s") % {"row": row.number, "error": error}
                for error in row.errors
            )
        return lines


def _form_version(call: Call, role: str) -> InstrumentVersion:
    form = call.forms.select_related("instrument").filter(role=role).first()
    if form is None:
        raise ValidationError(_("This call does not take applications for that role."), code="role")
    version = published_version(form.instrument)
    if version is None:
        raise ValidationError(
            _("The application form for that role is not published yet."), code="role"
        )
    return version


def _match_columns(
    headers: list[str], questions: list[Question]
) -> tuple[int | None, int | None, list[tuple[int, Question]], list[str], list[str]]:
    """Email column, name column, (column, question) pairs, ignored headers, problems."""
    by_name: dict[str, Question] = {}
    for question in questions:
        by_name.setdefault(_norm(question.key), question)
    for question in questions:
        for label in (question.label, question.label_en):
            if label:
                by_name.setdefault(_norm(label), question)
    email_index: int | None = None
    name_index: int | None = None
    matched: list[tuple[int, Question]] = []
    seen: set[str] = set()
    ignored: list[str] = []
    problems: list[str] = []
    for index, header in enumerate(headers):
        name = _norm(header)
        if not name:
            continue
        found = by_name.get(name)
        if name in EMAIL_HEADERS:
            if email_index is not None:
                problems.append(_("The file has more than one email column."))
                continue
            # The applicant's address; it also answers a form question named like it, if any.
            email_index = index
            if found is None:
                continue
        if found is not None:
            if found.key in seen:
                problems.append(
                    _("The question “%(key)s” has more than one column.") % {"key": found.key}
                )
            seen.add(found.key)
            matched.append((index, found))
        elif name in NAME_HEADERS and name_index is None:
            name_index = index
        else:
            ignored.append(header)
    if email_index is None:
        problems.insert(0, _("The file has no email column: add one named “email”."))
    for question in questions:
        if question.required and question.key not in seen:
            problems.append(
                _("The file has no column for the required question “%(label)s” (%(key)s).")
                % {"label": question.display_label, "key": question.key}
            )
    return email_index, name_index, matched, ignored, problems


def validate_table(*, call: Call, role: str, table: Table) -> ImportPreview:
    """Check every row of a table against the role's application form, without writing."""
    version = _form_version(call, role)
    questions = [q for q in version.questions.all() if registry.of(q).importable]
    email_index, name_index, matched, ignored, problems = _match_columns(table.headers, questions)
    if not table.rows:
        problems.append(_("The file has a header row but no applicants."))
    if len(table.rows) > MAX_IMPORT_ROWS:
        problems.append(
            _("The file has %(count)s applicants; import at most %(limit)s at a time.")
            % {"count": len(table.rows), "limit": MAX_IMPORT_ROWS}
        )
    context = AnswerContext.of_program(call.program_id)
    existing = set(call.applications.annotate(lower=Lower("email")).values_list("lower", flat=True))
    first_row: dict[str, int] = {}
    rows: list[ImportRow] = []
    for number, cells in table.rows:
        email = cells[email_index].strip().lower() if email_index is not None else ""
        full_name = cells[name_index].strip() if name_index is not None else ""
        row = ImportRow(
            number=number,
            email=email,
            full_name=full_name,
            cells=[cells[index] for index, _question in matched],
        )
        if email_index is not None:
            row.errors.extend(_email_errors(call, email, first_row, existing))
            first_row.setdefault(email, number)
        for index, question in matched:
            try:
                # The same rules as the web form's; labels in either language are taken.
                value = registry.of(question).import_cell(question, cells[index], context=context)
            except ValidationError as error:
                row.errors.extend(error.messages)
            else:
                if value is not None:
                    row.cleaned[question.key] = value
        name = row.cleaned.get("full_name") or full_name
        row.full_name = str(name)[:150]
        rows.append(row)
    return ImportPreview(
        call=call,
        role=role,
        version=version,
        table=table,
        columns=[(table.headers[index], question) for index, question in matched],
        ignored=ignored,
        problems=problems,
        rows=rows,
    )


def _email_errors(
    call: Call, email: str, first_row: dict[str, int], existing: set[str]
) -> list[str]:
    if not email:
        return [_("the email is missing")]
    try:
        validate_email(email)
    except ValidationError:
        return [_("email is not valid")]
    if not call.accepts_email(email):
        domains = ", ".join(call.domains)
        return [_("this call only takes addresses of: %(domains)s") % {"domains": domains}]
    if email in first_row:
        return [_("this email is also in row %(row)s") % {"row": first_row[email]}]
    if email in existing:
        return [_("this email already applied to this call")]
    return []


def import_preview(*, call: Call, role: str, uploaded_file: UploadedFile) -> ImportPreview:
    """Read an uploaded file and check it; raises ValidationError when it cannot be read."""
    return validate_table(call=call, role=role, table=read_table(uploaded_file))


def _typed(cleaned: dict[str, Any], questions: dict[str, Question]) -> dict[str, Any]:
    """The cleaned values as ``engine.typed_answers`` reads them back once stored, without
    reading them back (automatic criteria are scored from these)."""
    return {
        key: registry.of(questions[key]).typed(questions[key], value)
        for key, value in cleaned.items()
    }


@transaction.atomic
def import_commit(
    *, call: Call, role: str, table: Table, by: User, file_name: str = ""
) -> list[Application]:
    """Create a submitted application for every row, or, if any row is wrong, none at all.

    Everything is checked again here (someone may have applied since the preview). Imported
    applicants get no email: their application link is never sent, and the coordinator's
    decision later reaches them as it reaches everyone.
    """
    # Locked, so two imports into one call queue up; criteria fetched once for all rows.
    locked = Call.objects.select_for_update().prefetch_related("auto_criteria").get(pk=call.pk)
    preview = validate_table(call=call, role=role, table=table)
    if not preview.is_valid:
        raise ValidationError(preview.error_messages)
    questions = {question.key: question for _header, question in preview.columns}
    now = timezone.now()
    created: list[Application] = []
    try:
        with transaction.atomic():
            for row in preview.rows:
                submission = submission_save(
                    version=preview.version, cleaned=row.cleaned, submit=True
                )
                application = Application.objects.create(
                    call=call,
                    role=role,
                    email=row.email,
                    full_name=row.full_name,
                    language=settings.LANGUAGE_CODE,
                    status=Application.Status.SUBMITTED,
                    token_hash=token_hash(new_token()),
                    email_confirmed_at=now,
                    submission=submission,
                    submitted_at=now,
                    source="import",
                    auto_points=_auto_points(locked, _typed(row.cleaned, questions)),
                )
                note = (
                    _("%(file)s, row %(row)s") % {"file": file_name, "row": row.number}
                    if file_name
                    else ""
                )
                ApplicationEvent.objects.create(
                    application=application,
                    action=ApplicationEvent.Action.IMPORTED,
                    actor=by,
                    note=note,
                )
                created.append(application)
    except IntegrityError as error:
        raise ValidationError(
            _("One of these emails applied meanwhile. Upload the file again to see which.")
        ) from error
    return created


@dataclass
class GuideColumn:
    key: str
    label: str
    required: bool
    accepts: str


@dataclass
class RoleGuide:
    role: str
    title: str
    columns: list[GuideColumn]


def import_guide(call: Call) -> list[RoleGuide]:
    """For each role the call takes, the columns a file may have and what each accepts."""
    context = AnswerContext.of_program(call.program_id)
    guides = []
    for form in call.forms.select_related("instrument").order_by("role"):
        version = published_version(form.instrument)
        if version is None:
            continue
        columns = [GuideColumn("email", _("Email"), True, _("a valid email address, once"))]
        columns.extend(
            GuideColumn(
                key=question.key,
                label=question.display_label,
                required=question.required and registry.of(question).importable,
                accepts=registry.of(question).accepts(question, context=context),
            )
            for question in version.questions.all()
        )
        guides.append(RoleGuide(form.role, str(form.get_role_display()), columns))
    return guides
