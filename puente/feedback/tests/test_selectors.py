"""The live view's figures on a hand-worked example."""

import datetime as dt
from decimal import Decimal

import pytest

from puente.feedback import selectors
from puente.feedback.models import MeetingFeedback
from puente.feedback.tests.conftest import another_relationship, hold
from puente.mentoring import services as mentoring_services
from puente.programs.access import ProgramAccess, program_roles
from puente.programs.models import FocusArea

pytestmark = pytest.mark.django_db


def _access(world, user):
    return ProgramAccess(world.program, user, program_roles(user, world.program))


def _give(meeting, user, side, usefulness, **texts):
    return MeetingFeedback.objects.create(
        meeting=meeting, author=user, side=side, usefulness=usefulness, **texts
    )


@pytest.fixture
def example(world, relationship):
    """R1 (the world's pair, followed by the world's tutor) and R2 (another pair):

    week of Mon 2 Nov:  R1 m1 mentor 4, mentee 2; R2 m1 mentor 5      -> mean 11/3 = 3.67, n 3
    week of Mon 9 Nov:  R1 m2 mentee 1; R2 m2 mentee 4, mentor 5      -> mean 10/3 = 3.33, n 3
    week of Mon 16 Nov: R1 m3 mentor 3                                -> mean 3.00, n 1
    R1: (4 + 2 + 1 + 3) / 4 = 2.50;  R2: (5 + 4 + 5) / 3 = 4.67
    """
    r2 = another_relationship(world)
    r2_mentor = r2.mentor.user
    r2_mentee = r2.mentees.get().user
    r1m1 = hold(relationship, 1, dt.date(2026, 11, 4))
    r1m2 = hold(relationship, 2, dt.date(2026, 11, 15))
    r1m3 = hold(relationship, 3, dt.date(2026, 11, 16))
    r2m1 = hold(r2, 1, dt.date(2026, 11, 2))
    r2m2 = hold(r2, 2, dt.date(2026, 11, 9))
    _give(r1m1, world.mentor, "mentor", 4, helped="La agenda")
    _give(r1m1, world.mentee, "mentee", 2, change="Más ejemplos")
    _give(r1m2, world.mentee, "mentee", 1)
    _give(r1m3, world.mentor, "mentor", 3)
    _give(r2m1, r2_mentor, "mentor", 5)
    _give(r2m2, r2_mentee, "mentee", 4, helped="Contactos")
    _give(r2m2, r2_mentor, "mentor", 5)
    return relationship, r2


def test_weekly_mean_and_count(world, example):
    feedback = selectors.feedback_visible(_access(world, world.coordinator))
    weeks = [(w.starts_on, w.mean, w.count) for w in selectors.weekly_trend(feedback)]
    assert weeks == [
        (dt.date(2026, 11, 2), Decimal("3.67"), 3),
        (dt.date(2026, 11, 9), Decimal("3.33"), 3),
        (dt.date(2026, 11, 16), Decimal("3.00"), 1),
    ]


def test_lowest_rated_relationships_come_first(world, example):
    r1, r2 = example
    feedback = selectors.feedback_visible(_access(world, world.coordinator))
    ranked = selectors.lowest_rated(feedback)
    assert [(r.pk, r.feedback_mean, r.feedback_count) for r in ranked] == [
        (r1.pk, Decimal("2.50"), 4),
        (r2.pk, Decimal("4.67"), 3),
    ]
    assert [r.pk for r in selectors.lowest_rated(feedback, limit=1)] == [r1.pk]


def test_the_tutor_sees_only_the_pairs_they_follow(world, example):
    r1, _r2 = example
    feedback = selectors.feedback_visible(_access(world, world.tutor))
    assert feedback.count() == 4
    assert {w.count for w in selectors.weekly_trend(feedback)} == {2, 1}
    assert [r.pk for r in selectors.lowest_rated(feedback)] == [r1.pk]


@pytest.mark.parametrize("role", ["mentor", "mentee", "observer", "reviewer"])
def test_the_pairs_and_observers_see_no_ones_feedback(world, example, role):
    assert not selectors.feedback_visible(_access(world, getattr(world, role))).exists()


def test_filters_by_wave_and_track(world, example):
    access = _access(world, world.coordinator)
    assert selectors.feedback_visible(access, wave_id=world.wave.pk).count() == 7
    assert selectors.feedback_visible(access, wave_id=world.wave.pk + 99).count() == 0
    assert selectors.feedback_visible(access, track_id=world.track.pk).count() == 7


def test_comments_are_grouped_by_the_focus_areas_of_the_meetings_log(world, relationship):
    finance = FocusArea.objects.create(program=world.program, name="Finanzas", kind="business")
    sales = FocusArea.objects.create(program=world.program, name="Ventas", kind="business")
    first = relationship.meetings.get(number=1)
    mentoring_services.meeting_log(
        meeting=first,
        by=world.mentor,
        data={"held": True, "duration_minutes": 60, "topics": "x", "focus_areas": [finance, sales]},
    )
    second = hold(relationship, 2)
    _give(first, world.mentee, "mentee", 2, change="Más práctica")
    _give(first, world.mentor, "mentor", 5)  # no text: not a comment
    _give(second, world.mentee, "mentee", 4, helped="El ejercicio")
    groups = selectors.comments_by_focus_area(
        selectors.feedback_visible(_access(world, world.coordinator))
    )
    assert [
        (g.focus_area.name if g.focus_area else None, [c.usefulness for c in g.comments])
        for g in groups
    ] == [("Finanzas", [2]), ("Ventas", [2]), (None, [4])]


def test_feedback_to_give_lists_my_held_meetings_with_my_own_answer(world, relationship):
    first = hold(relationship, 1)
    hold(relationship, 2)
    _give(first, world.mentor, "mentor", 5)
    mentee_view = selectors.feedback_to_give(_access(world, world.mentee))
    assert [(m.number, m.my_feedback) for m in mentee_view] == [(2, None), (1, None)]
    mentor_view = selectors.feedback_to_give(_access(world, world.mentor))
    assert [(m.number, m.my_feedback and m.my_feedback.usefulness) for m in mentor_view] == [
        (2, None),
        (1, 5),
    ]
    assert selectors.feedback_to_give(_access(world, world.tutor)) == []
