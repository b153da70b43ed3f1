"""Who sees which feedback page; the 30-second form; pulses and retros; lessons learned."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.events.models import Event
from puente.factories import MembershipFactory, UserFactory
from puente.feedback import services
from puente.feedback.models import Lesson, MeetingFeedback, Pulse, PulseAnswer
from puente.feedback.tests.conftest import another_relationship, hold

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"feedback:{name}", args=[world.program.slug, *args])


def _give_url(world, relationship, number=1):
    return _url(world, "give", relationship.pk, number)


# --- My feedback ---------------------------------------------------------------------------


def test_my_feedback_anonymous_and_wrong_method(world):
    response = client_for(None).get(_url(world, "my-feedback"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client_for(world.mentee).post(_url(world, "my-feedback")).status_code == 405


def test_my_feedback_queries_do_not_grow(world, relationship):
    client = client_for(world.mentee)

    def add(numbers):
        for number in numbers:
            services.meeting_feedback_save(
                meeting=hold(relationship, number), by=world.mentee, usefulness=3
            )
            services.pulse_open(
                program=world.program,
                wave=world.wave,
                kind="pulse",
                title=f"P{number}",
                by=world.coordinator,
            )

    add([1, 2])
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(world, "my-feedback")).status_code == 200
    add([3, 4, 5, 6, 7])
    with CaptureQueriesContext(connection) as large:
        assert client.get(_url(world, "my-feedback")).text.count("3 of 5") == 7
    assert len(large) == len(small)


def test_the_live_view_is_never_cached(world):
    response = client_for(world.coordinator).get(_url(world, "live"))
    assert "no-store" in response["Cache-Control"]


# --- The 30-second form --------------------------------------------------------------------


def test_give_feedback_anonymous_wrong_method_and_unheld_meeting(world, held):
    url = _give_url(world, held.relationship)
    assert client_for(None).get(url).status_code == 302
    assert client_for(world.mentee).put(url).status_code == 405
    assert client_for(world.mentee).get(_give_url(world, held.relationship, 2)).status_code == 404
    assert client_for(world.mentee).get(_give_url(world, held.relationship, 99)).status_code == 404


def test_a_mentee_gives_feedback_and_a_second_try_edits_it(world, held):
    client = client_for(world.mentee)
    url = _give_url(world, held.relationship)
    response = client.post(url, {"usefulness": "2", "helped": "El plan", "change": ""})
    assert response.status_code == 302
    assert response["Location"] == _url(world, "my-feedback")
    response = client.get(url)
    assert re.search(r'name="usefulness" value="2"[^>]*checked', response.text)
    assert not re.search(r'name="usefulness" value="3"[^>]*checked', response.text)
    assert "El plan" in response.text
    client.post(url, {"usefulness": "4", "helped": "", "change": "Puntualidad"})
    feedback = MeetingFeedback.objects.get()
    assert (feedback.usefulness, feedback.helped, feedback.change) == (4, "", "Puntualidad")
    assert "4 of 5" in client.get(_url(world, "my-feedback")).text


def test_a_failed_feedback_form_keeps_what_was_typed(world, held):
    response = client_for(world.mentee).post(
        _give_url(world, held.relationship),
        {"usefulness": "9", "helped": "Lo que escribí", "change": "Otra cosa"},
    )
    assert response.status_code == 422
    assert "Lo que escribí" in response.text
    assert "Otra cosa" in response.text
    assert "errorlist" in response.text
    assert not MeetingFeedback.objects.exists()


def test_the_relationship_page_offers_feedback_on_held_meetings_to_the_sides(world, held):
    page = reverse("mentoring:relationship", args=[world.program.slug, held.relationship.pk])
    link = _give_url(world, held.relationship)
    assert link in client_for(world.mentee).get(page).text
    assert _give_url(world, held.relationship, 2) not in client_for(world.mentee).get(page).text
    assert link not in client_for(world.tutor).get(page).text


def test_the_other_side_never_sees_the_rating_or_comments(world, held):
    services.meeting_feedback_save(
        meeting=held, by=world.mentee, usefulness=1, change="Secreto de la mentoreada"
    )
    page = reverse("mentoring:relationship", args=[world.program.slug, held.relationship.pk])
    for url in (page, _url(world, "my-feedback"), _give_url(world, held.relationship)):
        assert "Secreto de la mentoreada" not in client_for(world.mentor).get(url).text
    assert (
        "Secreto de la mentoreada"
        in client_for(world.mentee).get(_give_url(world, held.relationship)).text
    )
    assert client_for(world.mentor).get(_url(world, "live")).status_code == 403


# --- Live view -----------------------------------------------------------------------------


def test_live_view_anonymous_wrong_method_and_other_coordinator(world):
    assert client_for(None).get(_url(world, "live")).status_code == 302
    assert client_for(world.coordinator).post(_url(world, "live")).status_code == 405
    assert client_for(world.other_coordinator).get(_url(world, "live")).status_code == 404


def test_new_feedback_shows_on_the_next_load(world, held):
    client = client_for(world.coordinator)
    assert "Me ayudó el mapa de contactos" not in client.get(_url(world, "live")).text
    services.meeting_feedback_save(
        meeting=held, by=world.mentee, usefulness=2, helped="Me ayudó el mapa de contactos"
    )
    response = client.get(_url(world, "live"))
    assert "Me ayudó el mapa de contactos" in response.text
    assert "<svg" in response.text
    board = reverse("mentoring:board", args=[world.program.slug])
    assert f"{board}#relationship-{held.relationship.pk}" in response.text


def test_a_tutor_sees_the_pairs_they_follow_and_not_the_others(world, held):
    other = another_relationship(world)
    services.meeting_feedback_save(meeting=held, by=world.mentee, usefulness=3, helped="Seguido")
    other_meeting = hold(other, 1)
    services.meeting_feedback_save(
        meeting=other_meeting, by=other.mentor.user, usefulness=1, helped="No seguido"
    )
    text = client_for(world.tutor).get(_url(world, "live")).text
    assert "Seguido" in text
    assert "No seguido" not in text
    assert "No seguido" in client_for(world.coordinator).get(_url(world, "live")).text


def _feedback_rows(world, count):
    for index in range(count):
        relationship = another_relationship(world, name=f"{index}-{count}")
        for number in (1, 2):
            meeting = hold(
                relationship, number, dt.date(2026, 10, 5) + dt.timedelta(days=7 * number + index)
            )
            services.meeting_feedback_save(
                meeting=meeting,
                by=relationship.mentor.user,
                usefulness=1 + index % 5,
                helped="Bien",
            )


def test_live_view_queries_do_not_grow(world, relationship):
    client = client_for(world.coordinator)
    _feedback_rows(world, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(world, "live")).status_code == 200
    _feedback_rows(world, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(_url(world, "live")).status_code == 200
    assert len(large) == len(small)


# --- Pulses and retros ---------------------------------------------------------------------


@pytest.fixture
def pulse(world):
    return services.pulse_open(
        program=world.program,
        wave=world.wave,
        kind="pulse",
        title="Pulso de noviembre",
        by=world.coordinator,
    )


def test_pulse_pages_anonymous_and_wrong_methods(world, pulse):
    assert client_for(None).get(_url(world, "pulses")).status_code == 302
    assert client_for(world.coordinator).get(_url(world, "pulse-open")).status_code == 405
    assert (
        client_for(world.coordinator).get(_url(world, "pulse-close", pulse.pk)).status_code == 405
    )
    assert (
        client_for(world.coordinator).post(_url(world, "pulse-results", pulse.pk)).status_code
        == 405
    )
    assert (
        client_for(world.other_coordinator).post(_url(world, "pulse-close", pulse.pk)).status_code
        == 404
    )
    assert client_for(world.mentee).post(_url(world, "pulse-close", pulse.pk)).status_code == 403


def test_a_coordinator_opens_a_pulse_once_even_when_submitting_twice(world):
    client = client_for(world.coordinator)
    data = {
        "kind": "retro",
        "title": "Mini-retro de mitad de ola",
        "wave": world.wave.pk,
        "roles": ["mentor", "mentee"],
        "submit_key": "6f1d3c1e-8b8a-4c39-9f5e-1f2b3c4d5e6f",
    }
    first = client.post(_url(world, "pulse-open"), data)
    second = client.post(_url(world, "pulse-open"), data)
    assert first.status_code == second.status_code == 302
    pulse = Pulse.objects.get()
    assert (pulse.kind, pulse.roles, pulse.opened_by) == (
        "retro",
        ["mentor", "mentee"],
        world.coordinator,
    )


def test_a_failed_pulse_form_keeps_what_was_typed(world):
    response = client_for(world.coordinator).post(
        _url(world, "pulse-open"),
        {
            "kind": "pulse",
            "title": "Lo escrito",
            "wave": "",
            "submit_key": "6f1d3c1e-8b8a-4c39-9f5e-1f2b3c4d5e60",
        },
    )
    assert response.status_code == 422
    assert 'value="Lo escrito"' in response.text
    assert not Pulse.objects.exists()


def test_members_answer_edit_and_then_the_pulse_closes(world, pulse):
    client = client_for(world.mentee)
    assert (
        client.post(
            _url(world, "pulse", pulse.pk), {"rating": "2", "comment": "Va lento"}
        ).status_code
        == 302
    )
    assert (
        client.post(_url(world, "pulse", pulse.pk), {"rating": "3", "comment": "Mejor"}).status_code
        == 302
    )
    assert PulseAnswer.objects.get().rating == 3
    assert _url(world, "pulse", pulse.pk) in client.get(_url(world, "my-feedback")).text
    assert (
        client_for(world.coordinator).post(_url(world, "pulse-close", pulse.pk)).status_code == 302
    )
    response = client.post(_url(world, "pulse", pulse.pk), {"rating": "1", "comment": "Tarde"})
    assert response.status_code == 422
    assert PulseAnswer.objects.get().rating == 3
    results = client_for(world.coordinator).get(_url(world, "pulse-results", pulse.pk)).text
    assert "Mejor" in results
    assert world.mentee.full_name not in results


def test_a_failed_pulse_answer_keeps_what_was_typed(world, pulse):
    response = client_for(world.mentor).post(
        _url(world, "pulse", pulse.pk), {"rating": "", "comment": "Mi comentario"}
    )
    assert response.status_code == 422
    assert "Mi comentario" in response.text


def test_a_retro_asks_its_three_questions(world):
    retro = services.pulse_open(
        program=world.program,
        wave=world.wave,
        kind="retro",
        title="Retro",
        by=world.coordinator,
        roles=[Role.MENTOR],
    )
    assert client_for(world.mentee).get(_url(world, "pulse", retro.pk)).status_code == 403
    client = client_for(world.mentor)
    assert client.post(_url(world, "pulse", retro.pk), {}).status_code == 422
    client.post(_url(world, "pulse", retro.pk), {"went_well": "Kick-off", "to_try": "Duplas"})
    text = client_for(world.coordinator).get(_url(world, "pulse-results", retro.pk)).text
    assert "Kick-off" in text and "Duplas" in text


def test_pulse_list_queries_do_not_grow(world):
    client = client_for(world.coordinator)

    def add(count):
        for index in range(count):
            services.pulse_open(
                program=world.program,
                wave=world.wave,
                kind="pulse",
                title=f"P{count}-{index}",
                by=world.coordinator,
            )

    add(2)
    with CaptureQueriesContext(connection) as small:
        client.get(_url(world, "pulses"))
    add(5)
    with CaptureQueriesContext(connection) as large:
        client.get(_url(world, "pulses"))
    assert len(large) == len(small)


# --- Lessons learned -----------------------------------------------------------------------


def test_lessons_anonymous_and_wrong_method(world):
    assert client_for(None).get(_url(world, "lessons")).status_code == 302
    assert client_for(world.coordinator).put(_url(world, "lessons")).status_code == 405


def _event_with_note(world):
    start = dt.datetime(2026, 11, 10, 18, tzinfo=dt.UTC)
    return Event.objects.create(
        program=world.program,
        wave=world.wave,
        title="Ceremonia de cierre",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        lessons_what_worked="Nota de la coordinación",
        lessons_written_at=start + dt.timedelta(days=1),
    )


def test_lessons_are_written_once_and_gathered_by_theme(world):
    event = _event_with_note(world)
    data = {
        "theme": "logistics",
        "wave": world.wave.pk,
        "event": event.pk,
        "worked": "",
        "to_change": "Lección del mentor",
        "submit_key": "6f1d3c1e-8b8a-4c39-9f5e-1f2b3c4d5e61",
    }
    client = client_for(world.mentor)
    assert client.post(_url(world, "lessons"), data).status_code == 302
    assert client.post(_url(world, "lessons"), data).status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.event, lesson.author_role) == (event, "mentor")
    services.lesson_add(
        program=world.program,
        by=world.tutor,
        role="tutor",
        theme="matching",
        worked="Lección del tutor",
    )
    mentor_page = client.get(_url(world, "lessons")).text
    assert "Lección del mentor" in mentor_page
    assert "Lección del tutor" not in mentor_page
    assert "Nota de la coordinación" not in mentor_page
    page = client_for(world.coordinator).get(_url(world, "lessons")).text
    assert "Lección del mentor" in page and "Lección del tutor" in page
    assert "Nota de la coordinación" in page
    assert page.index("Lección del tutor") < page.index("Lección del mentor")  # matching first


def test_a_failed_lesson_keeps_what_was_typed(world):
    response = client_for(world.tutor).post(
        _url(world, "lessons"),
        {
            "theme": "nope",
            "worked": "Lo que funcionó",
            "submit_key": "6f1d3c1e-8b8a-4c39-9f5e-1f2b3c4d5e62",
        },
    )
    assert response.status_code == 422
    assert "Lo que funcionó" in response.text
    assert not Lesson.objects.exists()


def test_lessons_page_queries_do_not_grow(world):
    client = client_for(world.coordinator)

    def add(count):
        _event_with_note(world)
        for index in range(count):
            author = UserFactory()
            MembershipFactory(user=author, program=world.program, role=Role.MENTOR)
            services.lesson_add(
                program=world.program,
                by=author,
                role="mentor",
                theme=["tools", "meetings", "other"][index % 3],
                worked=f"L{index}",
                wave=world.wave,
                event=Event.objects.first(),
            )

    add(2)
    with CaptureQueriesContext(connection) as small:
        client.get(_url(world, "lessons"))
    add(6)
    with CaptureQueriesContext(connection) as large:
        client.get(_url(world, "lessons"))
    assert len(large) == len(small)
