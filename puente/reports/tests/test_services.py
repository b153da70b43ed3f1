import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.instruments.engine import typed_answers
from puente.mentoring.models import Relationship
from puente.reports import selectors, services
from puente.reports.models import Certificate, MentorReport, ReportReminder
from puente.reports.tests.conftest import ANSWERS, TODAY, log

OCTOBER = dt.date(2026, 10, 1)


def test_month_summary_counts_the_logs_of_the_month_only(october):
    summary = selectors.month_summary(october, OCTOBER)
    assert summary["held"] == 2
    assert summary["missed"] == 1
    assert summary["minutes"] == 135
    assert summary["hours"] == "2.3"  # 135 minutes, rounded half up
    assert summary["topics"] == ["Precios de temporada", "Flujo de caja"]
    assert summary["focus_areas"] == ["Finanzas", "Precios"]
    assert summary["next_steps"] == ["Cotizar con dos proveedores"]
    assert [m["number"] for m in summary["meetings"]] == [5, 6, 7]


def test_a_month_without_logs_counts_its_meetings_as_not_logged(relationship):
    summary = selectors.month_summary(relationship, dt.date(2026, 11, 1))
    assert (summary["held"], summary["missed"], summary["hours"]) == (0, 0, "0.0")
    assert summary["not_logged"] == len(summary["meetings"]) > 0


def test_the_report_keeps_the_logs_snapshot_and_the_answers(world, october):
    report = services.report_save(
        relationship=october,
        kind="monthly",
        month=OCTOBER,
        by=world.mentor,
        cleaned=ANSWERS,
        submit=False,
    )
    assert report.status == MentorReport.Status.DRAFT
    assert report.snapshot["held"] == 2 and report.snapshot["hours"] == "2.3"
    assert typed_answers(report.submission)["progress_rating"] == Decimal(4)


def test_one_report_per_relationship_and_month(world, october):
    first = services.report_save(
        relationship=october,
        kind="monthly",
        month=dt.date(2026, 10, 15),
        by=world.mentor,
        cleaned=ANSWERS,
        submit=True,
    )
    again = services.report_save(
        relationship=october,
        kind="monthly",
        month=OCTOBER,
        by=world.mentor,
        cleaned={**ANSWERS, "progress": "Cambiado"},
        submit=False,
    )
    assert again.pk == first.pk
    assert again.status == MentorReport.Status.SUBMITTED  # a filed report stays filed
    assert typed_answers(again.submission)["progress"] == "Cambiado"
    assert MentorReport.objects.count() == 1
    with pytest.raises(IntegrityError):
        MentorReport.objects.create(relationship=october, kind="monthly", month=OCTOBER)


def test_only_the_mentor_files_and_only_months_of_the_relationship(world, october):
    with pytest.raises(ValidationError):
        services.report_save(
            relationship=october,
            kind="monthly",
            month=OCTOBER,
            by=world.mentee,
            cleaned=ANSWERS,
            submit=True,
        )
    with pytest.raises(ValidationError):
        services.report_save(
            relationship=october,
            kind="monthly",
            month=dt.date(2026, 8, 1),
            by=world.mentor,
            cleaned=ANSWERS,
            submit=True,
        )
    with pytest.raises(ValidationError):  # December has not started
        services.report_save(
            relationship=october,
            kind="monthly",
            month=dt.date(2026, 12, 1),
            by=world.mentor,
            cleaned=ANSWERS,
            submit=True,
        )


