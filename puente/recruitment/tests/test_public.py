"""The public side of a call: start by email, confirm by link, draft, resume, submit once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.instruments.models import Submission
from puente.instruments.services import (
    instrument_from_template,
    question_update,
    version_edit,
    version_publish,
)
from puente.programs.models import FocusArea
from puente.recruitment import services
from puente.recruitment.models import Application, Call

# Real commits, so emails (sent on commit) go out as they would in production.
pytestmark = pytest.mark.django_db(transaction=True)


def open_call(world, **fields) -> Call:
    FocusArea.objects.create(program=world.program, name="Liderazgo", kind="personal")
    form = instrument_from_template(program=world.program, template_key="mentee-application")
    version_publish(version=form.versions.get(), by=world.coordinator)
    now = timezone.now()
    defaults = {
        "title": "Convocatoria 2027",
        "slug": "convocatoria-2027",
        "introduction": "Buscamos mentees.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=10),
        "confirmation_message": "Gracias: respondemos en dos semanas.",
        "is_published": True,
        "wave": world.wave,
    }
    defaults.update(fields)
    return services.call_create(program=world.program, forms={"mentee": form}, **defaults)


def link_from_last_email() -> str:
    match = re.search(r"http://testserver(/calls/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def start(client: Client, call: Call, email: str = "ana@example.org"):
    return client.post(
        reverse("recruitment:call-public", args=[call.slug]),
        {"email": email, "role": "mentee"},
    )


def full_answers(**override) -> dict:
    data = {
        "answers-full_name": "Ana Torres",
        "answers-city": "Lima",
        "answers-goals": "Quiero liderar un equipo de datos.",
        "answers-hours": "2",
        "answers-availability": ["mon-evening", "thu-evening"],
        "answers-motivation": "5",
        "answers-focus_areas": [str(FocusArea.objects.get(name="Liderazgo").pk)],
    }
    data.update(override)
    return data


def test_the_public_page_is_open_to_anyone_and_unpublished_calls_are_hidden(world):
    call = open_call(world)
    response = Client().get(reverse("recruitment:call-public", args=[call.slug]))
    assert response.status_code == 200
    assert "Buscamos mentees." in response.content.decode()
    assert world.program.purpose in response.content.decode()
    call.is_published = False
    call.save()
    assert Client().get(reverse("recruitment:call-public", args=[call.slug])).status_code == 404


def test_applying_needs_only_an_email_and_the_link_confirms_it(world):
    call = open_call(world)
    client = Client()
    response = start(client, call)
    assert response.status_code == 302
    application = Application.objects.get(call=call)
    assert application.status == Application.Status.STARTED
    assert mail.outbox[-1].to == ["ana@example.org"]
    response = client.get(link_from_last_email())
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.email_confirmed_at is not None
    assert 'name="answers-goals"' in response.content.decode()


def test_an_empty_application_is_refused_with_its_errors(world):
    call = open_call(world)
    response = Client().post(reverse("recruitment:call-public", args=[call.slug]), {})
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"email", "role"}
    assert 'class="field has-error"' in response.content.decode()
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_a_wrong_email_is_refused_keeping_what_was_typed(world):
    call = open_call(world)
    response = start(Client(), call, email="ana-at-example.org")
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert 'value="ana-at-example.org"' in response.content.decode()
    assert not Application.objects.exists()


def test_an_empty_post_to_a_closed_call_is_still_refused_as_closed(world):
    call = open_call(
        world,
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=1),
    )
    response = Client().post(reverse("recruitment:call-public", args=[call.slug]), {})
    assert response.status_code == 409


def test_a_draft_can_be_saved_incomplete_and_resumed(world):
    call = open_call(world)
    client = Client()
    start(client, call)
    link = link_from_last_email()
    response = client.post(link, {"answers-goals": "Aprender a negociar.", "action": "draft"})
    assert response.status_code == 302
    application = Application.objects.get(call=call)
    assert application.status == Application.Status.DRAFT
    assert application.submission.status == Submission.Status.DRAFT
    # Coming back later with the same link shows what was written.
    page = Client().get(link).content.decode()
    assert "Aprender a negociar." in page


def test_a_submission_that_fails_keeps_every_answer(world):
    call = open_call(world)
    client = Client()
    start(client, call)
    link = link_from_last_email()
    data = full_answers(**{"answers-city": "", "answers-motivation": "9"})
    response = client.post(link, {**data, "action": "submit"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Quiero liderar un equipo de datos." in page
    assert 'value="Ana Torres"' in page
    assert "errorlist" in page
    application = Application.objects.get(call=call)
    assert application.status == Application.Status.DRAFT
    # The valid part was kept as a draft even though the browser is closed now.
    assert "Quiero liderar un equipo de datos." in Client().get(link).content.decode()


def test_submitting_twice_creates_one_application_and_one_confirmation(world):
    call = open_call(world)
    client = Client()
    start(client, call)
    link = link_from_last_email()
    sent_before = len(mail.outbox)
    first = client.post(link, {**full_answers(), "action": "submit"})
    second = client.post(link, {**full_answers(), "action": "submit"})
    assert first.status_code == second.status_code == 302
    assert Application.objects.filter(call=call).count() == 1
    application = Application.objects.get(call=call)
    assert application.status == Application.Status.SUBMITTED
    assert application.full_name == "Ana Torres"
    assert Submission.objects.count() == 1
    assert len(mail.outbox) == sent_before + 1
    assert "Gracias: respondemos en dos semanas." in mail.outbox[-1].body
    status_page = client.get(link).content.decode()
    assert "Gracias: respondemos en dos semanas." in status_page
    assert "Quiero liderar un equipo de datos." in status_page


def test_the_same_email_applying_again_is_told_and_resumes(world):
    call = open_call(world)
    start(Client(), call, "Ana@Example.org")
    old_link = link_from_last_email()
    start(Client(), call, "ana@example.org")
    assert Application.objects.filter(call=call).count() == 1
    assert "already started an application" in mail.outbox[-1].body
    new_link = link_from_last_email()
    assert Client().get(new_link).status_code == 200
    assert Client().get(old_link).status_code == 404


def test_after_the_closing_date_the_form_refuses_politely(world):
    call = open_call(world)
    client = Client()
    start(client, call)
    link = link_from_last_email()
    client.post(link, {"answers-goals": "Algo", "action": "draft"})
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=20), closes_at=timezone.now() - timedelta(days=1)
    )
    page = Client().get(reverse("recruitment:call-public", args=[call.slug]))
    assert "This call closed on" in page.content.decode()
    response = start(Client(), call, "late@example.org")
    assert response.status_code == 409
    assert not Application.objects.filter(email="late@example.org").exists()
    # The draft is still there, but can no longer be sent.
    response = client.post(link, {**full_answers(), "action": "submit"})
    assert response.status_code == 409
    application = Application.objects.get(email="ana@example.org")
    assert application.status == Application.Status.DRAFT
    assert "Algo" in client.get(link).content.decode()


def test_an_internal_call_only_takes_its_domains(world):
    call = open_call(world, allowed_email_domains="segurosandinos.example, @grupo.example")
    response = start(Client(), call, "someone@gmail.example")
    assert response.status_code == 422
    assert "segurosandinos.example" in response.content.decode()
    assert not Application.objects.exists()
    assert start(Client(), call, "luis@grupo.example").status_code == 302


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", "What do you want to achieve through mentoring?", "¿Qué quieres lograr"),
        ("es", "¿Qué quieres lograr con la mentoría?", "What do you want to achieve"),
    ],
)
def test_the_form_speaks_the_applicants_language(world, language, shown, hidden):
    call = open_call(world)
    client = Client(headers={"accept-language": language})
    start(client, call)
    assert Application.objects.get().language == language
    page = client.get(link_from_last_email()).content.decode()
    assert shown in page
    assert hidden not in page


def test_a_new_form_version_never_loses_an_answer_already_given(world):
    call = open_call(world)
    client = Client()
    start(client, call)
    link = link_from_last_email()
    client.post(link, {"answers-goals": "Primera versión", "action": "draft"})
    instrument = call.forms.get().instrument
    draft = version_edit(instrument=instrument)
    question_update(
        question=draft.questions.get(key="goals"),
        label="¿Cuál es tu meta?",
        label_en="What is your goal?",
    )
    version_publish(version=draft, by=world.coordinator)
    page = client.get(link).content.decode()
    assert "Primera versión" in page
    assert "What do you want to achieve through mentoring?" in page
    client.post(link, {**full_answers(), "action": "submit"})
    application = Application.objects.get()
    assert application.submission.version.number == 1
    # A newcomer gets the new version.
    start(Client(), call, "beto@example.org")
    assert "What is your goal?" in Client().get(link_from_last_email()).content.decode()


# The coordinator's call pages.

CALL_PAGES = ["recruitment:call-list", "recruitment:call-create"]


@pytest.mark.parametrize("name", CALL_PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("reviewer", 403),
        ("tutor", 403),
        ("mentor", 403),
        ("mentee", 403),
        ("observer", 403),
        ("outsider", 404),
        ("other_coordinator", 404),
    ],
)
def test_call_pages_are_for_coordinators(world, name, persona, status):
    response = client_for(getattr(world, persona)).get(reverse(name, args=[world.program.slug]))
    assert response.status_code == status


def test_call_edit_of_another_program_is_not_found(world):
    call = open_call(world)
    other = client_for(world.other_coordinator)
    url = reverse("recruitment:call-edit", args=[world.other_program.slug, call.pk])
    assert other.get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_a_coordinator_opens_a_call_from_templates(world):
    client = client_for(world.coordinator)
    data = {
        "submit_key": "6f1f6a56-8a1e-4a4c-9a53-b4bbd1d0d7c1",
        "title": "Convocatoria de mentoras",
        "slug": "",
        "wave": world.wave.pk,
        "introduction": "Únete.",
        "expectations": "Dos horas a la semana.",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2026-12-01T18:00",
        "confirmation_message": "Gracias.",
        "allowed_email_domains": "",
        "is_published": "on",
        "mentor_form": "template:mentor-application",
        "mentee_form": "template:mentee-application",
        "rubric_source": "template:screening-rubric",
    }
    response = client.post(reverse("recruitment:call-create", args=[world.program.slug]), data)
    assert response.status_code == 302
    again = client.post(reverse("recruitment:call-create", args=[world.program.slug]), data)
    assert again.status_code == 302
    call = Call.objects.get()
    assert call.slug == "convocatoria-de-mentoras"
    assert {f.role for f in call.forms.all()} == {Role.MENTOR, Role.MENTEE}
    assert all(f.instrument.versions.get().is_published for f in call.forms.all())
    assert call.rubric is not None and call.rubric.kind == "rubric"


def test_a_call_needs_a_form_and_a_closing_after_its_opening(world):
    client = client_for(world.coordinator)
    response = client.post(
        reverse("recruitment:call-create", args=[world.program.slug]),
        {
            "submit_key": "0b7f2a0e-53b8-4b2b-8c8e-3c1a3d0ad111",
            "title": "Mal",
            "introduction": "x",
            "opens_at": "2026-05-01T09:00",
            "closes_at": "2026-04-01T09:00",
            "confirmation_message": "x",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The call must close after it opens." in page
    assert "Choose an application form for at least one role." in page
    assert 'value="Mal"' in page
    assert not Call.objects.exists()


def test_an_empty_call_create_post_is_refused_with_its_errors(world):
    url = reverse("recruitment:call-create", args=[world.program.slug])
    response = client_for(world.coordinator).post(url, {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert {"title", "opens_at", "closes_at"} <= set(form.errors)
    assert "This field is required." in response.content.decode()
    assert not Call.objects.exists()


def test_an_empty_call_edit_post_is_refused_with_its_errors(world):
    call = open_call(world)
    url = reverse("recruitment:call-edit", args=[world.program.slug, call.pk])
    response = client_for(world.coordinator).post(url, {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert "title" in form.errors
    assert "This field is required." in response.content.decode()
    call.refresh_from_db()
    assert call.title == "Convocatoria 2027"
