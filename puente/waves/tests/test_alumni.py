"""Alumni as mentors: a wave's mentees invited back, once per person per call or wave."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, WaveFactory
from puente.mentoring.models import Relationship
from puente.programs.access import ProgramAccess
from puente.programs.models import Invitation
from puente.recruitment.models import Application
from puente.recruitment.selectors import applications_for_call
from puente.recruitment.services import call_weights
from puente.waves import services
from puente.waves.models import AlumniInvitation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def completed(world, first_wave, relationship):
    relationship.status = Relationship.Status.COMPLETED
    relationship.save()
    return relationship


def test_completed_mentees_are_invited_to_the_call_once_in_their_language(
    world, completed, mentor_call
):
    world.mentee.language = "es"
    world.mentee.save()
    first = services.alumni_invite(wave=world.wave, by=world.coordinator, call=mentor_call)
    second = services.alumni_invite(wave=world.wave, by=world.coordinator, call=mentor_call)

    assert (first.sent, second.sent, second.already_invited) == (1, 0, 1)
    assert AlumniInvitation.objects.filter(call=mentor_call).count() == 1
    (message,) = mail.outbox
    assert message.to == [world.mentee.email]
    assert "mentor" in message.subject
    assert reverse("recruitment:call-public", args=[mentor_call.slug]) in message.body


def test_each_email_is_in_the_person_language(world, completed, mentor_call, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "send_templated_email", lambda **kw: sent.append(kw))
    world.mentee.language = "es"
    world.mentee.save()
    services.alumni_invite(wave=world.wave, by=world.coordinator, call=mentor_call)
    assert [(m["to"], m["language"]) for m in sent] == [(world.mentee.email, "es")]


def test_only_completed_unless_all_are_chosen(world, completed, mentor_call):
    other = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
    only_completed = services.alumni_invite(wave=world.wave, by=world.coordinator, call=mentor_call)
    everyone = services.alumni_invite(
        wave=world.wave, by=world.coordinator, call=mentor_call, completed_only=False
    )
    assert only_completed.sent == 1
    assert (everyone.sent, everyone.already_invited) == (1, 1)
    assert set(AlumniInvitation.objects.values_list("user", flat=True)) == {
        world.mentee.pk,
        other.user_id,
    }


def test_people_already_mentors_in_the_target_wave_are_left_out(world, completed):
    next_wave = WaveFactory(program=world.program, number=2)
    MembershipFactory(user=world.mentee, program=world.program, role=Role.MENTOR, wave=next_wave)
    sent = services.alumni_invite(wave=world.wave, by=world.coordinator, target_wave=next_wave)
    assert (sent.sent, sent.already_mentors) == (0, 1)
    assert not mail.outbox


def test_inviting_to_a_wave_uses_the_program_invitation_as_mentor(world, completed):
    next_wave = WaveFactory(program=world.program, number=2)
    services.alumni_invite(wave=world.wave, by=world.coordinator, target_wave=next_wave)
    services.alumni_invite(wave=world.wave, by=world.coordinator, target_wave=next_wave)
    (invitation,) = Invitation.objects.filter(wave=next_wave)
    assert (invitation.email, invitation.role) == (world.mentee.email, Role.MENTOR)
    assert len(mail.outbox) == 1


def test_mentee_applicants_are_marked_alumni_in_the_list(world, completed, mentor_call):
    for email in (world.mentee.email, "new@example.org"):
        Application.objects.create(
            call=mentor_call,
            role=Role.MENTOR,
            email=email,
            status="submitted",
            token_hash=uuid.uuid4().hex,
        )
    access = ProgramAccess(
        program=world.program, user=world.coordinator, roles=frozenset({Role.COORDINATOR})
    )
    rows = applications_for_call(access, mentor_call, weights=call_weights(mentor_call))
    assert {a.email: a.was_mentee for a in rows} == {
        world.mentee.email: True,
        "new@example.org": False,
    }
    page = client_for(world.coordinator).get(
        reverse("recruitment:application-list", args=[world.program.slug, mentor_call.pk])
    )
    assert page.content.decode().count('class="badge alumni"') == 1


def _url(world) -> str:
    return reverse("waves:alumni-invite", args=[world.program.slug, world.wave.number])


def test_the_page_sends_once_on_double_submit(world, completed, mentor_call):
    client = client_for(world.coordinator)
    data = {"who": "completed", "call": mentor_call.pk, "submit_key": str(uuid.uuid4())}
    assert client.post(_url(world), data).status_code == 302
    assert client.post(_url(world), data).status_code == 302
    assert len(mail.outbox) == 1
    page = client.get(_url(world))
    assert world.mentee.full_name in page.content.decode()


def test_the_page_asks_for_one_target(world, completed, mentor_call):
    response = client_for(world.coordinator).post(
        _url(world), {"who": "all", "submit_key": str(uuid.uuid4())}
    )
    assert response.status_code == 422
    assert "Choose either a call or a wave." in response.content.decode()
    assert not AlumniInvitation.objects.exists()


def test_an_empty_post_is_refused_with_its_errors(world, completed, mentor_call):
    response = client_for(world.coordinator).post(_url(world), {})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.is_bound
    assert {"who", "submit_key"} <= set(form.errors)
    assert "This field is required." in response.content.decode()
    assert not AlumniInvitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("mentor", 403), ("mentee", 403), ("observer", 403), ("outsider", 404)],
)
def test_only_coordinators_invite_alumni(world, first_wave, who, status):
    assert client_for(getattr(world, who)).get(_url(world)).status_code == status


def test_alumni_page_anonymous_and_wrong_method(world, first_wave):
    response = client_for(None).get(_url(world))
    assert response.status_code == 302 and "login" in response.url
    assert client_for(world.coordinator).put(_url(world)).status_code == 405
