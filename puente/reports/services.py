"""Writes of the reports app: mentors' reports and their review, reminders, certificates.
Keyword-only, atomic; each records who acted; emails go out on commit."""

import datetime as dt
import secrets
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.core.emails import send_templated_email
from puente.instruments import services as instruments
from puente.instruments.engine import store_answers
from puente.instruments.models import Instrument, InstrumentVersion, Submission
from puente.mentoring.models import MeetingLog, Relationship
from puente.programs.models import Program, Wave
from puente.reports import selectors
from puente.reports.models import Certificate, MentorReport, ReportReminder, ReportStory
from puente.reports.program_report import reportable_stories

TEMPLATE_FOR_KIND: dict[str, str] = {
    MentorReport.Kind.MONTHLY: "monthly-mentor-report",
    MentorReport.Kind.FINAL: "final-mentor-report",
}
# Unambiguous letters and digits (no 0/O, 1/I/L): 16 of them carry 80 random bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16


def _url(name: str, *args: Any) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


# --- The report form -------------------------------------------------------------------------


@transaction.atomic
def report_instrument(*, program: Program, kind: str, by: User | None = None) -> InstrumentVersion:
    """The published version of the program's report form of this kind. On first use it is
    copied from the shipped template and published; a coordinator may adapt it in Forms (later
    reports answer its newest published version). A copy that was never published (a coordinator
    still preparing it) is not published behind their back: the report waits for it."""
    template_key = TEMPLATE_FOR_KIND[kind]
    instrument = (
        Instrument.objects.filter(
            program=program, kind=Instrument.Kind.MONTHLY_REPORT, template_key=template_key
        )
        .order_by("pk")
        .first()
    )
    if instrument is not None:
        version = instruments.published_version(instrument)
        if version is None:
            raise ValidationError(_("The report form has no published version yet."))
        return version
    if by is None:
        raise ValidationError(_("The report form has no published version yet."))
    instrument = instruments.instrument_from_template(
        program=program, template_key=template_key, language=by.language or settings.LANGUAGE_CODE
    )
    return instruments.version_publish(version=instrument.versions.get(), by=by)


def report_month(relationship: Relationship, kind: str, month: dt.date | None) -> dt.date:
    """The month a report covers: the given month for a monthly one, the relationship's last
    month for the final one."""
    if kind == MentorReport.Kind.FINAL:
        return selectors.first_of_month(relationship.ends_on)
    if month is None:
        raise ValidationError(_("Choose the month of the report."))
    return selectors.first_of_month(month)


def check_report_month(
    relationship: Relationship, kind: str, month: dt.date, today: dt.date
) -> None:
    if kind == MentorReport.Kind.MONTHLY:
        if month not in selectors.reporting_months(relationship, today):
            raise ValidationError(_("This relationship does not report on that month."))
    elif relationship.status != Relationship.Status.COMPLETED and relationship.ends_on > today:
        raise ValidationError(_("The final report is written once the relationship ends."))


def report_summary(relationship: Relationship, kind: str, month: dt.date) -> dict[str, Any]:
    if kind == MentorReport.Kind.FINAL:
        return selectors.relationship_summary(relationship)
    return selectors.month_summary(relationship, month)


@transaction.atomic
def report_save(
    *,
    relationship: Relationship,
    kind: str,
    month: dt.date | None,
    by: User,
    cleaned: dict[str, Any],
    submit: bool,
    today: dt.date | None = None,
    notify: bool = True,
) -> MentorReport:
    """The mentor saves (or submits) their report on a relationship for a month. One report per
    relationship and month: saving again edits it, until the tutor accepts it. A submitted
    report stays submitted (saving it again resubmits the changes); the logs' summary is taken
    again at each save. ``notify`` off (the demo) emails no reviewer."""
    if relationship.mentor.user_id != by.pk:
        raise ValidationError(_("Only the relationship's mentor files its reports."))
    today = today or timezone.localdate()
    month = report_month(relationship, kind, month)
    check_report_month(relationship, kind, month, today)
    report = (
        MentorReport.objects.select_for_update()
        .filter(relationship=relationship, kind=kind, month=month)
        .first()
    )
    if report is None:
        report = MentorReport(relationship=relationship, kind=kind, month=month)
    elif not report.is_editable:
        raise ValidationError(_("This report was accepted and can no longer be changed."))
    if report.submission_id is None:
        version = report_instrument(program=relationship.program, kind=kind, by=by)
        report.submission = Submission.objects.create(version=version, respondent=by)
    submission = report.submission
    assert submission is not None  # noqa: S101 - set just above
    store_answers(submission, cleaned, list(submission.version.questions.all()))
    was_filed = report.status == MentorReport.Status.SUBMITTED
    submit = submit or was_filed
    report.snapshot = report_summary(relationship, kind, month)
    report.author = by
    now = timezone.now()
    if submit:
        report.status = MentorReport.Status.SUBMITTED
        report.submitted_at = now
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at = now
    submission.save()
    report.full_clean(exclude=["relationship", "submission", "author"], validate_constraints=False)
    report.save()
    if submit and not was_filed and notify:
        _email_reviewers(report)
    return report


