"""Exports of a program's data as CSV or XLSX: a registry of tables, each with its columns (and
what each holds, for the README sheet) and its rows filtered as on screen (the directory's and
the mentoring board's filters).

Later phases add tables (plans, survey answers, indicators) with ``register``: the export page,
the README and the background task pick them up.

Exports up to ``INLINE_MAX_ROWS`` rows are returned at once; larger ones are written by a
background task under MEDIA_ROOT/exports with a random name, and the coordinator gets an email
with a signed, expiring link to the download view (which checks access again).
"""

import datetime as dt
import hashlib
import hmac
import io
import secrets
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.core.permissions import Action
from puente.core.spreadsheets import write_csv, write_xlsx
from puente.instruments import registry
from puente.instruments.models import Answer
from puente.instruments.registry import AnswerContext
from puente.mentoring.models import Meeting, MeetingLog
from puente.mentoring.scopes import RELATIONSHIPS
from puente.mentoring.selectors import board
from puente.monitoring import disclosure
from puente.monitoring import indicators as computing
from puente.monitoring.models import Indicator, RoundKind
from puente.plans.models import Goal, PlanAction
from puente.plans.scopes import GROWTH_PLANS
from puente.programs import selectors as program_selectors
from puente.programs.access import ProgramAccess, program_roles
from puente.programs.models import Program, Track, Wave
from puente.recruitment.scopes import APPLICATIONS
from puente.reports.models import ExportFile
from puente.reports.selectors import hours_from_minutes

# More rows than this (over every table asked for) go to a background task.
INLINE_MAX_ROWS = 5000
LINK_MAX_AGE_DAYS = 7
SIGNING_SALT = "puente.reports.export"
EXPORTS_DIR = "exports"


@dataclass(frozen=True)
class Filters:
    """The filters of the directory and of the mentoring board; each table uses those that
    apply to it."""

    wave_id: int | None = None
    track_id: int | None = None
    role: str = ""
    status: str = ""
    query: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "wave_id": self.wave_id,
            "track_id": self.track_id,
            "role": self.role,
            "status": self.status,
            "query": self.query,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Filters":
        return cls(
            wave_id=data.get("wave_id"),
            track_id=data.get("track_id"),
            role=data.get("role") or "",
            status=data.get("status") or "",
            query=data.get("query") or "",
        )


@dataclass(frozen=True)
class ExportTable:
    key: str
    title: Any  # a lazy translated string
    # (header, what the column holds)
    columns: Sequence[tuple[Any, Any]]
    queryset: Callable[[ProgramAccess, Filters], QuerySet[Any]]
    row: Callable[[Any], Sequence[Any]]

    def headers(self) -> list[str]:
        return [str(header) for header, _description in self.columns]

    def rows(self, access: ProgramAccess, filters: Filters) -> Iterable[Sequence[Any]]:
        for item in self.queryset(access, filters).iterator(chunk_size=2000):
            yield self.row(item)

    def count(self, access: ProgramAccess, filters: Filters) -> int:
        return self.queryset(access, filters).count()


TABLES: dict[str, ExportTable] = {}


def register(table: ExportTable) -> ExportTable:
    """Add a table to the exports (later apps call this from their AppConfig.ready)."""
    TABLES[table.key] = table
    return table


# --- The tables ------------------------------------------------------------------------------


def _wave(wave_id: int | None) -> Wave | None:
    return Wave.objects.filter(pk=wave_id).first() if wave_id else None


def _track(track_id: int | None) -> Track | None:
    return Track.objects.filter(pk=track_id).first() if track_id else None


