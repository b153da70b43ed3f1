"""The supplier program's comparison group in the demo: waitlisted businesses answer the
baseline and endline, so its final report shows the change per participant and the difference
in differences with their intervals."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.monitoring import comparison
from puente.monitoring.models import Indicator, RoundInvitation
from puente.programs.models import Program

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_supplier_program_has_a_comparison_group_with_paired_change_and_did():
    call_command("seed_demo", stdout=StringIO())
    program = Program.objects.get(slug="mujeres-proveedoras")
    invited = RoundInvitation.objects.filter(round__program=program, comparison=True)
    assert invited.filter(round__kind="baseline", answered_at__isnull=False).count() == 10
    assert invited.filter(round__kind="endline", answered_at__isnull=False).count() == 8
    confidence = Indicator.objects.get(program=program, question_key="confidence")
    with translation.override("es"):
        evidence = comparison.evidence(program, [confidence])[confidence.pk]
    endline = next(c for c in evidence.changes if c.kind == "endline")
    assert endline.figure.shown is not None and endline.stats.n >= 5
    assert endline.stats.interval is not None and endline.stats.effect_size is not None
    (did,) = [d for d in evidence.differences if d.kind == "endline"]
    assert did.figure.shown is not None and did.stats.interval is not None
    # The mentored businesses changed more than the waitlisted ones.
    assert did.stats.difference > 0
    assert evidence.design is not None and not evidence.design.randomized
    assert "IC 95 %" in endline.sentence
    coordinator = program.memberships.filter(role=Role.COORDINATOR).first().user
    page = client_for(coordinator).get(reverse("reports:program-final", args=[program.slug]))
    assert page.status_code == 200
    assert page.text.count('class="paired-did"') >= 2