def _reviewers(relationship: Relationship) -> list[User]:
    users = {tutor.user for tutor in relationship.tutors}
    return sorted((u for u in users if u.is_active), key=lambda u: u.pk)


def _email_reviewers(report: MentorReport) -> None:
    relationship = report.relationship
    url = _url("reports:report-detail", relationship.program.slug, report.pk)
    for user in _reviewers(relationship):
        send_templated_email(
            to=user.email,
            language=user.language,
            template="reports/email/report_submitted",
            context={
                "person": user,
                "report": report,
                "program": relationship.program,
                "mentor": relationship.mentor.user,
                "url": url,
            },
        )


@transaction.atomic
def report_review(
    *, report: MentorReport, by: User, accept: bool, comment: str, notify: bool = True
) -> MentorReport:
    """The tutor (or a coordinator) accepts a submitted report, or sends it back with a comment
    for the mentor to change and submit again."""
    report = (
        MentorReport.objects.select_for_update()
        .select_related("relationship__program", "relationship__mentor__user")
        .get(pk=report.pk)
    )
    if report.status != MentorReport.Status.SUBMITTED:
        raise ValidationError(_("Only a report awaiting review can be reviewed."))
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what should change before sending it back.")})
    report.status = MentorReport.Status.ACCEPTED if accept else MentorReport.Status.RETURNED
    report.review_comment = comment
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.save(
        update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"]
    )
    if not accept and report.submission_id is not None:
        Submission.objects.filter(pk=report.submission_id).update(status=Submission.Status.DRAFT)
    mentor = report.relationship.mentor.user
    if mentor.is_active and notify:
        program = report.relationship.program
        send_templated_email(
            to=mentor.email,
            language=mentor.language,
            template="reports/email/report_reviewed",
            context={
                "person": mentor,
                "report": report,
                "program": program,
                "url": _url("reports:report-detail", program.slug, report.pk),
            },
        )
    return report


# --- Reminders -------------------------------------------------------------------------------


def missing_reports(month: dt.date) -> dict[int, list[Relationship]]:
    """The relationships (of every program) without a filed report for ``month``, by mentor
    membership."""
    relationships = Relationship.objects.filter(
        status__in=selectors.REPORTING_STATUSES,
        starts_on__lte=selectors.last_of_month(month),
        ends_on__gte=month,
    ).exclude(
        mentor_reports__kind=MentorReport.Kind.MONTHLY,
        mentor_reports__month=month,
        mentor_reports__status__in=[MentorReport.Status.SUBMITTED, MentorReport.Status.ACCEPTED],
    )
    by_mentor: dict[int, list[Relationship]] = defaultdict(list)
    for relationship in relationships.select_related("program", "mentor__user").order_by("pk"):
        by_mentor[relationship.mentor_id].append(relationship)
    return by_mentor


def reminders_send(*, today: dt.date) -> int:
    """Email each mentor whose report for last month is missing, once per mentor and month:
    the reminder row is claimed by inserting it (unique per mentor and month), so running this
    again, or twice at once, sends nothing new. Returns how many mentors were reminded."""
    month = selectors.add_months(selectors.first_of_month(today), -1)
    sent = 0
    for mentor_id, relationships in missing_reports(month).items():
        mentor = relationships[0].mentor
        try:
            with transaction.atomic():
                ReportReminder.objects.create(mentor_id=mentor_id, month=month)
                if mentor.user.is_active:
                    program = relationships[0].program
                    send_templated_email(
                        to=mentor.user.email,
                        language=mentor.user.language,
                        template="reports/email/report_reminder",
                        context={
                            "person": mentor.user,
                            "program": program,
                            "month": month,
                            "relationships": relationships,
                            "url": _url("reports:mine", program.slug),
                        },
                    )
        except IntegrityError:
            continue
        sent += 1
    return sent


