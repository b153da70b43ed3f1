"""Who sees and edits which plan page; forms that fail keep their input; double submits; the
coordinator's overview in a fixed number of queries."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import Meeting
from puente.plans import services
from puente.plans.models import Goal, GrowthPlan, PlanAction, ProgressUpdate

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"plans:{name}", args=[world.program.slug, *args])


def _plan_url(world, relationship, name="plan"):
    mentee = relationship.mentees.get()
    return _url(world, name, relationship.pk, mentee.pk)


@pytest.mark.parametrize(
    ("role", "can_edit"),
    [("coordinator", False), ("tutor", False), ("mentor", True), ("mentee", True)],
)
def test_plan_page_is_editable_by_its_two_sides_only(
    world, relationship, business_assessment, role, can_edit
):
    """Who reaches the page: the permission matrix; here, who gets its forms."""
    response = client_for(getattr(world, role)).get(_plan_url(world, relationship))
    assert ('class="stack goal-form"' in response.text) is can_edit
    assert ("Read only" in response.text) is not can_edit


def test_relationship_plan_redirects_to_the_mentees_plan(world, relationship):
    response = client_for(world.mentor).get(_url(world, "relationship", relationship.pk))
    assert response["Location"] == _plan_url(world, relationship)
    assert client_for(world.observer).get(
        _url(world, "relationship", relationship.pk)
    ).status_code == (404)


def test_relationship_page_links_to_its_plan(world, relationship):
    page = client_for(world.mentor).get(
        reverse("mentoring:relationship", args=[world.program.slug, relationship.pk])
    )
    assert _url(world, "relationship", relationship.pk) in page.text


@pytest.mark.parametrize(
    ("role", "status"), [("tutor", 403), ("coordinator", 403), ("mentor", 302), ("mentee", 302)]
)
def test_only_the_two_sides_write(world, relationship, role, status):
    data = {"area-impact": "3"}
    response = client_for(getattr(world, role)).post(_plan_url(world, relationship, "buyer"), data)
    assert response.status_code == status
    if status == 403:
        assert not GrowthPlan.objects.exists()


def test_wrong_method_is_405(world, relationship):
    client = client_for(world.mentor)
    assert client.post(_plan_url(world, relationship)).status_code == 405
    assert client.get(_plan_url(world, relationship, "goal-add")).status_code == 405
    assert client.post(_url(world, "overview")).status_code == 405
    assert client_for(world.coordinator).get(_url(world, "setup")).status_code == 405


@pytest.fixture
def circle(world, relationship):
    """The world's relationship turned into a circle with a second mentee."""
    other = MembershipFactory(
        user=UserFactory(email="segunda@example.org", full_name="Segunda Empresa"),
        program=world.program,
        role=Role.MENTEE,
    )
    relationship.mentees.add(other)
    return other


def test_a_mentee_never_sees_another_mentees_plan_or_assessment(
    world, relationship, circle, business_assessment
):
    plan = services.plan_open(relationship=relationship, mentee=circle)
    assessment = services.assessment_start(plan=plan, instrument=business_assessment)
    services.assessment_answer(
        assessment=assessment, side="mentee", by=circle.user, cleaned={"pricing": 1}, submit=True
    )
    client = client_for(world.mentee)
    other_plan = _url(world, "plan", relationship.pk, circle.pk)
    assert client.get(other_plan).status_code == 404
    assert client.get(other_plan.rstrip("/") + f"/assessments/{assessment.pk}/").status_code == 404
    assert client.post(other_plan + "goals/", {}).status_code == 404
    mine = client.get(_url(world, "mine"))
    assert other_plan not in mine.text and "Segunda Empresa" not in mine.text
    own = client.get(_url(world, "plan", relationship.pk, world.mentee.memberships.get().pk))
    assert "Segunda Empresa" not in own.text
    # The mentor sees both.
    assert client_for(world.mentor).get(other_plan).status_code == 200
    # The second mentee cannot write the first one's plan either.
    first_plan = _url(world, "plan", relationship.pk, world.mentee.memberships.get().pk)
    assert client_for(circle.user).post(first_plan + "goals/", {}).status_code == 404


