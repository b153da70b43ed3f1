"""Changing and deleting an improvement area, a goal or an action of a plan: who may, what a
failed form keeps, what a deletion does to what depends on it, and that objects of other plans
are never reached."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import FocusAreaFactory, MembershipFactory, UserFactory
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import SessionPlan
from puente.plans import services
from puente.plans.models import Goal, GrowthPlan, ImprovementArea, PlanAction, ProgressUpdate
from puente.programs.models import FocusArea

pytestmark = pytest.mark.django_db
D = Decimal


@dataclass
class Items:
    area: ImprovementArea
    goal: Goal
    action: PlanAction


def _items(plan: GrowthPlan, name: str = "Precios y costos") -> Items:
    focus = FocusAreaFactory(
        program=plan.relationship.program, name=name, kind=FocusArea.Kind.BUSINESS
    )
    area = services.area_prioritise(plan=plan, focus_area=focus, impact=4, urgency=3, note="Caro")
    goal = services.goal_create(
        plan=plan,
        area=area,
        title="Cotizar a tres compradores",
        indicator="compradores con cotización",
        target_value=D(3),
        target_date=dt.date(2027, 1, 31),
        starts_on=dt.date(2026, 11, 1),
    )
    action = services.action_create(
        plan=plan,
        goal=goal,
        title="Preparar la ficha técnica",
        owner="mentee",
        due_on=dt.date(2026, 12, 15),
    )
    return Items(area=area, goal=goal, action=action)


@pytest.fixture
def items(plan) -> Items:
    return _items(plan)


def _url(plan: GrowthPlan, name: str, *pk: int) -> str:
    program = plan.relationship.program
    return reverse(f"plans:{name}", args=[program.slug, plan.relationship_id, plan.mentee_id, *pk])


def _edit_and_delete(plan: GrowthPlan, items: Items) -> list[tuple[str, str]]:
    return [
        (_url(plan, "area-edit", items.area.pk), _url(plan, "area-delete", items.area.pk)),
        (_url(plan, "goal-edit", items.goal.pk), _url(plan, "goal-delete", items.goal.pk)),
        (_url(plan, "action-edit", items.action.pk), _url(plan, "action-delete", items.action.pk)),
    ]


def _counts() -> tuple[int, int, int]:
    return ImprovementArea.objects.count(), Goal.objects.count(), PlanAction.objects.count()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("tutor", 403),
        ("coordinator", 403),
        ("reviewer", 404),
        ("observer", 404),
        ("outsider", 404),
        ("other_coordinator", 404),
    ],
)
def test_only_the_plans_two_sides_delete(world, plan, items, role, status):
    client = client_for(getattr(world, role))
    for _edit, delete in _edit_and_delete(plan, items):
        assert client.post(delete).status_code == status, delete
    assert _counts() == (1, 1, 1)


@pytest.mark.parametrize("role", ["mentor", "mentee"])
def test_the_mentor_and_the_mentee_delete(world, plan, items, role):
    client = client_for(getattr(world, role))
    for _edit, delete in reversed(_edit_and_delete(plan, items)):
        response = client.post(delete)
        assert response.status_code == 302
        assert response["Location"].startswith(_url(plan, "plan") + "#")
    assert _counts() == (0, 0, 0)


def test_anonymous_goes_to_login_and_nothing_changes(plan, items):
    client = client_for(None)
    for edit, delete in _edit_and_delete(plan, items):
        for response in (client.get(edit), client.post(edit, {}), client.post(delete)):
            assert response.status_code == 302 and "login" in response["Location"]
    assert _counts() == (1, 1, 1)


def test_wrong_method_is_405(world, plan, items):
    client = client_for(world.mentor)
    for edit, delete in _edit_and_delete(plan, items):
        assert client.get(delete).status_code == 405
        assert client.put(edit).status_code == 405
        assert client.delete(edit).status_code == 405
    assert _counts() == (1, 1, 1)


def test_plan_page_shows_edit_and_delete_only_to_those_who_may(world, plan, items):
    links = [url for pair in _edit_and_delete(plan, items) for url in pair]
    for role, shown in [("mentor", True), ("mentee", True), ("tutor", False)]:
        page = client_for(getattr(world, role)).get(_url(plan, "plan"))
        assert page.status_code == 200
        for url in links:
            assert (url in page.text) is shown, (role, url)
    coordinator = client_for(world.coordinator).get(_url(plan, "plan"))
    assert not any(url in coordinator.text for url in links)


# --- Objects of other plans --------------------------------------------------------------------


@pytest.fixture
def circle_plan(world, relationship) -> GrowthPlan:
    """A second mentee in the world's relationship (a circle), with a plan of their own."""
    other = MembershipFactory(
        user=UserFactory(email="segunda@example.org", full_name="Segunda Empresa"),
        program=world.program,
        role=Role.MENTEE,
    )
    relationship.mentees.add(other)
    return services.plan_open(relationship=relationship, mentee=other)


