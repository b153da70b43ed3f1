"""Versions per wave, the onboarding manual and its confirmations, uploads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory, WaveFactory
from puente.library import selectors, services
from puente.library.models import Audience, Kind, ManualConfirmation, Resource, Stage
from puente.library.tests.conftest import PDF, make_resource
from puente.library.uploads import MAX_BYTES, validate_resource_file
from puente.programs.access import ProgramAccess, program_roles

pytestmark = pytest.mark.django_db


def _access(user, program) -> ProgramAccess:
    return ProgramAccess(program=program, user=user, roles=program_roles(user, program))


def _seen(user, program) -> list[str]:
    access = _access(user, program)
    wave = selectors.viewer_wave_number(access)
    return [r.title for r in selectors.toolkit(access, wave_number=wave)]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("guion.exe", PDF, "file_type"),
        ("notas.txt", b"hola", "file_type"),
        ("informe.pdf", b"MZ\x90\x00 not a pdf", "file_content"),
        ("foto.png", b"\xff\xd8\xff\xe0 a jpeg", "file_content"),
    ],
)
def test_upload_refuses_wrong_types_and_renamed_files(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_resource_file(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_upload_refuses_files_over_ten_megabytes():
    big = SimpleUploadedFile("manual.pdf", PDF + b"0" * MAX_BYTES)
    with pytest.raises(ValidationError) as error:
        validate_resource_file(big)
    assert error.value.code == "file_size"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("manual.pdf", PDF),
        ("Plantilla.DOCX", b"PK\x03\x04rest"),
        ("foto.jpg", b"\xff\xd8\xff\xe0rest"),
        ("logo.png", b"\x89PNG\r\n\x1a\nrest"),
    ],
)
def test_upload_accepts_the_allowed_types(name, content):
    validate_resource_file(SimpleUploadedFile(name, content))


def test_link_must_be_https(world):
    with pytest.raises(ValidationError) as error:
        services.resource_create(
            program=world.program,
            by=world.coordinator,
            data={
                "title": "Plantilla",
                "kind": Kind.LINK,
                "audience": Audience.MENTORS,
                "stage": Stage.DURING,
                "url": "http://example.org/plantilla",
            },
        )
    assert "url" in error.value.message_dict


def test_wave_members_read_their_waves_version(world):
    wave2 = WaveFactory(program=world.program, number=2)
    wave3 = WaveFactory(program=world.program, number=3)
    first = make_resource(world.program, title="Guía v1")
    second = services.resource_new_version(
        resource=first, wave=wave2, by=world.coordinator, data={"title": "Guía v2"}
    )
    late = UserFactory()
    MembershipFactory(user=late, program=world.program, role=Role.MENTOR, wave=wave3)
    new = UserFactory()
    MembershipFactory(user=new, program=world.program, role=Role.MENTOR, wave=wave2)

    assert _seen(world.mentor, world.program) == ["Guía v1"]  # wave 1 keeps its version
    assert _seen(new, world.program) == ["Guía v2"]
    assert _seen(late, world.program) == ["Guía v2"]  # inherited until a wave-3 version
    assert second.original == first and second.body == first.body
    assert list(selectors.versions(second)) == [first, second]


def test_a_version_only_for_a_later_wave_is_not_shown_earlier(world):
    wave2 = WaveFactory(program=world.program, number=2)
    make_resource(world.program, title="Solo ola 2", wave=wave2)
    assert _seen(world.mentor, world.program) == []


def test_one_version_per_wave(world):
    wave2 = WaveFactory(program=world.program, number=2)
    first = make_resource(world.program)
    services.resource_new_version(resource=first, wave=wave2, by=world.coordinator, data={})
    with pytest.raises(ValidationError):
        services.resource_new_version(resource=first, wave=wave2, by=world.coordinator, data={})
    assert Resource.objects.count() == 2


def test_new_version_keeps_the_earlier_file(world, mentors_file):
    wave2 = WaveFactory(program=world.program, number=2)
    version = services.resource_new_version(
        resource=mentors_file, wave=wave2, by=world.coordinator, data={}
    )
    assert version.file.name == mentors_file.file.name
    assert version.file.read() == PDF


def test_audience_scopes_what_each_role_reads(world, mentors_manual):
    make_resource(world.program, title="Para todos")
    make_resource(world.program, title="Para emprendedoras", audience=Audience.MENTEES)
    make_resource(world.program, title="Para coordinación", audience=Audience.COORDINATORS)

    assert set(_seen(world.mentor, world.program)) == {"Manual para mentoras", "Para todos"}
    assert set(_seen(world.mentee, world.program)) == {"Para emprendedoras", "Para todos"}
    assert set(_seen(world.reviewer, world.program)) == {"Para todos"}
    assert set(_seen(world.tutor, world.program)) == {
        "Manual para mentoras",
        "Para todos",
        "Para emprendedoras",
    }
    assert len(_seen(world.coordinator, world.program)) == 4


def test_one_onboarding_manual_per_audience(world, mentors_manual):
    other = services.resource_create(
        program=world.program,
        by=world.coordinator,
        data={
            "title": "Manual nuevo",
            "kind": Kind.MANUAL,
            "audience": Audience.MENTORS,
            "stage": Stage.ONBOARDING,
            "body": "Texto",
            "is_onboarding_manual": True,
        },
    )
    mentors_manual.refresh_from_db()
    assert other.is_onboarding_manual and not mentors_manual.is_onboarding_manual


def test_only_a_manual_can_be_the_onboarding_manual(world):
    with pytest.raises(ValidationError) as error:
        services.resource_create(
            program=world.program,
            by=world.coordinator,
            data={
                "title": "Guía",
                "kind": Kind.GUIDE,
                "audience": Audience.MENTORS,
                "stage": Stage.ONBOARDING,
                "body": "Texto",
                "is_onboarding_manual": True,
            },
        )
    assert "is_onboarding_manual" in error.value.message_dict


def test_confirming_twice_leaves_one_record_and_clears_the_prompt(world, mentors_manual):
    assert selectors.onboarding_pending(world.mentor, world.program) == [mentors_manual]
    assert selectors.onboarding_pending(world.mentee, world.program) == []
    services.manual_confirm(resource=mentors_manual, user=world.mentor)
    services.manual_confirm(resource=mentors_manual, user=world.mentor)

    assert ManualConfirmation.objects.filter(user=world.mentor).count() == 1
    assert selectors.onboarding_pending(world.mentor, world.program) == []


def test_a_new_version_for_the_wave_asks_again(world, mentors_manual):
    services.manual_confirm(resource=mentors_manual, user=world.mentor)
    wave2 = WaveFactory(program=world.program, number=2)
    version = services.resource_new_version(
        resource=mentors_manual, wave=wave2, by=world.coordinator, data={}
    )
    newcomer = UserFactory()
    MembershipFactory(user=newcomer, program=world.program, role=Role.MENTOR, wave=wave2)

    assert version.is_onboarding_manual
    assert selectors.onboarding_pending(world.mentor, world.program) == []
    assert selectors.onboarding_pending(newcomer, world.program) == [version]


def test_pending_takes_two_queries(world, mentors_manual, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.onboarding_pending_for_slug(world.mentor, world.program.slug)
    with django_assert_num_queries(1):
        selectors.onboarding_pending_for_slug(world.observer, world.program.slug)


def test_confirmations_overview_per_wave(world, mentors_manual):
    wave2 = WaveFactory(program=world.program, number=2)
    other = UserFactory(full_name="Mentora Dos")
    MembershipFactory(user=other, program=world.program, role=Role.MENTOR, wave=wave2)
    services.manual_confirm(resource=mentors_manual, user=world.mentor)

    (entry,) = selectors.confirmations_overview(world.program)
    first, second = entry.waves
    assert (first.wave, [c.user for c in first.confirmed], first.pending) == (
        world.wave,
        [world.mentor],
        [],
    )
    assert second.wave == wave2 and [m.user for m in second.pending] == [other]
