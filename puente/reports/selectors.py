"""Reads of the reports app: the month's meetings from the logs, the reports a person files or
reviews, the who-has-not-filed table and certificates. No query in a loop."""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.mentoring.scopes import FOLLOWING_TUTORS
from puente.mentoring.selectors import mentees_with_tutors
from puente.programs.access import ProgramAccess
from puente.reports.models import Certificate, MentorReport
from puente.reports.scopes import CERTIFICATES, FILED_RELATIONSHIPS, REPORT_REVIEWS

# Relationships expected to report on a month they overlap (ended-early ones are not).
REPORTING_STATUSES = (
    Relationship.Status.ACTIVE,
    Relationship.Status.PAUSED,
    Relationship.Status.COMPLETED,
)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_of_month(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from ``first``'s to ``last``'s, both included."""
    months, month = [], first_of_month(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def reporting_months(relationship: Relationship, today: dt.date) -> list[dt.date]:
    """The months a relationship's mentor reports on, up to the current month (the current month
    may be filed early; only past months count as missing)."""
    last = min(relationship.ends_on, today)
    return months_between(relationship.starts_on, last) if last >= relationship.starts_on else []


def hours_from_minutes(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def logs_summary(meetings: list[Meeting]) -> dict[str, Any]:
    """What the logs of these meetings say, as JSON-ready values: meetings held and missed, hours
    (held meetings' durations), topics, focus areas covered and next steps, each meeting listed.
    The meetings come with ``log`` (and its focus areas) fetched."""
    rows = []
    held = missed = minutes = 0
    topics: list[str] = []
    areas: list[str] = []
    next_steps: list[str] = []
    for meeting in meetings:
        log: MeetingLog | None = getattr(meeting, "log", None)
        if log is None:
            status = "missed" if meeting.status == Meeting.Status.MISSED else "not_logged"
        else:
            status = "held" if log.held else "missed"
        if status == "held" and log is not None:
            held += 1
            minutes += log.duration_minutes or 0
            if log.topics.strip():
                topics.append(log.topics.strip())
            for area in log.focus_areas.all():
                if area.name not in areas:
                    areas.append(area.name)
            if log.next_steps.strip():
                next_steps.append(log.next_steps.strip())
        elif status == "missed":
            missed += 1
        rows.append(
            {
                "number": meeting.number,
                "date": meeting.planned_on.isoformat(),
                "status": status,
                "minutes": log.duration_minutes if log is not None and log.held else None,
                "topics": log.topics.strip() if log is not None and log.held else "",
            }
        )
    return {
        "held": held,
        "missed": missed,
        "not_logged": sum(1 for row in rows if row["status"] == "not_logged"),
        "minutes": minutes,
        "hours": str(hours_from_minutes(minutes)),
        "topics": topics,
        "focus_areas": sorted(areas),
        "next_steps": next_steps,
        "meetings": rows,
    }


def _meetings(relationship: Relationship) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(relationship=relationship)
        .select_related("log")
        .prefetch_related("log__focus_areas")
        .order_by("planned_on", "number")
    )


def month_summary(relationship: Relationship, month: dt.date) -> dict[str, Any]:
    """The month's meetings (planned on a day of that month) as the logs tell them."""
    meetings = _meetings(relationship).filter(
        planned_on__gte=month, planned_on__lte=last_of_month(month)
    )
    return {"month": month.isoformat(), **logs_summary(list(meetings))}


def relationship_summary(relationship: Relationship) -> dict[str, Any]:
    """Every meeting of the relationship, for its final report."""
    return {"month": "", **logs_summary(list(_meetings(relationship)))}


# --- Who files, who reviews ------------------------------------------------------------------


def mentor_relationships(access: ProgramAccess) -> QuerySet[Relationship]:
    """The relationships this person is the mentor of (and so files reports on)."""
    return FILED_RELATIONSHIPS.visible(access)


def reports_to_review(access: ProgramAccess) -> QuerySet[MentorReport]:
    return (
        REPORT_REVIEWS.visible(access)
        .filter(status=MentorReport.Status.SUBMITTED)
        .select_related("relationship__mentor__user", "relationship__wave")
        .order_by("month", "pk")
    )


@dataclass
class MentorRow:
    relationship: Relationship
    cells: list[tuple[dt.date, MentorReport | None]]
    final: MentorReport | None
    final_due: bool


def mentor_rows(access: ProgramAccess, today: dt.date) -> list[MentorRow]:
    """A mentor's relationships, each with the months they report on (newest first) and the
    report of each, if any."""
    relationships = list(
        mentor_relationships(access)
        .select_related("wave")
        .prefetch_related(
            "mentees__user",
            Prefetch("mentor_reports", queryset=MentorReport.objects.order_by("month")),
        )
        .order_by("starts_on", "pk")
    )
    rows = []
    for relationship in relationships:
        reports = list(relationship.mentor_reports.all())
        monthly = {r.month: r for r in reports if r.kind == MentorReport.Kind.MONTHLY}
        final = next((r for r in reports if r.kind == MentorReport.Kind.FINAL), None)
        months = reporting_months(relationship, today)[::-1]
        rows.append(
            MentorRow(
                relationship=relationship,
                cells=[(m, monthly.get(m)) for m in months],
                final=final,
                final_due=relationship.status == Relationship.Status.COMPLETED
                or relationship.ends_on <= today,
            )
        )
    return rows


# --- Who has not filed -----------------------------------------------------------------------


@dataclass
class FilingRow:
    relationship: Relationship
    cells: list[str] = field(default_factory=list)  # a MentorReport.Status, "missing" or ""
    reports: list[MentorReport | None] = field(default_factory=list)


def filing_table(
    program_relationships: QuerySet[Relationship],
    *,
    months: list[dt.date],
    today: dt.date,
    wave_id: int | None = None,
    tutor_id: int | None = None,
) -> list[FilingRow]:
    """Relationships × months: each cell the report's status, "missing" for a past month in the
    relationship's span without a filed report, "" for a month outside it (or not yet over).
    Two queries whatever the number of relationships and months."""
    relationships = program_relationships.filter(status__in=REPORTING_STATUSES)
    if wave_id:
        relationships = relationships.filter(wave_id=wave_id)
    if tutor_id:
        relationships = relationships.filter(**{FOLLOWING_TUTORS: tutor_id}).distinct()
    if months:
        relationships = relationships.filter(
            starts_on__lte=last_of_month(months[-1]), ends_on__gte=months[0]
        )
    relationships = (
        relationships.select_related("mentor__user", "wave")
        .prefetch_related(mentees_with_tutors())
        .order_by("mentor__user__full_name", "pk")
    )
    rows = {r.pk: FilingRow(relationship=r) for r in relationships}
    reports = MentorReport.objects.filter(
        relationship_id__in=list(rows), kind=MentorReport.Kind.MONTHLY, month__in=months
    )
    found = {(r.relationship_id, r.month): r for r in reports}
    this_month = first_of_month(today)
    for row in rows.values():
        relationship = row.relationship
        for month in months:
            report = found.get((relationship.pk, month))
            in_span = (
                first_of_month(relationship.starts_on)
                <= month
                <= first_of_month(relationship.ends_on)
            )
            if report is not None and report.status != MentorReport.Status.DRAFT:
                cell = report.status
            elif in_span and month < this_month:
                cell = "missing"
            else:
                cell = report.status if report is not None else ""
            row.cells.append(cell)
            row.reports.append(report)
    return list(rows.values())


# --- Certificates ----------------------------------------------------------------------------


def my_certificates(access: ProgramAccess) -> QuerySet[Certificate]:
    return CERTIFICATES.reached(access).filter(revoked_at__isnull=True).order_by("-issued_at")


def program_certificates(program_id: int, wave_id: int | None = None) -> QuerySet[Certificate]:
    certificates = Certificate.objects.filter(program_id=program_id)
    if wave_id:
        certificates = certificates.filter(relationship__wave_id=wave_id)
    return certificates.select_related("relationship__wave").order_by("holder_name", "pk")
