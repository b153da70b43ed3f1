"""The demo's coordinators get a sensible digest for the demo's "now" (Monday 23 November 2026)."""

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation

from puente.accounts.models import User
from puente.notifications import selectors
from puente.notifications.tests.conftest import WEEK
from puente.programs.models import Program

# Each test seeds the demo programs (10–20 s): `make test` runs them, `make test-fast` not.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_proveedoras_coordinator_reads_about_the_relationships_at_risk():
    call_command("seed_demo", verbosity=0)
    program = Program.objects.get(slug="mujeres-proveedoras")
    coordinator = User.objects.get(email="coordinadora.proveedoras@demo.puente.example")
    digests = {d.user: d for d in selectors.weekly_digests(program=program, week=WEEK)}
    digest = digests[coordinator]
    assert digest.has_news
    assert digest.relationships > 0
    assert digest.flags_total > 0
    assert digest.counts.held > 0
    assert digest.counts.logs_missing > 0
    # The program's tutors read about the relationships they follow, not all of them.
    tutors = [d for d in digests.values() if not d.sees_all]
    assert tutors
    assert all(d.relationships < digest.relationships for d in tutors)
    assert any(d.relationships > 0 for d in tutors)
    # Built, not sent: rendered as the email would be, in the coordinator's language.
    with translation.override(coordinator.language):
        body = render_to_string(
            "notifications/email/weekly_digest_body.txt",
            {"digest": digest, "person": coordinator, "program": program},
        )
    flag = digest.flags_shown[0]
    with translation.override(coordinator.language):
        reason = str(flag.flag.get_reason_display())
    assert reason in body
    assert flag.line.mentor in body
    assert f"/p/mujeres-proveedoras/mentoring/{flag.line.relationship.pk}/" in body
