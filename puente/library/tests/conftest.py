import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from puente.library.models import Audience, Kind, Resource, Stage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_resource(program, **fields) -> Resource:
    values = {
        "title": "Guía de la primera reunión",
        "kind": Kind.GUIDE,
        "audience": Audience.EVERYONE,
        "stage": Stage.FIRST_MEETING,
        "body": "Preséntense.\n\nAcuerden expectativas.",
    }
    values.update(fields)
    return Resource.objects.create(program=program, **values)


@pytest.fixture
def mentors_manual(world) -> Resource:
    return make_resource(
        world.program,
        title="Manual para mentoras",
        kind=Kind.MANUAL,
        audience=Audience.MENTORS,
        stage=Stage.ONBOARDING,
        body="Propósito del programa.\n\nCalendario y expectativas.",
        is_onboarding_manual=True,
    )


@pytest.fixture
def mentors_file(world) -> Resource:
    resource = make_resource(
        world.program,
        title="Plantilla de informe",
        kind=Kind.FILE,
        audience=Audience.MENTORS,
        stage=Stage.DURING,
        body="",
    )
    resource.file.save("informe.pdf", SimpleUploadedFile("informe.pdf", PDF), save=True)
    return resource
