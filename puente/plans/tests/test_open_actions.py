"""The growth plan's open actions on the relationship's page (a fragment loaded by htmx): what
each person may see of the plans, soonest due first, never another mentee's in a circle."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match, TutorAssignment
from puente.mentoring import services as mentoring
from puente.plans import services
from puente.plans.models import PlanAction

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _circle(world):
    """A circle of the world's mentor with the world's mentee (followed by the world's tutor)
    and Berta, each with a plan and open actions; one action of each is done."""
    world.program.format = "group"
    world.program.save()
    mentor = world.program.memberships.get(role=Role.MENTOR)
    first = world.program.memberships.get(role=Role.MENTEE)
    second = MembershipFactory(
        user=UserFactory(full_name="Berta Segunda"),
        program=world.program,
        role=Role.MENTEE,
        wave=world.wave,
    )
    for mentee in (first, second):
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    TutorAssignment.objects.create(
        program=world.program,
        tutor=world.program.memberships.get(role=Role.TUTOR),
        mentee=first,
    )
    (circle,) = mentoring.relationships_from_matches(program=world.program)
    today = timezone.localdate()
    for mentee, name in ((first, "Ana"), (second, "Berta")):
        plan = services.plan_open(relationship=circle, mentee=mentee)
        for days in (3, -2):
            services.action_create(
                plan=plan,
                title=f"{name}: {days}",
                owner=PlanAction.Owner.MENTEE,
                due_on=today + dt.timedelta(days=days),
            )
        done = services.action_create(
            plan=plan, title=f"{name}: hecha", owner="mentor", due_on=today
        )
        services.action_status_set(action=done, status=PlanAction.Status.DONE)
    return circle


def _actions(user, world, circle):
    url = reverse("plans:open-actions", args=[world.program.slug, circle.pk])
    response = client_for(user).get(url, headers=HTMX)
    assert response.status_code == 200
    return response.text


def test_a_mentee_in_a_circle_sees_only_her_own_open_actions(world):
    circle = _circle(world)
    page = _actions(world.mentee, world, circle)
    assert page.index("Ana: -2") < page.index("Ana: 3")  # soonest due first
    assert "Late" in page
    assert "Ana: hecha" not in page  # done: not open
    assert "Berta" not in page


def test_the_mentor_sees_every_mentees_actions_with_whose_they_are(world):
    circle = _circle(world)
    page = _actions(world.mentor, world, circle)
    assert "Ana: 3" in page and "Berta: 3" in page
    assert "Berta Segunda" in page  # whose plan, when there are several


def test_a_tutor_sees_only_the_actions_of_her_mentee(world):
    circle = _circle(world)
    page = _actions(world.tutor, world, circle)
    assert "Ana: 3" in page and "Berta" not in page


def test_without_htmx_the_address_leads_to_the_plan(world):
    circle = _circle(world)
    url = reverse("plans:open-actions", args=[world.program.slug, circle.pk])
    response = client_for(world.mentee).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plans:relationship", args=[world.program.slug, circle.pk]
    )
    assert client_for(world.outsider).get(url, headers=HTMX).status_code == 404
