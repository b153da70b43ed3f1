"""The next-steps checklist on a coordinator's program home: one mechanism (core.hooks), each
app's own steps read from the program's real state, the first step not done highlighted, in a
fixed number of queries, on a home that stays light."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from puente.conftest import client_for
from puente.core import hooks
from puente.core.permissions import Role
from puente.events.models import Event
from puente.factories import (
    MembershipFactory,
    ProgramFactory,
    TrackFactory,
    UserFactory,
    WaveFactory,
)
from puente.matching.models import MatchRun, TutorAssignment
from puente.mentoring.models import ContactRule, SessionPlan
from puente.monitoring.models import Indicator
from puente.programs.access import ProgramAccess, program_roles
from puente.programs.selectors import program_checklist
from puente.recruitment.services import reviews_assign
from puente.recruitment.tests.helpers import make_call_with_rubric, submitted_application

pytestmark = pytest.mark.django_db

ALL_STEPS = [
    "plan",
    "session-plan",
    "call",
    "forms",
    "contact-rule",
    "reviewers",
    "matching",
    "indicators",
    "kick-off",
]


def _new_program():
    program = ProgramFactory(slug="nuevo", name="Proveedoras", status="draft")
    coordinator = UserFactory(language="en")
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    return program, coordinator


def _checklist(program, user):
    access = ProgramAccess(program=program, user=user, roles=program_roles(user, program))
    return program_checklist(access)


def _home(program, user):
    return client_for(user).get(reverse("programs:program-home", args=[program.slug]))


def test_a_new_programs_home_leads_with_what_to_do_next():
    program, coordinator = _new_program()
    response = _home(program, coordinator)
    html = response.content.decode()
    assert [key for key in re.findall(r'id="step-([\w-]+)"', html)] == ALL_STEPS
    # The checklist comes first, the figures after it, and no row of zeros.
    assert html.index('id="checklist"') < html.index("People by role")
    assertContains(response, "0 of 9 done")
    assertContains(response, '<li id="step-plan" class="step next" aria-current="step">')
    assertContains(response, "no wave yet")
    assertContains(response, "No participants yet")
    assertNotContains(response, 'class="stat"')
    assertNotContains(response, "wave-comparison-slot")
    # Each step links to where it is done.
    assertContains(
        response, f'href="{reverse("programs:program-edit", args=[program.slug])}#waves"'
    )
    assertContains(response, f'href="{reverse("recruitment:call-list", args=[program.slug])}"')


def test_the_next_step_moves_on_as_the_program_is_set_up():
    program, coordinator = _new_program()
    WaveFactory(program=program, number=1)
    checklist = _checklist(program, coordinator)
    assert checklist.steps[0].done
    assert checklist.steps[0].found.endswith("1 wave")
    assert checklist.next is not None and checklist.next.key == "session-plan"
    SessionPlan.objects.create(program=program, meetings=12)
    assert _checklist(program, coordinator).next.key == "call"  # type: ignore[union-attr]


def test_an_archived_wave_does_not_count_as_the_programs_wave():
    program, coordinator = _new_program()
    wave = WaveFactory(program=program, number=1)
    wave.archived_at = timezone.now()
    wave.save()
    assert not _checklist(program, coordinator).steps[0].done


def _fill(program, coordinator, size):
    """A program set up ``size`` times over: waves, tracks, people, calls, applications with
    reviewers, runs, indicators, events."""
    waves = [WaveFactory(program=program, number=n + 1) for n in range(size)]
    for n in range(size):
        TrackFactory(program=program, name=f"Ruta {n}")
        MembershipFactory(program=program, role=Role.MENTOR, wave=waves[n])
        MembershipFactory(program=program, role=Role.MENTEE, wave=waves[n])
        Indicator.objects.create(
            program=program, name=f"Indicador {n}", computation=Indicator.Computation.MEETINGS_HELD
        )
        MatchRun.objects.create(
            program=program,
            status=MatchRun.Status.CONFIRMED if n == 0 else MatchRun.Status.PROPOSED,
        )
        Event.objects.create(
            program=program,
            kind=Event.Kind.KICK_OFF,
            title=f"Lanzamiento {n}",
            starts_at=timezone.now() + dt.timedelta(days=10 + n),
            ends_at=timezone.now() + dt.timedelta(days=10 + n, hours=2),
        )
    SessionPlan.objects.create(program=program, meetings=12)
    ContactRule.objects.create(program=program, meetings_per_month=2)
    reviewer = MembershipFactory(program=program, role=Role.REVIEWER).user
    for n in range(size):
        call = make_call_with_rubric(program, by=coordinator, slug=f"{program.slug}-{n}")
        application = submitted_application(call, email=f"persona{n}@example.org")
        reviews_assign(applications=[application], reviewer=reviewer, by=coordinator)


def test_every_step_says_what_it_found():
    program, coordinator = _new_program()
    _fill(program, coordinator, 2)
    checklist = _checklist(program, coordinator)
    found = {step.key: step.found for step in checklist.steps}
    assert checklist.complete
    assert found["plan"].endswith("2 waves")
    assert found["session-plan"] == "1 session plan"
    assert found["call"] == "calls: 2; open now: 2"
    assert found["forms"] == "application forms: 2; published: 2"
    assert found["contact-rule"] == "at least 2 meetings a month"
    assert found["reviewers"] == "reviews assigned: 2; reviewers: 1; done: 0"
    assert found["matching"] == "matching runs: 2; confirmed: 1"
    assert found["indicators"] == "2 indicators defined"
    assert found["kick-off"].startswith("kick-off on ")
    response = _home(program, coordinator)
    # Done, it folds away and the figures lead.
    assertContains(response, "Set-up: all 9 steps are done")
    assertContains(response, "<details>")
    assertNotContains(response, 'aria-current="step"')
    assertContains(response, 'class="stat"')


def test_a_call_in_draft_or_a_cancelled_kick_off_is_not_done_yet():
    program, coordinator = _new_program()
    make_call_with_rubric(program, by=coordinator, is_published=False)
    Event.objects.create(
        program=program,
        kind=Event.Kind.KICK_OFF,
        title="Lanzamiento",
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
        cancelled_at=timezone.now(),
    )
    steps = {step.key: step for step in _checklist(program, coordinator).steps}
    assert not steps["call"].done
    assert steps["call"].found == "calls: 1; open now: 0"
    assert not steps["kick-off"].done
    assert steps["forms"].done  # the call's forms are published


def test_the_tutors_step_shows_when_the_program_has_tutors():
    program, coordinator = _new_program()
    assert "tutors" not in [step.key for step in _checklist(program, coordinator).steps]
    tutor = MembershipFactory(program=program, role=Role.TUTOR)
    mentees = [MembershipFactory(program=program, role=Role.MENTEE) for _ in range(3)]
    TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentees[0])
    step = next(s for s in _checklist(program, coordinator).steps if s.key == "tutors")
    assert (step.done, step.found) == (False, "mentees with a tutor: 1 of 3; tutors: 1")
    for mentee in mentees[1:]:
        TutorAssignment.objects.create(program=program, tutor=tutor, mentee=mentee)
    step = next(s for s in _checklist(program, coordinator).steps if s.key == "tutors")
    assert step.done


def _home_queries(program, user):
    client = client_for(user)
    url = reverse("programs:program-home", args=[program.slug])
    client.get(url)  # the session and the cache warmed once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_the_home_reads_in_a_fixed_number_of_queries_and_stays_light():
    small, small_coordinator = _new_program()
    _fill(small, small_coordinator, 1)
    large = ProgramFactory(slug="grande")
    large_coordinator = UserFactory()
    MembershipFactory(user=large_coordinator, program=large, role=Role.COORDINATOR)
    _fill(large, large_coordinator, 8)
    small_queries, _small_bytes = _home_queries(small, small_coordinator)
    large_queries, large_bytes = _home_queries(large, large_coordinator)
    assert small_queries == large_queries
    assert large_bytes < 60_000


def test_a_new_programs_home_is_light():
    program, coordinator = _new_program()
    assert len(_home(program, coordinator).content) < 60_000


def test_members_see_no_checklist(world):
    response = client_for(world.mentor).get(
        reverse("programs:program-home", args=[world.program.slug])
    )
    assertNotContains(response, 'id="checklist"')


def test_each_app_owns_its_steps_through_one_hook():
    """Every installed app registered its steps; a step added by another app joins in order."""
    program = ProgramFactory()
    keys = [step.key for step in hooks.checklist_steps(program)]
    assert keys == ALL_STEPS

    def extra(program):
        return [
            hooks.ChecklistStep(
                order=25,
                key="extra",
                title="Extra",
                done=False,
                found="",
                url="/",
                action="manage_program",
            )
        ]

    hooks.on_checklist(extra)
    hooks.on_checklist(extra)  # registered once
    try:
        keys = [step.key for step in hooks.checklist_steps(program)]
        assert keys[:4] == ["plan", "session-plan", "call", "extra"]
        assert keys.count("extra") == 1
    finally:
        hooks._checklist_callbacks.remove(extra)
