"""The demo's reports: October in Mujeres Proveedoras, certificates of the finished pilot."""

import pytest
from django.core.management import call_command

from puente.reports.models import Certificate, MentorReport

pytestmark = pytest.mark.django_db


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