def test_a_mentee_fills_their_own_assessment_and_the_chart_appears(
    world, relationship, business_assessment
):
    client = client_for(world.mentee)
    start = client.post(
        _plan_url(world, relationship, "assessment-start"),
        {"instrument": business_assessment.pk},
    )
    assert start.status_code == 302
    form_page = client.get(start["Location"])
    assert form_page.status_code == 200 and 'name="answers-pricing"' in form_page.text
    # A missing required answer keeps what was typed, with a 422.
    partial = client.post(start["Location"], {"answers-pricing": "2", "action": "submit"})
    assert partial.status_code == 422
    assert re.search(r'name="answers-pricing" value="2"[^>]*checked', partial.text)
    values = {
        f"answers-{key}": "3"
        for key in (
            "formal_registration",
            "finances_cash_flow",
            "purchase_orders",
            "quality_certifications",
            "pricing",
            "b2b_sales",
            "digital_presence",
        )
    }
    done = client.post(start["Location"], {**values, "action": "submit"})
    assert done.status_code == 302
    page = client.get(_plan_url(world, relationship))
    assert "<svg" in page.text and 'role="img"' in page.text and "<desc" in page.text
    assert 'id="gap-table"' in page.text
    # Sending again changes nothing.
    client.post(start["Location"], {**values, "answers-pricing": "5", "action": "submit"})
    plan = GrowthPlan.objects.get()
    assert plan.assessments.get().mentee_submission.answers.get(question__key="pricing").number == 3
    # Readers may not open the fill page.
    assert client_for(world.tutor).get(start["Location"]).status_code == 403


def _goal_data(**extra):
    return {
        "goal-submit_key": "8d1f6a9e-1f7b-4c56-9a0e-2b7f4f1f0a11",
        "goal-title": "Cotizar a tres compradores",
        "goal-indicator": "compradores con cotización",
        "goal-start_value": "0",
        "goal-target_value": "3",
        "goal-target_date": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        **extra,
    }


def test_adding_a_goal_twice_makes_one(world, relationship):
    client = client_for(world.mentor)
    url = _plan_url(world, relationship, "goal-add")
    first = client.post(url, _goal_data())
    second = client.post(url, _goal_data())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Goal.objects.count() == 1


def test_a_failed_goal_keeps_what_was_typed(world, relationship):
    response = client_for(world.mentee).post(
        _plan_url(world, relationship, "goal-add"),
        _goal_data(**{"goal-target_value": "0", "goal-target_date": ""}),
    )
    assert response.status_code == 422
    assert "Cotizar a tres compradores" in response.text
    assert "The target must differ from the starting value." in response.text
    assert not Goal.objects.exists()


def test_progress_form_offers_held_meetings_and_moves_the_goal(world, relationship):
    plan = services.plan_open(relationship=relationship, mentee=relationship.mentees.get())
    goal = services.goal_create(
        plan=plan,
        title="Cotizar",
        indicator="cotizaciones",
        target_value=Decimal(4),
        target_date=timezone.localdate() + dt.timedelta(days=60),
    )
    held = relationship.meetings.get(number=1)
    mentoring.meeting_log(meeting=held, by=world.mentor, data={"held": True, "topics": "Metas"})
    client = client_for(world.mentor)
    page = client.get(_plan_url(world, relationship))
    assert f'<option value="{held.pk}">' in page.text
    planned = relationship.meetings.get(number=3)
    assert f'<option value="{planned.pk}">' not in page.text
    data = {
        "progress-submit_key": "1b7e3c2a-7a43-4bd5-9f61-3f0a2d8e9c10",
        "progress-goal": goal.pk,
        "progress-value": "2",
        "progress-note": "Dos cotizaciones enviadas",
        "progress-meeting": held.pk,
    }
    assert client.post(_plan_url(world, relationship, "progress-add"), data).status_code == 302
    client.post(_plan_url(world, relationship, "progress-add"), data)  # double submit
    goal.refresh_from_db()
    assert goal.current_value == 2 and ProgressUpdate.objects.count() == 1
    assert ProgressUpdate.objects.get().meeting == held
    # Neither a value nor a percentage: 422, the note kept.
    empty = client.post(
        _plan_url(world, relationship, "progress-add"),
        {
            **data,
            "progress-submit_key": "5e1a7c2b-1f33-4e0a-8a5b-9d6c0b1e2f34",
            "progress-value": "",
        },
    )
    assert empty.status_code == 422 and "Dos cotizaciones enviadas" in empty.text