def _people(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    return program_selectors.directory(
        access,
        query=filters.query,
        role=filters.role,
        wave=_wave(filters.wave_id),
        track=_track(filters.track_id),
    )


def _person_row(m: Any) -> list[Any]:
    user = m.user
    return [
        user.full_name,
        user.email,
        m.get_role_display(),
        str(m.wave) if m.wave else "",
        m.track.name if m.track else "",
        user.organization,
        user.job_title,
        user.gender,
        user.city,
        user.country,
        user.language,
        ", ".join(area.name for area in m.focus_areas.all()),
        m.created_at,
    ]


register(
    ExportTable(
        key="people",
        title=_("People"),
        columns=[
            (_("Name"), _("The person's full name.")),
            (_("Email"), _("Their sign-in email address.")),
            (_("Role"), _("Their role in the program (one row per role held).")),
            (_("Wave"), _("The wave (cohort) they belong to, if any.")),
            (_("Track"), _("The track they follow, if any.")),
            (_("Organization"), _("The organization they work for, from their profile.")),
            (_("Job title"), _("From their profile.")),
            (_("Gender"), _("As they described it in their profile; may be empty.")),
            (_("City"), _("From their profile.")),
            (_("Country"), _("From their profile.")),
            (_("Language"), _("The language Puente writes to them in.")),
            (_("Focus areas"), _("The program's focus areas chosen for them.")),
            (_("Member since"), _("When they joined the program.")),
        ],
        queryset=_people,
        row=_person_row,
    )
)


def _applications(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    qs = APPLICATIONS.visible(access)
    if filters.wave_id:
        qs = qs.filter(call__wave_id=filters.wave_id)
    if filters.track_id:
        qs = qs.filter(track_id=filters.track_id)
    if filters.role:
        qs = qs.filter(role=filters.role)
    for word in filters.query.split():
        qs = qs.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
    return qs.select_related("call__wave", "track").order_by("call__opens_at", "pk")


def _application_row(a: Any) -> list[Any]:
    return [
        a.pk,
        a.full_name,
        a.email,
        a.get_role_display(),
        a.call.title,
        str(a.call.wave) if a.call.wave else "",
        a.track.name if a.track else "",
        a.get_status_display(),
        a.get_source_display(),
        a.submitted_at,
        a.decided_at,
    ]


register(
    ExportTable(
        key="applications",
        title=_("Applications"),
        columns=[
            (_("Application"), _("The application's number in Puente.")),
            (_("Name"), _("The applicant's name as they typed it.")),
            (_("Email"), _("The applicant's email address.")),
            (_("Role"), _("What they applied as: mentor or mentee.")),
            (_("Call"), _("The call they answered.")),
            (_("Wave"), _("The wave the call recruits for.")),
            (_("Track"), _("The track they applied to, if any.")),
            (_("Status"), _("Where the application stands (draft, submitted, accepted…).")),
            (_("Source"), _("Sent through the web form or imported from a file.")),
            (_("Submitted"), _("When it was sent.")),
            (_("Decided"), _("When the decision was recorded.")),
        ],
        queryset=_applications,
        row=_application_row,
    )
)

HELD = Q(meetings__status=Meeting.Status.HELD)


def _relationships(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    qs = board(
        RELATIONSHIPS.visible(access),
        wave_id=filters.wave_id,
        track_id=filters.track_id,
        status=filters.status,
    )
    # board() counts the meetings per status in the same query (one join on meetings).
    return qs.annotate(export_minutes=Sum("meetings__log__duration_minutes", filter=HELD))


def _relationship_row(r: Any) -> list[Any]:
    return [
        r.pk,
        r.get_kind_display(),
        r.get_status_display(),
        str(r.wave) if r.wave else "",
        r.track.name if r.track else "",
        r.mentor.user.full_name,
        ", ".join(m.user.full_name for m in r.mentees.all()),
        ", ".join(t.user.full_name for t in r.tutors),
        r.starts_on,
        r.ends_on,
        r.meetings_total,
        r.meetings_held,
        r.meetings_missed,
        hours_from_minutes(r.export_minutes or 0),
    ]


register(
    ExportTable(
        key="relationships",
        title=_("Relationships"),
        columns=[
            (_("Relationship"), _("The relationship's number in Puente.")),
            (_("Kind"), _("Pair, circle (one mentor, several mentees) or reverse pair.")),
            (_("Status"), _("Active, paused, ended early or completed.")),
            (_("Wave"), _("The wave it belongs to.")),
            (_("Track"), _("The track it belongs to.")),
            (_("Mentor"), _("The mentor's name.")),
            (_("Mentees"), _("The mentees' names, separated by commas.")),
            (_("Tutor"), _("The tutor who follows it, if any.")),
            (_("Starts on"), _("The first day of the relationship.")),
            (_("Ends on"), _("The planned last day.")),
            (_("Meetings planned"), _("Meetings in its session plan.")),
            (_("Meetings held"), _("Meetings logged as held.")),
            (_("Meetings missed"), _("Meetings logged as missed.")),
            (_("Hours"), _("Hours of the held meetings, from their logs.")),
        ],
        queryset=_relationships,
        row=_relationship_row,
    )
)


def _meetings(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    relationships = _relationships(access, filters).values("pk")
    return (
        Meeting.objects.filter(relationship__in=relationships)
        .select_related("relationship__mentor__user", "log")
        .prefetch_related("log__focus_areas")
        .order_by("relationship_id", "number")
    )


def _meeting_row(m: Any) -> list[Any]:
    log: MeetingLog | None = getattr(m, "log", None)
    return [
        m.relationship_id,
        m.relationship.mentor.user.full_name,
        m.number,
        m.planned_on,
        m.get_status_display(),
        m.get_mode_display(),
        m.theme,
        log.duration_minutes if log and log.held else None,
        log.topics if log else "",
        ", ".join(a.name for a in log.focus_areas.all()) if log else "",
        log.next_steps if log else "",
        log.written_at if log else None,
    ]


register(
    ExportTable(
        key="meetings",
        title=_("Meetings"),
        columns=[
            (_("Relationship"), _("The relationship's number (see the Relationships sheet).")),
            (_("Mentor"), _("The mentor's name.")),
            (_("Meeting"), _("The meeting's number in the session plan.")),
            (_("Date"), _("The day it was planned for (or moved to).")),
            (_("Status"), _("Planned, scheduled, moved, held or missed.")),
            (_("Mode"), _("In person or virtual.")),
            (_("Theme"), _("The theme from the session plan.")),
            (_("Minutes"), _("How long it lasted, from the log (held meetings only).")),
            (_("Topics"), _("The topics covered, from the log.")),
            (_("Focus areas"), _("The focus areas covered, from the log.")),
            (_("Next steps"), _("The next steps agreed, from the log.")),
            (_("Logged at"), _("When the log was written.")),
        ],
        queryset=_meetings,
        row=_meeting_row,
    )
)


# --- Plans, survey answers and indicators -----------------------------------------------------


def _plan_relationships(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    return board(
        RELATIONSHIPS.visible(access),
        wave_id=filters.wave_id,
        track_id=filters.track_id,
        status=filters.status,
    ).values("pk")


def _goals(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    return (
        Goal.objects.filter(
            plan__in=GROWTH_PLANS.visible(access).values("pk"),
            plan__relationship__in=_plan_relationships(access, filters),
        )
        .select_related("plan__mentee__user", "area__focus_area")
        .order_by("plan__relationship_id", "plan_id", "target_date", "pk")
    )


def _goal_row(g: Any) -> list[Any]:
    return [
        g.plan.relationship_id,
        g.plan.mentee.user.full_name,
        g.area.focus_area.name if g.area and g.area.focus_area else "",
        g.title,
        g.indicator,
        g.start_value,
        g.target_value,
        g.current_value,
        g.starts_on,
        g.target_date,
    ]


register(
    ExportTable(
        key="goals",
        title=_("Plan goals"),
        columns=[
            (_("Relationship"), _("The relationship's number (see the Relationships sheet).")),
            (_("Mentee"), _("Whose growth plan it is.")),
            (_("Focus area"), _("The improvement area the goal belongs to, if any.")),
            (_("Goal"), _("The goal as written in the plan.")),
            (_("Indicator"), _("What is measured.")),
            (_("Start value"), _("The indicator's value when the goal was set.")),
            (_("Target value"), _("The value to reach.")),
            (_("Current value"), _("The latest value recorded.")),
            (_("Starts on"), _("When the goal was set.")),
            (_("Target date"), _("When the target should be reached.")),
        ],
        queryset=_goals,
        row=_goal_row,
    )
)


def _actions(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    return (
        PlanAction.objects.filter(
            plan__in=GROWTH_PLANS.visible(access).values("pk"),
            plan__relationship__in=_plan_relationships(access, filters),
        )
        .select_related("plan__mentee__user", "goal")
        .order_by("plan__relationship_id", "plan_id", "due_on", "pk")
    )


def _action_row(a: Any) -> list[Any]:
    return [
        a.plan.relationship_id,
        a.plan.mentee.user.full_name,
        a.goal.title if a.goal else "",
        a.title,
        a.get_owner_display(),
        a.due_on,
        a.get_status_display(),
    ]


register(
    ExportTable(
        key="plan_actions",
        title=_("Plan actions"),
        columns=[
            (_("Relationship"), _("The relationship's number (see the Relationships sheet).")),
            (_("Mentee"), _("Whose growth plan it is.")),
            (_("Goal"), _("The goal the action serves, if any.")),
            (_("Action"), _("The action as written in the plan.")),
            (_("Who does it"), _("The mentor or the mentee.")),
            (_("Due on"), _("When it should be done.")),
            (_("Status"), _("To do, in progress, done or dropped.")),
        ],
        queryset=_actions,
        row=_action_row,
    )
)


def pseudonym(program_id: int, user_id: int | str) -> str:
    """A stable id for a person within one program's exports, that says nothing about them and
    cannot be turned back into their account without the server's secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{program_id}:{user_id}".encode(), hashlib.sha256
    )
    return f"P-{digest.hexdigest()[:12]}"


def _answers(access: ProgramAccess, filters: Filters) -> QuerySet[Any]:
    answers = Answer.objects.filter(
        submission__round_invitation__round__program=access.program,
        submission__round_invitation__answered_at__isnull=False,
    )
    if filters.wave_id:
        answers = answers.filter(submission__round_invitation__round__wave_id=filters.wave_id)
    if filters.role:
        answers = answers.filter(submission__round_invitation__membership__role=filters.role)
    return (
        answers.select_related(
            "question",
            "submission__round_invitation__round__wave",
            "submission__round_invitation__membership",
            "question__version__instrument__program",
        )
        # The chosen options and the program's focus areas, to write them as labels and names.
        .prefetch_related("chosen", "question__version__instrument__program__focus_areas")
        .order_by("submission__round_invitation__round_id", "submission_id", "question__position")
    )


def _answer_value(answer: Any) -> Any:
    if answer.file:
        return _("(a file)")  # its name may say whose it is
    program = answer.question.version.instrument.program
    context = AnswerContext.of_pairs((str(a.pk), a.name) for a in program.focus_areas.all())
    return registry.answer_cell(answer, context=context)


def _answer_row(a: Any) -> list[Any]:
    invitation = a.submission.round_invitation
    round_ = invitation.round
    return [
        round_.get_kind_display(),
        str(round_.wave) if round_.wave else "",
        # The comparison group (applicants not selected) has no account: its pseudonym is made
        # from the application, so it never collides with a member's.
        invitation.membership.get_role_display()
        if invitation.membership
        else _("Comparison group"),
        pseudonym(round_.program_id, invitation.user_id)
        if invitation.user_id
        else pseudonym(round_.program_id, f"application:{invitation.application_id}"),
        a.question.key,
        a.question.label,
        _answer_value(a),
        invitation.answered_at,
    ]


register(
    ExportTable(
        key="survey_answers",
        title=_("Survey answers"),
        columns=[
            (_("Round"), _("Baseline, midline or endline.")),
            (_("Wave"), _("The wave the round was sent to.")),
            (_("Role"), _("The role of the person who answered.")),
            (
                _("Person"),
                _(
                    "A pseudonymous id: the same person has the same id in every round of this "
                    "program, without their name or email."
                ),
            ),
            (_("Question key"), _("The question's stable key (the same in every round).")),
            (_("Question"), _("The question as asked.")),
            (_("Answer"), _("The answer: a number, yes or no, a date or text.")),
            (_("Answered at"), _("When the survey was sent.")),
        ],
        queryset=_answers,
        row=_answer_row,
    )
)


@dataclass(frozen=True)
class IndicatorTable(ExportTable):
    """The indicators' values per round kind and group, suppressed as for observers: computed
    in aggregate, so several rows per indicator."""

    def rows(self, access: ProgramAccess, filters: Filters) -> Iterable[Sequence[Any]]:
        results = computing.compute(
            Indicator.objects.filter(program=access.program).order_by("position", "pk"),
            today=timezone.localdate(),
            labels={
                Indicator.Disaggregation.WAVE: {w.pk: str(w) for w in access.program.waves.all()},
                Indicator.Disaggregation.TRACK: {t.pk: str(t) for t in access.program.tracks.all()},
            },
        )
        kinds = dict(RoundKind.choices)
        for result in results:
            for row in [result.overall, *result.groups]:
                for kind in computing.KINDS:
                    cell = row.at(kind)
                    yield [
                        result.indicator.shown_name,
                        result.indicator.shown_unit,
                        row.label,
                        str(kinds[kind]),
                        disclosure.cell(cell),
                        cell.n if cell.shown is not None else None,
                    ]

    def count(self, access: ProgramAccess, filters: Filters) -> int:
        # A few rows per indicator: never enough to go to the background task.
        return Indicator.objects.filter(program=access.program).count()


register(
    IndicatorTable(
        key="indicators",
        title=_("Indicators"),
        columns=[
            (_("Indicator"), _("The indicator's name.")),
            (_("Unit"), _("The unit of its values.")),
            (_("Group"), _("All, or one group of its disaggregation.")),
            (_("Round"), _("Baseline, midline or endline.")),
            (
                _("Value"),
                _(
                    "Empty without data. “fewer than 5”: fewer than 5 people contributed to "
                    "it (it appears when 5 do). “withheld”: hidden so that another hidden "
                    "value cannot be worked out from the totals or the other groups."
                ),
            ),
            (_("People"), _("How many people the value stands for.")),
        ],
        queryset=lambda access, filters: Indicator.objects.none(),
        row=lambda item: [],
    )
)


# --- Building files --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportContent:
    content: bytes
    filename: str
    content_type: str


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def descriptions(tables: Sequence[ExportTable]) -> list[tuple[str, str, str]]:
    return [
        (str(t.title), str(header), str(description))
        for t in tables
        for header, description in t.columns
    ]


def row_count(access: ProgramAccess, keys: Sequence[str], filters: Filters) -> int:
    return sum(TABLES[key].count(access, filters) for key in keys)


def build(
    access: ProgramAccess, keys: Sequence[str], filters: Filters, file_format: str
) -> ExportContent:
    """The file of these tables: an XLSX workbook (a README sheet, then one sheet per table), a
    CSV for one table, or a zip of CSVs (with README.csv) for several; in the current language
    (headers, labels and the CSV dialect: ``core.spreadsheets.write_csv``)."""
    tables = [TABLES[key] for key in keys]
    stamp = timezone.localdate().isoformat()
    base = f"{access.program.slug}-{stamp}"
    if file_format == "xlsx":
        content = write_xlsx(
            [(str(t.title), t.headers(), t.rows(access, filters)) for t in tables],
            descriptions(tables),
        )
        return ExportContent(content, f"{base}.xlsx", CONTENT_TYPES["xlsx"])
    if len(tables) == 1:
        table = tables[0]
        content = write_csv(table.rows(access, filters), table.headers())
        return ExportContent(content, f"{base}-{table.key}.csv", CONTENT_TYPES["csv"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        readme_headers = [str(_("Sheet")), str(_("Column")), str(_("Description"))]
        archive.writestr("README.csv", write_csv(descriptions(tables), readme_headers))
        for table in tables:
            archive.writestr(
                f"{table.key}.csv", write_csv(table.rows(access, filters), table.headers())
            )
    return ExportContent(buffer.getvalue(), f"{base}.zip", CONTENT_TYPES["zip"])


def exports_root() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORTS_DIR


def export_path(export: ExportFile) -> Path | None:
    if not export.file_name:
        return None
    path = exports_root() / export.file_name
    return path if path.is_file() else None


def access_for(program: Program, user: User) -> ProgramAccess | None:
    """The person's access to the program if they may still export its data."""
    if not user.is_active:
        return None
    access = ProgramAccess(program=program, user=user, roles=program_roles(user, program))
    return access if access.can(Action.EXPORT_DATA) else None


def signed_token(export: ExportFile) -> str:
    return signing.dumps(export.pk, salt=SIGNING_SALT)


def export_for_token(token: str, user: User) -> ExportFile | None:
    """The ready export a link opens, for the person who asked for it and may still export the
    program's data; None for a bad or expired link, anyone else or a missing file."""
    try:
        pk = signing.loads(token, salt=SIGNING_SALT, max_age=dt.timedelta(days=LINK_MAX_AGE_DAYS))
    except signing.BadSignature:
        return None
    export = (
        ExportFile.objects.filter(pk=pk, requested_by=user, status=ExportFile.Status.READY)
        .select_related("program__organization")
        .first()
    )
    if export is None or access_for(export.program, user) is None:
        return None
    return export if export_path(export) is not None else None


def export_request(
    *, access: ProgramAccess, keys: Sequence[str], filters: Filters, file_format: str
) -> ExportFile:
    """Record a large export for the background task (enqueued once this commits)."""
    from puente.reports.tasks import export_build_task

    export = ExportFile.objects.create(
        program=access.program,
        requested_by=access.user,
        tables=list(keys),
        filters=filters.as_dict(),
        file_format=file_format,
    )
    transaction.on_commit(lambda: export_build_task.enqueue(export_id=export.pk))
    return export


def export_build(*, export_id: int) -> str:
    """Write a pending export's file under MEDIA_ROOT/exports with a random name and email its
    link to the person who asked. Access is checked again here (a coordinator removed in the
    meantime gets nothing). Returns the export's status."""
    export = (
        ExportFile.objects.filter(pk=export_id)
        .select_related("program__organization", "requested_by")
        .first()
    )
    if export is None or export.status != ExportFile.Status.PENDING:
        return export.status if export else ""
    user = export.requested_by
    access = access_for(export.program, user)
    keys = [key for key in export.tables if key in TABLES]
    if access is None or not keys:
        export.status = ExportFile.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        return export.status
    filters = Filters.from_dict(export.filters)
    # In the language of the person who asked (as an export built while they wait): its
    # headers, its labels and its CSV dialect (";" and "," for Spanish).
    with translation.override(user.language or settings.LANGUAGE_CODE):
        built = build(access, keys, filters, export.file_format)
    extension = Path(built.filename).suffix
    root = exports_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(24)}{extension}"
    (root / name).write_bytes(built.content)
    updated = ExportFile.objects.filter(pk=export.pk, status=ExportFile.Status.PENDING).update(
        status=ExportFile.Status.READY,
        file_name=name,
        rows=row_count(access, keys, filters),
        finished_at=timezone.now(),
    )
    if not updated:  # another worker finished it first
        (root / name).unlink(missing_ok=True)
        return ExportFile.Status.READY
    export.refresh_from_db()
    send_templated_email(
        to=user.email,
        language=user.language,
        template="reports/email/export_ready",
        context={
            "person": user,
            "program": export.program,
            "export": export,
            "days": LINK_MAX_AGE_DAYS,
            "url": settings.SITE_URL
            + reverse("reports:export-download", args=[signed_token(export)]),
        },
    )
    return export.status


def download_name(export: ExportFile) -> str:
    extension = Path(export.file_name).suffix
    return f"{export.program.slug}-{export.created_at:%Y-%m-%d}{extension}"


def exports_clean(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports whose link has expired; returns how many were removed."""
    now = now or timezone.now()
    expired = ExportFile.objects.filter(
        created_at__lt=now - dt.timedelta(days=LINK_MAX_AGE_DAYS)
    ).exclude(file_name="")
    removed = 0
    for export in expired:
        (exports_root() / export.file_name).unlink(missing_ok=True)
        removed += 1
    expired.update(file_name="")
    return removed
