"""Who sees which toolkit page, uploads through the form, downloads, confirming the manual."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory, WaveFactory
from puente.library import services
from puente.library.models import Audience, Kind, ManualConfirmation, Resource, Stage
from puente.library.tests.conftest import PDF, make_resource

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"library:{name}", args=[world.program.slug, *args])


def _form(**extra):
    data = {
        "title": "Dinámica: juego de roles de negociación",
        "kind": Kind.SESSION_DYNAMIC,
        "audience": Audience.MENTORS,
        "stage": Stage.DURING,
        "body": "Una persona compra y otra vende.",
        "url": "",
    }
    data.update(extra)
    return data


def test_toolkit_filters_and_search(world, mentors_manual):
    make_resource(world.program, title="Pitch a un comprador", kind=Kind.SESSION_DYNAMIC)
    client = client_for(world.coordinator)
    response = client.get(_url(world, "resource-list"), {"kind": Kind.SESSION_DYNAMIC})
    assert "Pitch a un comprador" in response.text and "Manual para mentoras" not in response.text
    response = client.get(_url(world, "resource-list"), {"q": "calendario"})
    assert "Manual para mentoras" in response.text and "Pitch a un comprador" not in response.text
    response = client.get(_url(world, "resource-list"), {"stage": Stage.CLOSING})
    assert "No resource matches these filters." in response.text


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("resource-list", "post"),
        ("confirmations", "post"),
    ],
)
def test_wrong_method(world, name, method):
    assert getattr(client_for(world.coordinator), method)(_url(world, name)).status_code == 405


def test_wrong_method_on_a_resource(world, mentors_manual):
    client = client_for(world.mentor)
    assert client.post(_url(world, "resource-detail", mentors_manual.pk)).status_code == 405
    assert client.get(_url(world, "manual-confirm", mentors_manual.pk)).status_code == 405
    assert client.put(_url(world, "resource-edit", mentors_manual.pk)).status_code == 405


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("tutor", 200),
        ("mentor", 200),
        ("mentee", 404),
        ("reviewer", 404),
        ("observer", 403),
        ("outsider", 404),
    ],
)
def test_resource_detail_by_role(world, mentors_manual, role, status):
    response = client_for(getattr(world, role)).get(
        _url(world, "resource-detail", mentors_manual.pk)
    )
    assert response.status_code == status


def test_body_is_escaped_plain_text_with_paragraphs(world):
    resource = make_resource(world.program, body="<script>alert(1)</script>\n\nSegundo párrafo")
    response = client_for(world.mentee).get(_url(world, "resource-detail", resource.pk))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text
    assert "<p>Segundo párrafo</p>" in response.text


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("mentor", 200), ("tutor", 200), ("mentee", 404), ("outsider", 404)],
)
def test_download_checks_access(world, mentors_file, role, status):
    response = client_for(getattr(world, role)).get(_url(world, "resource-file", mentors_file.pk))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]


def test_wave_members_open_their_waves_version_only(world):
    wave2 = WaveFactory(program=world.program, number=2)
    first = make_resource(world.program, title="Guía ola 1")
    second = services.resource_new_version(
        resource=first, wave=wave2, by=world.coordinator, data={"title": "Guía ola 2"}
    )
    newcomer = UserFactory()
    MembershipFactory(user=newcomer, program=world.program, role=Role.MENTEE, wave=wave2)

    old_member = client_for(world.mentee)
    assert "Guía ola 1" in old_member.get(_url(world, "resource-list")).text
    assert old_member.get(_url(world, "resource-detail", second.pk)).status_code == 404
    new_member = client_for(newcomer)
    listed = new_member.get(_url(world, "resource-list")).text
    assert "Guía ola 2" in listed and "Guía ola 1" not in listed
    assert new_member.get(_url(world, "resource-detail", first.pk)).status_code == 404
    coordinator = client_for(world.coordinator).get(_url(world, "resource-detail", first.pk))
    assert _url(world, "resource-detail", second.pk) in coordinator.text


def test_create_with_an_upload(world, media):
    client = client_for(world.coordinator)
    form = client.get(_url(world, "resource-create")).context["form"]
    key = form["submit_key"].value()
    data = _form(submit_key=key, kind=Kind.FILE, body="")
    data["file"] = SimpleUploadedFile("dinamica.pdf", PDF, content_type="application/pdf")
    response = client.post(_url(world, "resource-create"), data)
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert resource.file.name.startswith(f"library/program-{world.program.pk}/")
    assert (media / resource.file.name).read_bytes() == PDF
    # The same form sent again (a double click) makes nothing new.
    data["file"] = SimpleUploadedFile("dinamica.pdf", PDF, content_type="application/pdf")
    again = client.post(_url(world, "resource-create"), data)
    assert again["Location"] == response["Location"]
    assert Resource.objects.count() == 1


def test_create_refuses_a_renamed_file_and_keeps_what_was_typed(world):
    client = client_for(world.coordinator)
    data = _form(kind=Kind.FILE)
    data["file"] = SimpleUploadedFile("dinamica.pdf", b"MZ\x90\x00binary")
    response = client.post(_url(world, "resource-create"), data)
    assert response.status_code == 422
    assert "This file&#x27;s content is not a PDF file." in response.text
    assert "Una persona compra y otra vende." in response.text
    assert not Resource.objects.exists()


def test_create_refuses_a_wrong_type_in_spanish(world):
    world.coordinator.language = "es"
    world.coordinator.save()
    client = client_for(world.coordinator)
    data = _form()
    data["file"] = SimpleUploadedFile("virus.exe", PDF)
    response = client.post(_url(world, "resource-create"), data)
    assert response.status_code == 422
    assert "No se aceptan archivos de tipo .exe" in response.text


def test_edit_and_new_version(world, mentors_manual):
    wave2 = WaveFactory(program=world.program, number=2)
    client = client_for(world.coordinator)
    assert client.get(_url(world, "resource-edit", mentors_manual.pk)).status_code == 200
    response = client.post(
        _url(world, "resource-edit", mentors_manual.pk),
        _form(
            title="Manual de mentoras 2026",
            kind=Kind.MANUAL,
            audience=Audience.MENTORS,
            stage=Stage.ONBOARDING,
            is_onboarding_manual="on",
        ),
    )
    assert response.status_code == 302
    mentors_manual.refresh_from_db()
    assert mentors_manual.title == "Manual de mentoras 2026"

    page = client.get(_url(world, "resource-new-version", mentors_manual.pk))
    assert page.status_code == 200
    assert page.context["form"].initial["title"] == "Manual de mentoras 2026"
    response = client.post(
        _url(world, "resource-new-version", mentors_manual.pk),
        _form(
            title="Manual de mentoras, ola 2",
            kind=Kind.MANUAL,
            audience=Audience.MENTORS,
            stage=Stage.ONBOARDING,
            is_onboarding_manual="on",
            wave=wave2.pk,
        ),
    )
    assert response.status_code == 302
    version = Resource.objects.get(wave=wave2)
    assert version.original == mentors_manual and version.is_onboarding_manual
    # The wave is taken now: a second try is refused next to the field.
    again = client.post(
        _url(world, "resource-new-version", mentors_manual.pk), _form(wave=wave2.pk)
    )
    assert again.status_code == 422
    assert Resource.objects.count() == 2


def test_prompt_until_the_mentor_confirms(world, mentors_manual):
    client = client_for(world.mentor)
    home = client.get(reverse("programs:program-home", args=[world.program.slug]))
    assert 'id="onboarding-prompt"' in home.text
    assert _url(world, "resource-detail", mentors_manual.pk) in home.text
    # The mentee is not asked to read the mentors' manual.
    mentee_home = client_for(world.mentee).get(
        reverse("programs:program-home", args=[world.program.slug])
    )
    assert 'id="onboarding-prompt"' not in mentee_home.text

    refused = client.post(_url(world, "manual-confirm", mentors_manual.pk), {})
    assert refused.status_code == 422
    assert not ManualConfirmation.objects.exists()
    for _ in range(2):
        response = client.post(_url(world, "manual-confirm", mentors_manual.pk), {"read": "on"})
        assert response.status_code == 302
    assert ManualConfirmation.objects.filter(user=world.mentor).count() == 1
    home = client.get(reverse("programs:program-home", args=[world.program.slug]))
    assert 'id="onboarding-prompt"' not in home.text


def test_only_the_audience_confirms(world, mentors_manual):
    response = client_for(world.tutor).post(
        _url(world, "manual-confirm", mentors_manual.pk), {"read": "on"}
    )
    assert response.status_code == 403
    guide = make_resource(world.program)
    response = client_for(world.mentor).post(
        _url(world, "manual-confirm", guide.pk), {"read": "on"}
    )
    assert response.status_code == 404


def test_confirmations_show_who_confirmed(world, mentors_manual):
    """Who opens the page: the permission matrix; here, what it says."""
    services.manual_confirm(resource=mentors_manual, user=world.mentor)
    response = client_for(world.coordinator).get(_url(world, "confirmations"))
    assert world.mentor.full_name in response.text
    assert "1 of 1 person confirmed" in response.text


def _many(world, n):
    wave2 = WaveFactory(program=world.program, number=10 + n)
    for i in range(n):
        first = make_resource(world.program, title=f"Recurso {n}-{i}")
        services.resource_new_version(resource=first, wave=wave2, by=world.coordinator, data={})


@pytest.mark.parametrize("role", ["coordinator", "mentor"])
def test_list_queries_do_not_grow(world, mentors_manual, role, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(getattr(world, role))
    _many(world, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(world, "resource-list"))
    _many(world, 8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(_url(world, "resource-list"))
    assert response.text.count("Recurso ") >= 10


# An empty POST is a submitted form: bound, refused with its errors (422), nothing saved.


def test_an_empty_create_post_is_refused_with_its_errors(world):
    response = client_for(world.coordinator).post(_url(world, "resource-create"), {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert {"title", "submit_key"} <= set(form.errors)
    assert "This field is required." in response.text
    assert not Resource.objects.exists()


@pytest.mark.parametrize("name", ["resource-edit", "resource-new-version"])
def test_an_empty_edit_or_new_version_post_is_refused_with_its_errors(world, mentors_manual, name):
    count = Resource.objects.count()
    title = mentors_manual.title
    response = client_for(world.coordinator).post(_url(world, name, mentors_manual.pk), {})
    assert response.status_code == 422
    assert response.context["form"].is_bound
    assert response.context["form"].errors
    assert "This field is required." in response.text
    assert Resource.objects.count() == count
    mentors_manual.refresh_from_db()
    assert mentors_manual.title == title