def test_submitting_emails_the_tutor(world, october, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_save(
            relationship=october,
            kind="monthly",
            month=OCTOBER,
            by=world.mentor,
            cleaned=ANSWERS,
            submit=True,
        )
    assert [m.to for m in mail.outbox] == [[world.tutor.email]]


def test_review_flow_send_back_resubmit_accept(world, october, django_capture_on_commit_callbacks):
    report = services.report_save(
        relationship=october,
        kind="monthly",
        month=OCTOBER,
        by=world.mentor,
        cleaned=ANSWERS,
        submit=True,
    )
    with pytest.raises(ValidationError):
        services.report_review(report=report, by=world.tutor, accept=False, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.report_review(
            report=report, by=world.tutor, accept=False, comment="Añade las metas."
        )
    assert returned.status == MentorReport.Status.RETURNED
    assert mail.outbox[-1].to == [world.mentor.email]
    assert "Añade las metas." in mail.outbox[-1].body
    with pytest.raises(ValidationError):  # not awaiting review any more
        services.report_review(report=report, by=world.tutor, accept=True, comment="")
    resubmitted = services.report_save(
        relationship=october,
        kind="monthly",
        month=OCTOBER,
        by=world.mentor,
        cleaned={**ANSWERS, "progress": "Con metas"},
        submit=True,
    )
    assert resubmitted.status == MentorReport.Status.SUBMITTED
    accepted = services.report_review(report=report, by=world.tutor, accept=True, comment="Bien")
    assert accepted.status == MentorReport.Status.ACCEPTED
    assert accepted.reviewed_by == world.tutor and accepted.review_comment == "Bien"
    with pytest.raises(ValidationError):
        services.report_save(
            relationship=october,
            kind="monthly",
            month=OCTOBER,
            by=world.mentor,
            cleaned=ANSWERS,
            submit=True,
        )


def test_final_report_waits_for_the_end(world, october):
    with pytest.raises(ValidationError):
        services.report_save(
            relationship=october,
            kind="final",
            month=None,
            by=world.mentor,
            cleaned={"achievements": "x", "goals_met": 4},
            submit=True,
        )
    _complete(october)
    final = services.report_save(
        relationship=october,
        kind="final",
        month=None,
        by=world.mentor,
        cleaned={"achievements": "Vendió a un gran comprador", "goals_met": 4},
        submit=True,
    )
    assert final.kind == "final" and final.month == dt.date(2026, 12, 1)
    assert final.snapshot["held"] == 3 and final.snapshot["minutes"] == 195


def test_reminders_go_once_per_mentor_and_month_and_skip_filed_reports(
    world, october, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=TODAY) == 1
    assert [m.to for m in mail.outbox] == [[world.mentor.email]]
    assert "October 2026" in mail.outbox[0].subject
    assert services.reminders_send(today=TODAY + dt.timedelta(days=3)) == 0
    assert ReportReminder.objects.count() == 1
    # A mentor who filed last month's report gets nothing the next month either way.
    services.report_save(
        relationship=october,
        kind="monthly",
        month=dt.date(2026, 11, 1),
        by=world.mentor,
        cleaned=ANSWERS,
        submit=True,
    )
    mail.outbox.clear()
    assert services.reminders_send(today=dt.date(2026, 12, 1)) == 0
    assert mail.outbox == []


def _complete(relationship: Relationship) -> Relationship:
    Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.COMPLETED)
    relationship.refresh_from_db()
    return relationship


def test_certificates_are_issued_once_with_frozen_figures(world, october):
    _complete(october)
    issued = services.certificates_issue(program=world.program, by=world.coordinator)
    assert sorted(c.role for c in issued) == ["mentee", "mentor"]
    mentee = next(c for c in issued if c.role == "mentee")
    assert mentee.holder.user == world.mentee
    assert (mentee.meetings_held, mentee.hours) == (3, Decimal("3.3"))  # 195 minutes
    assert len(mentee.code) >= 12 and issued[0].code != issued[1].code
    assert services.certificates_issue(program=world.program, by=world.coordinator) == []
    log(october, 8, world.mentor, duration_minutes=600)
    mentee.refresh_from_db()
    assert mentee.meetings_held == 3  # frozen when issued


def test_a_mentee_absent_from_a_circle_meeting_is_not_credited(world, october):
    other = MembershipFactory(
        program=world.program, role=Role.MENTEE, user=UserFactory(full_name="Otra")
    )
    october.mentees.add(other)
    log(october, 8, world.mentor, duration_minutes=60, attended=[other])
    _complete(october)
    services.certificates_issue(program=world.program, by=world.coordinator)
    figures = {c.holder_id: c.meetings_held for c in Certificate.objects.all()}
    mentee = world.program.memberships.get(role=Role.MENTEE, user=world.mentee)
    assert figures[mentee.pk] == 3 and figures[other.pk] == 4
    assert figures[october.mentor_id] == 4


def test_only_completed_relationships_get_certificates(world, october):
    assert services.certificates_issue(program=world.program, by=world.coordinator) == []


def test_revoking_needs_a_reason(world, october):
    _complete(october)
    certificate = services.certificates_issue(program=world.program, by=world.coordinator)[0]
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, by=world.coordinator, reason="")
    revoked = services.certificate_revoke(
        certificate=certificate, by=world.coordinator, reason="Datos equivocados"
    )
    assert revoked.is_revoked


def test_the_reminders_run_with_the_daily_tasks():
    from puente.core.hooks import daily_tasks
    from puente.reports.tasks import report_reminders_task

    assert report_reminders_task in daily_tasks()