# --- Certificates ----------------------------------------------------------------------------


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def participation(relationships: list[Relationship]) -> dict[tuple[int, int], tuple[int, int]]:
    """(meetings held, minutes) per (relationship id, membership id) from the logs: the mentor
    counts every held meeting; a mentee those they attended (a log that lists no attendance
    counts for every mentee, as pairs' logs often do)."""
    figures: dict[tuple[int, int], tuple[int, int]] = defaultdict(lambda: (0, 0))
    logs = (
        MeetingLog.objects.filter(meeting__relationship__in=relationships, held=True)
        .select_related("meeting")
        .prefetch_related("attended")
    )
    mentees = {r.pk: [m.pk for m in r.mentees.all()] for r in relationships}
    mentors = {r.pk: r.mentor_id for r in relationships}
    for log in logs:
        relationship_id = log.meeting.relationship_id
        attended = {m.pk for m in log.attended.all()}
        people = [mentors[relationship_id]] + [
            m for m in mentees[relationship_id] if not attended or m in attended
        ]
        for person in people:
            held, minutes = figures[(relationship_id, person)]
            figures[(relationship_id, person)] = (held + 1, minutes + (log.duration_minutes or 0))
    return figures


@transaction.atomic
def certificates_issue(
    *,
    program: Program,
    by: User | None,
    wave: Wave | None = None,
    signer_name: str = "",
    signer_title: str = "",
) -> list[Certificate]:
    """Certificates for the mentor and every mentee of the program's (or the wave's) completed
    relationships that have none yet; running it again issues nothing new. The figures (hours,
    meetings held), the issuing organization (the program's) and the signer (``signer_name``,
    by default the person issuing them; ``signer_title``, by default the program's coordination)
    are frozen. Returns the certificates issued."""
    signer = signer_name.strip() or (by.full_name if by else "")
    relationships = Relationship.objects.filter(
        program=program, status=Relationship.Status.COMPLETED
    )
    if wave is not None:
        relationships = relationships.filter(wave=wave)
    chosen = list(
        relationships.select_related("program", "wave", "mentor__user").prefetch_related(
            "mentees__user"
        )
    )
    have = set(
        Certificate.objects.filter(relationship__in=chosen).values_list(
            "relationship_id", "holder_id"
        )
    )
    figures = participation(chosen)
    now = timezone.now()
    issued = []
    for relationship in chosen:
        holders = [(relationship.mentor, Certificate.Role.MENTOR)] + [
            (m, Certificate.Role.MENTEE) for m in relationship.mentees.all()
        ]
        for holder, role in holders:
            if (relationship.pk, holder.pk) in have:
                continue
            held, minutes = figures[(relationship.pk, holder.pk)]
            issued.append(
                Certificate(
                    code=new_certificate_code(),
                    relationship=relationship,
                    holder=holder,
                    program=program,
                    role=role,
                    holder_name=holder.user.full_name,
                    program_name=program.name,
                    wave_name=str(relationship.wave) if relationship.wave else "",
                    organization_name=program.organization.name,
                    signer_name=signer,
                    signer_title=signer_title.strip(),
                    starts_on=relationship.starts_on,
                    ends_on=relationship.ends_on,
                    hours=selectors.hours_from_minutes(minutes),
                    meetings_held=held,
                    issued_at=now,
                    issued_by=by,
                )
            )
    return Certificate.objects.bulk_create(issued)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """Revoke a certificate: its check page says so from now on; it cannot be downloaded."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason.strip()
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    return certificate


@transaction.atomic
def report_stories_choose(*, program: Program, story_ids: list[int], by: User) -> list[int]:
    """Set the stories that go into the program's final report: only published stories whose
    authors consented may be chosen; the others in ``story_ids`` are ignored. Returns the ids
    chosen now."""
    allowed = set(reportable_stories(program).filter(pk__in=story_ids).values_list("pk", flat=True))
    ReportStory.objects.filter(program=program).exclude(story_id__in=allowed).delete()
    present = set(ReportStory.objects.filter(program=program).values_list("story_id", flat=True))
    ReportStory.objects.bulk_create(
        [
            ReportStory(program=program, story_id=story_id, chosen_by=by)
            for story_id in sorted(allowed - present)
        ],
        ignore_conflicts=True,
    )
    return sorted(allowed)