def test_objects_of_another_plan_are_404_through_this_plans_address(
    world, plan, items, circle_plan
):
    theirs = _items(circle_plan, name="Calidad")
    client = client_for(world.mentor)  # the mentor may write both plans, but not across them
    for name, pk in [
        ("area", theirs.area.pk),
        ("goal", theirs.goal.pk),
        ("action", theirs.action.pk),
    ]:
        assert client.get(_url(plan, f"{name}-edit", pk)).status_code == 404
        assert client.post(_url(plan, f"{name}-edit", pk), {}).status_code == 404
        assert client.post(_url(plan, f"{name}-delete", pk)).status_code == 404
    assert _counts() == (2, 2, 2)


def test_a_mentee_of_a_circle_never_reaches_another_mentees_plan(world, plan, circle_plan):
    theirs = _items(circle_plan, name="Calidad")
    client = client_for(world.mentee)
    for edit, delete in _edit_and_delete(circle_plan, theirs):
        assert client.get(edit).status_code == 404
        assert client.post(delete).status_code == 404
    mine = _items(plan)
    second = client_for(circle_plan.mentee.user)
    for edit, delete in _edit_and_delete(plan, mine):
        assert second.get(edit).status_code == 404
        assert second.post(delete).status_code == 404
    assert _counts() == (2, 2, 2)


def test_objects_of_another_programs_plan_are_404(world, plan, items):
    other = world.other_program
    mentor = MembershipFactory(program=other, role=Role.MENTOR)
    mentee = MembershipFactory(program=other, role=Role.MENTEE)
    SessionPlan.objects.create(program=other, meetings=6, span_weeks=12)
    Match.objects.create(program=other, mentor=mentor, mentee=mentee)
    (relationship,) = mentoring.relationships_from_matches(program=other)
    theirs = _items(services.plan_open(relationship=relationship, mentee=mentee))
    client = client_for(world.mentor)
    for name, pk in [
        ("area", theirs.area.pk),
        ("goal", theirs.goal.pk),
        ("action", theirs.action.pk),
    ]:
        assert client.get(_url(plan, f"{name}-edit", pk)).status_code == 404
        assert client.post(_url(plan, f"{name}-delete", pk)).status_code == 404
    assert _counts() == (2, 2, 2)


# --- Editing -----------------------------------------------------------------------------------


