"""The demo's next wave: the pilot beside its scale-up, two pilot alumni applying as mentors to
the third wave's call, and the clone action available (nothing cloned)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.programs.access import ProgramAccess
from puente.programs.models import Program
from puente.recruitment.models import Call
from puente.recruitment.selectors import applications_for_call
from puente.recruitment.services import call_weights
from puente.waves.models import AlumniInvitation
from puente.waves.selectors import wave_comparison

# Each test seeds the three demo programs (10–25 s): `make test` runs them, `make test-fast` not.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_next_wave():
    call_command("seed_demo", stdout=StringIO())
    program = Program.objects.get(slug="mentoria-codigo-abierto")
    pilot, scale = wave_comparison(program).columns[:2]
    assert (pilot.wave.name, scale.wave.name) == ("Piloto", "Escalamiento")
    assert pilot.completed.value > 0 and pilot.completion_rate.value == 100
    assert scale.people[Role.MENTEE].value > pilot.people[Role.MENTEE].value
    assert program.waves.count() == 2  # nothing cloned

    call = Call.objects.get(slug="comunidad-ola-3")
    invited = AlumniInvitation.objects.filter(call=call, source_wave=pilot.wave)
    assert invited.count() == 2
    coordinator = program.memberships.filter(role=Role.COORDINATOR).first().user
    access = ProgramAccess(program=program, user=coordinator, roles=frozenset({Role.COORDINATOR}))
    alumni = [
        a for a in applications_for_call(access, call, weights=call_weights(call)) if a.was_mentee
    ]
    assert {a.email for a in alumni} == {i.user.email for i in invited}
    assert all(a.role == Role.MENTOR and a.status == "submitted" for a in alumni)

    client = client_for(coordinator)
    assert client.get(reverse("waves:compare", args=[program.slug])).status_code == 200
    url = reverse("programs:wave-clone", args=[program.slug, 2])
    assert client.get(url).status_code == 200
