"""Writes of growth plans: set-up, priorities, goals, progress, one submission per side."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from puente.core.permissions import Role
from puente.factories import FocusAreaFactory, ProgramFactory
from puente.instruments.models import Instrument, Submission
from puente.mentoring.models import Meeting
from puente.plans import selectors, services
from puente.plans.models import AreaQuestion, Goal, ProgressUpdate
from puente.programs.models import FocusArea

pytestmark = pytest.mark.django_db
D = Decimal


def test_assessment_setup_maps_each_scored_question_and_runs_once(world):
    FocusAreaFactory(program=world.program, name="Negociación", kind=FocusArea.Kind.PERSONAL)
    first = services.assessment_setup(
        program=world.program, template_key="personal-skills-assessment", by=world.coordinator
    )
    again = services.assessment_setup(
        program=world.program, template_key="personal-skills-assessment", by=world.coordinator
    )
    assert first == again
    assert Instrument.objects.filter(program=world.program).count() == 1
    assert first.versions.get().is_published
    mapped = {m.question_key: m.focus_area.name for m in AreaQuestion.objects.all()}
    assert mapped == {
        "negotiation": "Negociación",
        "communication": "Comunicación",
        "leadership": "Liderazgo",
        "confidence": "Confianza",
    }
    # The existing area is reused, the missing ones created with the right kind.
    assert FocusArea.objects.filter(program=world.program, name="Negociación").count() == 1
    assert set(FocusArea.objects.filter(program=world.program).values_list("kind", flat=True)) == {
        FocusArea.Kind.PERSONAL
    }


def test_improvement_areas_are_ordered_by_impact_times_urgency(world, plan):
    names = ["Precios", "Calidad", "Ventas", "Finanzas"]
    areas = [
        FocusAreaFactory(program=world.program, name=n, kind=FocusArea.Kind.BUSINESS) for n in names
    ]
    for area, (impact, urgency) in zip(areas, [(2, 5), (4, 4), (5, 2), (3, 1)], strict=True):
        services.area_prioritise(plan=plan, focus_area=area, impact=impact, urgency=urgency)
    ordered = list(selectors.improvement_areas(plan))
    # 16, then the two tens (the higher impact first), then 3.
    assert [(a.focus_area.name, a.priority) for a in ordered] == [
        ("Calidad", 16),
        ("Ventas", 10),
        ("Precios", 10),
        ("Finanzas", 3),
    ]
    # Re-rating changes the order, without a second row.
    services.area_prioritise(plan=plan, focus_area=areas[3], impact=5, urgency=5)
    assert [a.focus_area.name for a in selectors.improvement_areas(plan)][0] == "Finanzas"
    assert plan.areas.count() == 4


def test_an_area_of_another_program_is_refused(world, plan):
    other = FocusAreaFactory(program=ProgramFactory(), name="Otra")
    with pytest.raises(ValidationError):
        services.area_prioritise(plan=plan, focus_area=other, impact=3, urgency=3)


def _goal(plan, **extra):
    fields = {
        "title": "Cotizar a compradores",
        "indicator": "empresas con cotización",
        "start_value": D(0),
        "target_value": D(4),
        "starts_on": dt.date(2026, 11, 1),
        "target_date": dt.date(2026, 12, 31),
    }
    return services.goal_create(plan=plan, **{**fields, **extra})


def test_progress_updates_move_the_goal_forward(world, plan, relationship):
    goal = _goal(plan)
    assert goal.current_value == 0 and goal.progress_percent == 0
    held = relationship.meetings.get(number=1)
    held.status = Meeting.Status.HELD
    held.save()
    services.progress_record(goal=goal, by=world.mentor, value=D(1), meeting=held, note="Una")
    goal.refresh_from_db()
    assert goal.current_value == 1 and goal.progress_percent == 25
    services.progress_record(goal=goal, by=world.mentee, percent=D(75))
    goal.refresh_from_db()
    assert goal.current_value == 3 and goal.progress_percent == 75
    assert not goal.is_achieved
    services.progress_record(goal=goal, by=world.mentee, value=D(5))
    goal.refresh_from_db()
    assert goal.is_achieved and goal.progress_percent == 100
    assert list(goal.updates.values_list("value", flat=True)) == [D(5), D(3), D(1)]
    assert ProgressUpdate.objects.get(value=1).meeting == held


def test_progress_may_only_cite_a_held_meeting_of_the_relationship(world, plan, relationship):
    goal = _goal(plan)
    planned = relationship.meetings.get(number=2)
    with pytest.raises(ValidationError):
        services.progress_record(goal=goal, by=world.mentor, value=D(1), meeting=planned)
    assert goal.updates.count() == 0


def test_goal_on_track_compares_progress_with_time_gone_by(plan):
    goal = _goal(plan)  # 60 days, from 0 to 4
    goal.current_value = D(2)  # half-way
    assert goal.is_on_track(dt.date(2026, 12, 1))  # exactly half the time gone
    assert not goal.is_on_track(dt.date(2026, 12, 25))  # nine tenths of the time gone
    goal.current_value = D(4)
    assert goal.is_on_track(dt.date(2027, 2, 1))  # achieved, even late


def test_a_falling_indicator_counts_progress_downwards(plan):
    goal = _goal(plan, start_value=D(60), target_value=D(30), title="Días de cobro")
    goal.current_value = D(45)
    assert goal.progress_percent == 50


def test_each_side_answers_in_its_own_submission(world, plan, business_assessment):
    assessment = services.assessment_start(plan=plan, instrument=business_assessment)
    assert services.assessment_start(plan=plan, instrument=business_assessment) == assessment
    mine = services.assessment_answer(
        assessment=assessment, side="mentee", by=world.mentee, cleaned={"pricing": 2}, submit=True
    )
    theirs = services.assessment_answer(
        assessment=assessment, side="mentor", by=world.mentor, cleaned={"pricing": 4}, submit=False
    )
    assessment.refresh_from_db()
    assert assessment.mentee_submission == mine and assessment.mentor_submission == theirs
    assert mine != theirs and mine.respondent == world.mentee
    # A sent submission does not change again.
    services.assessment_answer(
        assessment=assessment, side="mentee", by=world.mentee, cleaned={"pricing": 5}, submit=True
    )
    assert mine.answers.get().number == 2
    assert Submission.objects.count() == 2


def test_plan_is_only_for_a_mentee_of_the_relationship(world, relationship):
    outsider = world.program.memberships.get(role=Role.MENTOR)
    with pytest.raises(ValidationError):
        services.plan_open(relationship=relationship, mentee=outsider)


def test_targets_save_sets_and_clears_levels(world, business_assessment):
    area = FocusArea.objects.get(program=world.program, name="Precios y costos")
    services.targets_save(program=world.program, levels={(area.pk, None): D(4)})
    services.targets_save(program=world.program, levels={(area.pk, None): D("4.5")})
    from puente.plans.models import AreaTarget

    assert AreaTarget.objects.get().level == D("4.5")
    services.targets_save(program=world.program, levels={(area.pk, None): None})
    assert not AreaTarget.objects.exists()
    with pytest.raises(ValidationError):
        other = FocusAreaFactory(program=ProgramFactory(), name="Ajena")
        services.targets_save(program=world.program, levels={(other.pk, None): D(3)})


def test_goal_with_a_target_date_before_its_start_is_refused(plan):
    with pytest.raises(ValidationError):
        _goal(plan, target_date=dt.date(2026, 10, 1))
    assert not Goal.objects.exists()
