"""The demo toolkit: manuals per audience, a version for a later wave, files, confirmations."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from puente.library.models import Kind, ManualConfirmation, Resource
from puente.library.selectors import onboarding_pending
from puente.programs.models import Membership, Program

# Each test seeds the three demo programs (10–25 s): `make test` runs them, `make test-fast` not.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_toolkit():
    call_command("seed_demo", stdout=StringIO())

    for program in Program.objects.filter(resources__isnull=False).distinct():
        manuals = Resource.objects.filter(program=program, is_onboarding_manual=True)
        assert set(manuals.values_list("audience", flat=True)) == {"mentors", "mentees"}
        assert Resource.objects.filter(program=program, kind=Kind.SESSION_DYNAMIC).exists()
        assert Resource.objects.filter(program=program, kind=Kind.TEMPLATE).exclude(url="").exists()
        for resource in Resource.objects.filter(program=program):
            resource.full_clean()
    assert Program.objects.filter(resources__isnull=False).distinct().count() == 3
    comunidad = Resource.objects.filter(program__slug="mentoria-codigo-abierto")
    assert comunidad.filter(title__icontains="exmentees").exists()
    assert comunidad.filter(original__isnull=False, wave__number=2).exists()
    ficha = Resource.objects.get(program__slug="mujeres-proveedoras", kind=Kind.FILE)
    pdf = ficha.file.read()
    assert pdf.startswith(b"%PDF-")
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "es"  # tagged, like Puente's own
    # Some mentors confirmed the manual, some did not.
    mentors = Membership.objects.filter(program__slug="mujeres-proveedoras", role="mentor")
    pending = [m for m in mentors if onboarding_pending(m.user, m.program)]
    assert 0 < len(pending) < mentors.count()
    assert ManualConfirmation.objects.filter(resource__program__slug="mentoria-inversa").exists()
