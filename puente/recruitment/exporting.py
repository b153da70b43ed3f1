"""A call's applications as tables: one row per application, its figures and its answers.

Reads only, with the selection list's filters and order; the same number of queries whatever the
number of applications (answers and their chosen options are prefetched, reviewers' mean is an
annotation).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from puente.instruments import registry
from puente.instruments.models import Answer, InstrumentVersion, Question
from puente.instruments.registry import AnswerContext
from puente.programs.access import ProgramAccess
from puente.recruitment import scoring, selectors
from puente.recruitment.models import APPLICANT_ROLES, Application, Call
from puente.recruitment.services import call_weights

# The fixed columns: (header, what it holds). Headers are in the reader's language; the
# importer (``recruitment.importing``) reads "Email"/"Correo electrónico" and "Name"/"Nombre"
# back. The answers' columns keep their question's key: a stable machine name, so that an
# exported file imports again into another call whatever the language it was written in.
FIXED_COLUMNS: list[tuple[Promise, Promise]] = [
    (_("Email"), _("The applicant's email address.")),
    (_("Name"), _("The applicant's name.")),
    (_("Role"), _("The role applied for.")),
    (_("Status"), _("Where the application stands: draft, submitted, accepted, waitlisted…")),
    (_("Submitted"), _("When the application was submitted (the program's time zone).")),
    (_("Source"), _("Web form, or imported from a file.")),
    (
        _("Total"),
        _(
            "0–100: the reviewers' mean weighted by the rubric, plus the automatic criteria; "
            "empty until someone has reviewed it."
        ),
    ),
    (_("Reviewers' mean"), _("The mean of the reviewers' weighted scores (0–100).")),
    (_("Automatic points"), _("Points from the call's automatic criteria.")),
    (_("Decided"), _("When the decision was made.")),
    (_("Decided by"), _("Who made the decision.")),
]


def fixed_headers() -> list[str]:
    return [str(header) for header, _description in FIXED_COLUMNS]


@dataclass
class RoleTable:
    """The applications of one role, with the questions of that role's form as columns."""

    role: str
    title: str
    questions: list[Question]
    rows: list[list[Any]]

    @property
    def headers(self) -> list[str]:
        return fixed_headers() + [q.key for q in self.questions]


def _latest_versions(call: Call) -> dict[str, InstrumentVersion]:
    """Each role's form version whose questions make the columns: the newest published one,
    else the newest draft."""
    instruments = {form.role: form.instrument_id for form in call.forms.all()}
    versions = InstrumentVersion.objects.filter(
        instrument_id__in=instruments.values()
    ).prefetch_related("questions")
    newest: dict[int, InstrumentVersion] = {}
    for version in versions:
        current = newest.get(version.instrument_id)
        if current is None or (version.is_published, version.number) > (
            current.is_published,
            current.number,
        ):
            newest[version.instrument_id] = version
    return {
        role: newest[instrument] for role, instrument in instruments.items() if instrument in newest
    }


def applications_for_export(
    access: ProgramAccess,
    call: Call,
    *,
    weights: tuple[Decimal, Decimal],
    filters: Mapping[str, Any],
) -> QuerySet[Application]:
    """The applications the list page shows with the same filters and order, past confirming
    their email, with their answers."""
    return (
        selectors.applications_for_call(
            access,
            call,
            weights=weights,
            status=filters.get("status", ""),
            role=filters.get("role", ""),
            reviewer=filters.get("reviewer"),
            query=filters.get("q", ""),
            order=filters.get("order") or "total",
        )
        .exclude(status=Application.Status.STARTED)
        .select_related("submission", "decided_by")
        .prefetch_related(
            Prefetch(
                "submission__answers",
                queryset=Answer.objects.select_related("question").prefetch_related("chosen"),
            )
        )
    )


def _row(
    application: Application,
    keys: Sequence[str],
    weights: tuple[Decimal, Decimal],
    context: AnswerContext,
) -> list[Any]:
    mean_review = getattr(application, "review_mean", None)
    if mean_review is not None:
        mean_review = Decimal(mean_review).quantize(Decimal("0.01"))
    total = scoring.application_total(
        rubric_weights=weights[0],
        auto_weights=weights[1],
        mean_review=mean_review,
        auto_points=application.auto_points,
    )
    decided_by = application.decided_by
    answers: dict[str, Any] = {}
    if application.submission is not None:
        for answer in application.submission.answers.all():
            answers[answer.question.key] = registry.answer_cell(answer, context=context)
    return [
        application.email,
        application.full_name,
        application.get_role_display(),
        application.get_status_display(),
        application.submitted_at,
        application.get_source_display(),
        total,
        mean_review,
        application.auto_points,
        application.decided_at,
        (decided_by.full_name or decided_by.email) if decided_by else "",
        *(answers.get(key) for key in keys),
    ]


def call_export(
    access: ProgramAccess, call: Call, *, filters: Mapping[str, Any] | None = None
) -> list[RoleTable]:
    """One table per role the call takes (or the role filtered on), in its form's columns.

    ``filters`` are the list page's (status, role, reviewer, q, order), already validated.
    """
    filters = filters or {}
    role = filters.get("role", "")
    versions = _latest_versions(call)
    weights = call_weights(call)
    context = AnswerContext.of_program(call.program_id)
    tables = {
        value: RoleTable(
            role=value,
            title=str(label),
            questions=list(versions[value].questions.all()),
            rows=[],
        )
        for value, label in APPLICANT_ROLES
        if value in versions and (not role or role == value)
    }
    keys = {value: [q.key for q in table.questions] for value, table in tables.items()}
    for application in applications_for_export(access, call, weights=weights, filters=filters):
        table = tables.get(application.role)
        if table is not None:
            table.rows.append(_row(application, keys[application.role], weights, context))
    return list(tables.values())


def combined(tables: list[RoleTable]) -> tuple[list[str], list[list[Any]]]:
    """All roles in one table (for CSV): the fixed columns, then every role's question keys."""
    keys: list[str] = []
    for table in tables:
        keys.extend(q.key for q in table.questions if q.key not in keys)
    fixed = len(FIXED_COLUMNS)
    rows: list[list[Any]] = []
    for table in tables:
        own = {q.key: fixed + i for i, q in enumerate(table.questions)}
        for row in table.rows:
            rows.append(row[:fixed] + [row[own[k]] if k in own else None for k in keys])
    return fixed_headers() + keys, rows


def descriptions(tables: list[RoleTable]) -> list[tuple[str, str, str]]:
    """What each column holds, for the README sheet: (sheet, column, description)."""
    lines = [(gettext("All"), str(name), str(text)) for name, text in FIXED_COLUMNS]
    for table in tables:
        for question in table.questions:
            kind = str(registry.of(question).label)
            lines.append((table.title, question.key, f"{question.display_label} ({kind})"))
    return lines
