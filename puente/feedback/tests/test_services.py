"""Post-meeting feedback once per meeting and person, pulses, lessons learned."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from puente.core.permissions import Role
from puente.events.models import Event
from puente.factories import MembershipFactory, UserFactory, WaveFactory
from puente.feedback import services
from puente.feedback.models import Lesson, MeetingFeedback, Pulse, PulseAnswer

pytestmark = pytest.mark.django_db


def test_each_side_gives_feedback_once_and_a_second_try_edits_it(world, held):
    services.meeting_feedback_save(meeting=held, by=world.mentee, usefulness=2, helped="Ejemplos")
    services.meeting_feedback_save(meeting=held, by=world.mentor, usefulness=5)
    again = services.meeting_feedback_save(
        meeting=held, by=world.mentee, usefulness=4, change="  Más tiempo  "
    )
    assert MeetingFeedback.objects.filter(meeting=held).count() == 2
    mine = MeetingFeedback.objects.get(meeting=held, author=world.mentee)
    assert mine.pk == again.pk
    assert (mine.usefulness, mine.helped, mine.change, mine.side) == (4, "", "Más tiempo", "mentee")
    assert MeetingFeedback.objects.get(meeting=held, author=world.mentor).side == "mentor"


def test_the_database_refuses_a_second_row_for_the_same_meeting_and_person(world, held):
    MeetingFeedback.objects.create(meeting=held, author=world.mentee, side="mentee", usefulness=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFeedback.objects.create(
            meeting=held, author=world.mentee, side="mentee", usefulness=4
        )


def test_the_database_refuses_a_rating_outside_1_to_5(world, held):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFeedback.objects.create(
            meeting=held, author=world.mentee, side="mentee", usefulness=6
        )


def test_feedback_needs_a_held_meeting(world, relationship):
    meeting = relationship.meetings.get(number=2)
    with pytest.raises(ValidationError):
        services.meeting_feedback_save(meeting=meeting, by=world.mentee, usefulness=3)


@pytest.mark.parametrize("role", ["tutor", "coordinator", "outsider"])
def test_only_the_two_sides_give_feedback(world, held, role):
    with pytest.raises(ValidationError):
        services.meeting_feedback_save(meeting=held, by=getattr(world, role), usefulness=3)
    assert not MeetingFeedback.objects.exists()


def test_a_rating_out_of_range_is_refused_before_the_database(world, held):
    with pytest.raises(ValidationError):
        services.meeting_feedback_save(meeting=held, by=world.mentee, usefulness=0)


def _pulse(world, **kwargs):
    return services.pulse_open(
        program=world.program,
        wave=world.wave,
        kind=kwargs.pop("kind", Pulse.Kind.PULSE),
        title="¿Cómo va?",
        by=world.coordinator,
        **kwargs,
    )


def test_members_answer_a_pulse_once_and_edit_until_it_closes(world):
    pulse = _pulse(world)
    services.pulse_answer_save(pulse=pulse, by=world.mentee, data={"rating": 2, "comment": "Lento"})
    services.pulse_answer_save(pulse=pulse, by=world.mentee, data={"rating": 4, "comment": ""})
    answer = PulseAnswer.objects.get()
    assert (answer.rating, answer.comment) == (4, "")
    services.pulse_close(pulse=pulse, by=world.coordinator)
    closed_at = Pulse.objects.get().closed_at
    assert closed_at is not None
    services.pulse_close(pulse=pulse, by=world.coordinator)
    assert Pulse.objects.get().closed_at == closed_at
    with pytest.raises(ValidationError):
        services.pulse_answer_save(pulse=pulse, by=world.mentee, data={"rating": 1})
    assert PulseAnswer.objects.get().rating == 4


def test_a_pulse_asks_only_its_roles_in_its_wave(world):
    pulse = _pulse(world, roles=[Role.MENTEE, "coordinator"])
    assert pulse.roles == [Role.MENTEE]
    assert services.pulse_may_answer(pulse, world.mentee)
    for role in ("mentor", "tutor", "coordinator", "observer", "outsider"):
        assert not services.pulse_may_answer(pulse, getattr(world, role))
    other_wave = WaveFactory(program=world.program, number=2)
    late = UserFactory()
    MembershipFactory(user=late, program=world.program, role=Role.MENTEE, wave=other_wave)
    assert not services.pulse_may_answer(pulse, late)
    with pytest.raises(ValidationError):
        services.pulse_answer_save(pulse=pulse, by=world.mentor, data={"rating": 3})


def test_an_empty_audience_means_mentors_mentees_and_tutors(world):
    pulse = _pulse(world, kind=Pulse.Kind.RETRO)
    assert {
        r
        for r in ("mentor", "mentee", "tutor")
        if services.pulse_may_answer(pulse, getattr(world, r))
    } == {"mentor", "mentee", "tutor"}
    assert not services.pulse_may_answer(pulse, world.reviewer)
    services.pulse_answer_save(
        pulse=pulse, by=world.tutor, data={"went_well": "Kick-off", "to_try": "Pares"}
    )
    answer = PulseAnswer.objects.get()
    assert (answer.went_well, answer.to_improve, answer.to_try, answer.rating) == (
        "Kick-off",
        "",
        "Pares",
        None,
    )


def test_a_pulse_for_another_programs_wave_is_refused(world):
    wave = WaveFactory(program=world.other_program, number=1)
    with pytest.raises(ValidationError):
        services.pulse_open(
            program=world.program, wave=wave, kind="pulse", title="x", by=world.coordinator
        )


def _event(program, wave=None):
    start = dt.datetime(2026, 11, 10, 18, tzinfo=dt.UTC)
    return Event.objects.create(
        program=program,
        wave=wave,
        title="Cierre",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )


def test_a_lesson_after_an_event_takes_the_events_wave(world):
    event = _event(world.program, world.wave)
    lesson = services.lesson_add(
        program=world.program,
        by=world.mentor,
        role=Role.MENTOR,
        theme=Lesson.Theme.LOGISTICS,
        to_change="Sala más grande",
        event=event,
    )
    assert (lesson.wave, lesson.event, lesson.author_role) == (world.wave, event, "mentor")


def test_a_lesson_says_something_and_stays_in_its_program(world):
    with pytest.raises(ValidationError):
        services.lesson_add(
            program=world.program, by=world.mentor, role="mentor", theme="tools", worked=" "
        )
    with pytest.raises(ValidationError):
        services.lesson_add(
            program=world.program,
            by=world.coordinator,
            role="coordinator",
            theme="tools",
            worked="x",
            event=_event(world.other_program),
        )
    assert not Lesson.objects.exists()