def test_goal_edit_shows_the_goal_and_saves_the_changes(world, plan, items):
    client = client_for(world.mentee)
    url = _url(plan, "goal-edit", items.goal.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Cotizar a tres compradores"' in page.text
    assert 'value="2027-01-31"' in page.text
    assert f'<option value="{items.area.pk}" selected>' in page.text
    response = client.post(
        url,
        {
            "goal-title": "Cotizar a cinco compradores",
            "goal-area": "",
            "goal-indicator": "compradores con cotización",
            "goal-start_value": "1",
            "goal-target_value": "5",
            "goal-target_date": "2027-03-31",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(plan, "plan") + f"#goal-{items.goal.pk}"
    goal = Goal.objects.get()
    assert (goal.title, goal.area, goal.target_value) == ("Cotizar a cinco compradores", None, 5)
    assert goal.target_date == dt.date(2027, 3, 31)
    # No progress recorded yet: the current value follows the new starting value.
    assert goal.start_value == goal.current_value == 1


def test_a_failed_goal_edit_keeps_what_was_typed(world, plan, items):
    url = _url(plan, "goal-edit", items.goal.pk)
    data = {
        "goal-title": "Un título nuevo",
        "goal-indicator": "compradores con cotización",
        "goal-start_value": "3",
        "goal-target_value": "3",
        "goal-target_date": "2027-01-31",
    }
    response = client_for(world.mentor).post(url, data)
    assert response.status_code == 422
    assert 'value="Un título nuevo"' in response.text
    assert "The target must differ from the starting value." in response.text
    # A target date before the goal started: refused by the service, shown by the field.
    early = client_for(world.mentor).post(
        url, {**data, "goal-target_value": "6", "goal-target_date": "2026-10-01"}
    )
    assert early.status_code == 422
    assert "The target date cannot be before the start." in early.text
    assert 'value="Un título nuevo"' in early.text
    assert Goal.objects.get().title == "Cotizar a tres compradores"


def test_area_edit_rerates_and_keeps_typed_text_on_error(world, plan, items):
    client = client_for(world.mentor)
    url = _url(plan, "area-edit", items.area.pk)
    page = client.get(url)
    assert page.status_code == 200 and "Precios y costos" in page.text and "Caro" in page.text
    bad = client.post(url, {"area-impact": "9", "area-urgency": "5", "area-note": "Muy caro"})
    assert bad.status_code == 422 and "Muy caro" in bad.text
    ok = client.post(url, {"area-impact": "2", "area-urgency": "5", "area-note": "Muy caro"})
    assert ok["Location"] == _url(plan, "plan") + f"#area-{items.area.pk}"
    area = ImprovementArea.objects.get()
    assert (area.impact, area.urgency, area.priority, area.note) == (2, 5, 10, "Muy caro")


def test_action_edit_changes_everything_but_only_toward_this_plans_goals(
    world, plan, items, circle_plan
):
    theirs = _items(circle_plan, name="Calidad")
    client = client_for(world.mentee)
    url = _url(plan, "action-edit", items.action.pk)
    page = client.get(url)
    assert 'value="Preparar la ficha técnica"' in page.text
    assert f'<option value="{theirs.goal.pk}"' not in page.text
    data = {
        "action-title": "Preparar dos fichas técnicas",
        "action-goal": str(theirs.goal.pk),
        "action-owner": "mentor",
        "action-due_on": "2027-01-10",
        "action-status": "doing",
        "action-resource_title": "Módulo: fichas",
        "action-resource_url": "https://example.org/fichas",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422 and "Preparar dos fichas técnicas" in refused.text
    assert client.post(url, {**data, "action-goal": str(items.goal.pk)}).status_code == 302
    action = PlanAction.objects.get(pk=items.action.pk)
    assert (action.title, action.owner, action.status) == (
        "Preparar dos fichas técnicas",
        "mentor",
        PlanAction.Status.DOING,
    )
    assert action.due_on == dt.date(2027, 1, 10) and action.goal == items.goal
    assert action.resource_url == "https://example.org/fichas"


# --- Deleting: what happens to what depends on it ----------------------------------------------


def test_deleting_an_area_keeps_its_goals(world, plan, items):
    response = client_for(world.mentor).post(_url(plan, "area-delete", items.area.pk))
    assert response["Location"] == _url(plan, "plan") + "#areas"
    assert not ImprovementArea.objects.exists()
    goal = Goal.objects.get()
    assert goal.area is None and goal.actions.get() == items.action


def test_deleting_a_goal_keeps_its_actions_without_a_goal(world, plan, items):
    page = client_for(world.mentor).get(_url(plan, "plan"))
    assert "Its action stays in the plan, without a goal." in page.text
    response = client_for(world.mentor).post(_url(plan, "goal-delete", items.goal.pk))
    assert response["Location"] == _url(plan, "plan") + "#goals"
    assert _messages(response) == ["Goal deleted."]
    assert not Goal.objects.exists()
    assert PlanAction.objects.get().goal is None


def test_a_goal_with_progress_updates_is_not_deleted(world, plan, items):
    services.progress_record(goal=items.goal, by=world.mentor, value=D(1), note="Una cotización")
    page = client_for(world.mentor).get(_url(plan, "plan"))
    assert "This goal has progress updates" in page.text
    assert _url(plan, "goal-delete", items.goal.pk) not in page.text
    response = client_for(world.mentor).post(_url(plan, "goal-delete", items.goal.pk))
    assert response["Location"] == _url(plan, "plan") + f"#goal-{items.goal.pk}"
    assert "it cannot be deleted" in _messages(response)[0]
    assert Goal.objects.get() == items.goal and ProgressUpdate.objects.count() == 1
    # Still editable: the current value stays the recorded one when the start moves.
    client_for(world.mentor).post(
        _url(plan, "goal-edit", items.goal.pk),
        {
            "goal-title": "Cotizar",
            "goal-indicator": "cotizaciones",
            "goal-start_value": "0.5",
            "goal-target_value": "3",
            "goal-target_date": "2027-01-31",
        },
    )
    goal = Goal.objects.get()
    assert (goal.title, goal.start_value, goal.current_value) == ("Cotizar", D("0.5"), 1)


def test_deleting_twice_is_harmless(world, plan, items):
    client = client_for(world.mentee)
    other = services.action_create(
        plan=plan, title="Otra", owner="mentor", due_on=dt.date(2026, 12, 1)
    )
    url = _url(plan, "action-delete", items.action.pk)
    first, second = client.post(url), client.post(url)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == _url(plan, "plan") + "#actions"
    assert _messages(second)[-1] == "This was already deleted."
    assert list(PlanAction.objects.all()) == [other]
    goal_url = _url(plan, "goal-delete", items.goal.pk)
    assert client.post(goal_url).status_code == client.post(goal_url).status_code == 302
    assert not Goal.objects.exists() and ImprovementArea.objects.count() == 1


# --- Services ----------------------------------------------------------------------------------


def test_services_refuse_objects_of_another_plan(plan, items, circle_plan):
    theirs = _items(circle_plan, name="Calidad")
    with pytest.raises(ValidationError) as goal_error:
        services.goal_update(
            goal=items.goal,
            title="x",
            indicator="y",
            start_value=D(0),
            target_value=D(1),
            target_date=dt.date(2027, 1, 1),
            area=theirs.area,
        )
    assert "area" in goal_error.value.message_dict
    with pytest.raises(ValidationError) as action_error:
        services.action_update(
            action=items.action,
            title="x",
            owner="mentee",
            due_on=dt.date(2027, 1, 1),
            status="todo",
            goal=theirs.goal,
        )
    assert "goal" in action_error.value.message_dict
    items.goal.refresh_from_db()
    items.action.refresh_from_db()
    assert items.goal.area == items.area and items.action.goal == items.goal


def test_delete_services_do_nothing_the_second_time(items):
    for delete in (
        lambda: services.action_delete(action=items.action),
        lambda: services.goal_delete(goal=items.goal),
        lambda: services.area_delete(area=items.area),
    ):
        delete()
        delete()
    assert _counts() == (0, 0, 0)


def test_area_update_validates_the_ratings(items):
    with pytest.raises(ValidationError):
        services.area_update(area=items.area, impact=6, urgency=1)
    items.area.refresh_from_db()
    assert items.area.impact == 4


def test_changes_and_deletions_are_in_the_audit_trail(world, plan, items):
    client = client_for(world.mentor)
    client.post(
        _url(plan, "area-edit", items.area.pk),
        {"area-impact": "5", "area-urgency": "5", "area-note": "Urgente"},
    )
    client.post(_url(plan, "action-delete", items.action.pk))
    for obj, action in [
        (items.area, LogEntry.Action.UPDATE),
        (items.action, LogEntry.Action.DELETE),
    ]:
        entry = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        ).latest("pk")
        assert (entry.action, entry.actor) == (action, world.mentor)