def test_actions_with_resources_reach_the_learning_path(world, relationship):
    client = client_for(world.mentor)
    response = client.post(
        _plan_url(world, relationship, "action-add"),
        {
            "action-submit_key": "0c9d7e1f-2a3b-4c5d-8e9f-0a1b2c3d4e5f",
            "action-title": "Preparar la ficha técnica",
            "action-owner": "mentee",
            "action-due_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            "action-resource_title": "Módulo: fichas técnicas",
            "action-resource_url": "https://example.org/fichas",
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get()
    mine = client_for(world.mentee).get(_url(world, "mine"))
    assert "Módulo: fichas técnicas" in mine.text and "Presentaciones" in mine.text
    status_url = _url(
        world, "action-status", relationship.pk, relationship.mentees.get().pk, action.pk
    )
    assert client_for(world.tutor).post(status_url, {"status": "done"}).status_code == 403
    client_for(world.mentee).post(status_url, {"status": "done"})
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE


def test_setup_and_targets_from_the_coordinators_pages(world, relationship):
    client = client_for(world.coordinator)
    response = client.post(_url(world, "setup"), {"template": "business-gap-assessment"})
    assert response.status_code == 302
    assert client.post(_url(world, "setup"), {"template": "nope"}).status_code == 422
    page = client.get(_url(world, "targets"))
    assert "Precios y costos" in page.text
    from puente.plans.forms import TargetsForm

    form = TargetsForm(program=world.program)
    name = next(iter(form.fields))
    bad = client.post(_url(world, "targets"), {name: "7"})
    assert bad.status_code == 422 and 'value="7"' in bad.text
    assert client.post(_url(world, "targets"), {name: "4"}).status_code == 302
    from puente.plans.models import AreaTarget

    assert AreaTarget.objects.get().level == 4


def _add_relationships(world, count):
    for _ in range(count):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    for relationship in mentoring.relationships_from_matches(program=world.program):
        plan = services.plan_open(relationship=relationship, mentee=relationship.mentees.get())
        services.goal_create(
            plan=plan,
            title="Meta",
            indicator="x",
            target_value=Decimal(2),
            target_date=timezone.localdate() + dt.timedelta(days=30),
        )


def test_overview_query_count_does_not_grow(world, relationship, django_assert_num_queries):
    client = client_for(world.coordinator)
    _add_relationships(world, 2)
    client.get(_url(world, "overview"))  # warm up (sessions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(world, "overview")).status_code == 200
    _add_relationships(world, 5)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(_url(world, "overview"))
    assert response.text.count('href="/p/programa-piloto/plans/') >= 8
    assert Meeting.objects.exists()


@pytest.mark.parametrize(
    ("role", "link"),
    [
        ("coordinator", "overview"),
        ("tutor", "mine"),
        ("mentor", "mine"),
        ("mentee", "mine"),
        ("reviewer", None),
        ("observer", None),
    ],
)
def test_program_nav_links_to_the_plans(world, relationship, role, link):
    home = client_for(getattr(world, role)).get(world.program.get_absolute_url())
    for name in ("overview", "mine"):
        assert (f'href="{_url(world, name)}"' in home.text) is (name == link)
