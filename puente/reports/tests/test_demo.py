"""The demo's reports: October in Mujeres Proveedoras, certificates of the finished pilot."""

import pytest
from django.core.management import call_command

from puente.reports.models import Certificate, MentorReport

# Each test seeds the demo programs (10–20 s): `make test` runs them, `make test-fast` not.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_has_october_reports_at_every_stage_and_certificates():
    call_command("seed_demo", verbosity=0)
    october = MentorReport.objects.filter(relationship__program__slug="mujeres-proveedoras")
    statuses = set(october.values_list("status", flat=True))
    assert statuses == {MentorReport.Status.ACCEPTED, MentorReport.Status.SUBMITTED}
    assert all(report.snapshot["month"] == "2026-10-01" for report in october)
    active = october.first().relationship.program.relationships.filter(status="active").count()
    assert october.count() < active  # some are missing
    certificates = Certificate.objects.filter(program__slug="mentoria-codigo-abierto")
    assert certificates.filter(role="mentee").exists() and certificates.filter(role="mentor")
    assert all(c.meetings_held > 0 and c.hours > 0 for c in certificates)


def test_demo_final_report_stories_and_a_funders_dashboard_with_data():
    from puente.core.permissions import Role
    from puente.programs.models import Program
    from puente.reports import program_report
    from puente.reports.models import ReportStory

    call_command("seed_demo", verbosity=0)
    program = Program.objects.get(slug="mujeres-proveedoras")
    chosen = ReportStory.objects.filter(program=program)
    assert chosen.count() == 2
    assert all(choice.story.status == "published" for choice in chosen)
    assert program.memberships.filter(role=Role.OBSERVER).exists()
    board = program_report.dashboard(program, today=program_report.dt.date(2026, 11, 23))
    assert board.total.shown and board.total.meetings.held.shown > 0
    assert any(group.shown for _d, _t, groups in board.groups for group in groups)
    # Something true beyond the totals: a track whose figures stand for enough mentees.
    shown = [
        group
        for _d, _t, groups in board.groups
        for group in groups
        if group.meetings.hours.shown and group.feedback_mean.shown
    ]
    assert shown and all(group.mentees.value >= 5 for group in shown)


def test_large_seed_has_activity_for_the_reports():
    from puente.mentoring.models import Meeting, Relationship
    from puente.monitoring.models import Indicator, Round

    call_command("seed_demo", size="large", mentees=40, mentors=4, verbosity=0)
    relationships = Relationship.objects.filter(program__slug="programa-a-gran-escala")
    assert relationships.count() == 40
    meetings = Meeting.objects.filter(relationship__in=relationships)
    assert meetings.filter(status="held").exists() and meetings.filter(status="planned").exists()
    assert Round.objects.filter(program__slug="programa-a-gran-escala").exists()
    assert Indicator.objects.filter(program__slug="programa-a-gran-escala").count() == 3
    call_command("seed_demo", size="large", mentees=40, mentors=4, verbosity=0)
    assert relationships.count() == 40
