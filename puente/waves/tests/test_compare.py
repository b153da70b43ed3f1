"""The program's waves side by side: the figures (and what of them too few people stand behind
to be shown), and a query count that does not grow with the number of relationships."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.factories import MembershipFactory, WaveFactory
from puente.feedback.models import MeetingFeedback
from puente.instruments.services import instrument_from_template, version_publish
from puente.mentoring.models import Meeting, MeetingLog, Relationship
from puente.monitoring.models import Indicator, Round
from puente.waves.selectors import wave_comparison


def add_relationships(world, wave, n: int, *, status=Relationship.Status.COMPLETED) -> None:
    """``n`` pairs in ``wave``, each with two meetings (one held for 90 minutes, rated 4)."""
    for _ in range(n):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=wave)
        relationship = Relationship.objects.create(
            program=world.program,
            wave=wave,
            mentor=mentor,
            status=status,
            end_reason="Se mudó" if status == Relationship.Status.ENDED_EARLY else "",
            starts_on=wave.starts_on,
            ends_on=wave.ends_on,
        )
        relationship.mentees.add(mentee)
        held = Meeting.objects.create(
            relationship=relationship,
            number=1,
            planned_on=wave.starts_on,
            status=Meeting.Status.HELD,
        )
        Meeting.objects.create(relationship=relationship, number=2, planned_on=wave.ends_on)
        MeetingLog.objects.create(
            meeting=held, held=True, duration_minutes=90, written_at=timezone.now()
        )
        MeetingFeedback.objects.create(
            meeting=held, author=mentee.user, side="mentee", usefulness=4
        )


@pytest.fixture
def two_waves(world, first_wave):
    second = WaveFactory(
        program=world.program,
        number=2,
        name="Escala",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    survey = instrument_from_template(
        program=world.program, template_key="personal-skills-assessment"
    )
    version_publish(version=survey.versions.get(), by=world.coordinator)
    for wave in (first_wave, second):
        Round.objects.create(
            program=world.program,
            wave=wave,
            kind="baseline",
            instrument=survey,
            version=survey.versions.get(),
            roles=["mentee"],
            opened_on=wave.starts_on,
        )
    Indicator.objects.create(
        program=world.program, name="Reuniones realizadas", computation="meetings_held"
    )
    event = Event.objects.create(
        program=world.program,
        wave=first_wave,
        title="Lanzamiento",
        starts_at=dt.datetime(2026, 1, 10, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC),
        attendance_taken_at=timezone.now(),
    )
    for membership, came in (
        (world.program.memberships.get(role=Role.MENTEE), True),
        (world.program.memberships.get(role=Role.MENTOR), False),
    ):
        EventInvitation.objects.create(
            event=event, user=membership.user, membership=membership, attended=came
        )
    return first_wave, second


def test_the_figures_of_each_wave(world, two_waves):
    first, second = two_waves
    add_relationships(world, first, 3)
    add_relationships(world, first, 1, status=Relationship.Status.ENDED_EARLY)
    add_relationships(world, second, 2, status=Relationship.Status.ACTIVE)

    pilot, scale = wave_comparison(world.program, today=dt.date(2026, 11, 23)).columns

    assert pilot.people[Role.MENTEE].value == 1 + 4  # the world's mentee and four more
    assert (pilot.relationships.value, pilot.completed.value, pilot.ended_early.value) == (4, 3, 1)
    assert pilot.completion_rate.value == 75
    assert (pilot.meetings_held.value, pilot.meetings_planned.value) == (4, 8)
    assert pilot.hours.value == 6
    assert pilot.attendance_rate.value == 50
    assert pilot.feedback_mean.value == 4
    assert scale.relationships.value == 2 and scale.completion_rate.value is None
    assert scale.people[Role.MENTOR].value == 2
    (headline,) = pilot.headlines
    assert (headline.figure.value, headline.figure.people) == (4, 4)
    assert scale.headlines[0].figure.value == 2
    # Five mentees may be counted; the four pairs' meetings, hours and feedback may not, nor
    # the second wave's two mentors.
    assert pilot.people[Role.MENTEE].shown == 5
    for figure in (pilot.relationships, pilot.meetings_held, pilot.hours, pilot.feedback_mean):
        assert figure.hidden == "few"
    assert pilot.completion_rate.shown is None and headline.figure.shown is None
    assert scale.people[Role.MENTOR].hidden == "few"


def test_figures_of_five_people_or_more_are_shown(world, two_waves):
    first, _second = two_waves
    add_relationships(world, first, 6)
    add_relationships(world, first, 5, status=Relationship.Status.ENDED_EARLY)
    pilot, _scale = wave_comparison(world.program, today=dt.date(2026, 11, 23)).columns
    assert pilot.relationships.shown == 11
    assert (pilot.meetings_held.shown, pilot.meetings_planned.shown) == (11, 22)
    assert pilot.held_rate.shown == 50
    assert pilot.hours.shown == Decimal("16.5")
    assert pilot.completion_rate.shown == Decimal("54.5")  # 6 of 11
    assert pilot.finished.shown == 11
    assert pilot.feedback_mean.shown == 4
    page = client_for(world.coordinator).get(reverse("waves:compare", args=[world.program.slug]))
    assert "54.5%" in page.text and "Hidden: fewer than 5 people contributed" in page.text


def test_query_count_does_not_grow_with_relationships(world, two_waves, django_assert_num_queries):
    first, second = two_waves
    client = client_for(world.coordinator)
    url = reverse("waves:compare", args=[world.program.slug])
    add_relationships(world, first, 2)
    add_relationships(world, second, 1)
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_relationships(world, first, 8)
    add_relationships(world, second, 6, status=Relationship.Status.ENDED_EARLY)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "Escala" in response.content.decode()


def test_the_home_loads_the_comparison_for_coordinators(world, two_waves):
    url = reverse("programs:program-home", args=[world.program.slug])
    page = client_for(world.coordinator).get(url).content.decode()
    assert reverse("waves:compare", args=[world.program.slug]) in page
    fragment = client_for(world.coordinator).get(
        reverse("waves:compare", args=[world.program.slug]), HTTP_HX_REQUEST="true"
    )
    assert fragment.content.decode().lstrip().startswith("<section")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("mentor", 403),
        ("observer", 403),
        ("reviewer", 403),
        ("outsider", 404),
    ],
)
def test_only_coordinators_compare(world, first_wave, who, status):
    url = reverse("waves:compare", args=[world.program.slug])
    assert client_for(getattr(world, who)).get(url).status_code == status


def test_compare_anonymous_and_wrong_method(world, first_wave):
    url = reverse("waves:compare", args=[world.program.slug])
    response = client_for(None).get(url)
    assert response.status_code == 302 and "login" in response.url
    assert client_for(world.coordinator).post(url).status_code == 405


def test_a_cancelled_event_does_not_count_in_a_waves_attendance(world, two_waves):
    first, _second = two_waves
    called_off = Event.objects.create(
        program=world.program,
        wave=first,
        title="Taller suspendido",
        starts_at=dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC),
        attendance_taken_at=timezone.now(),
        cancelled_at=timezone.now(),
        cancel_reason="Sin sala",
    )
    membership = world.program.memberships.get(role=Role.MENTOR)
    EventInvitation.objects.create(
        event=called_off, user=membership.user, membership=membership, attended=True
    )
    pilot, _scale = wave_comparison(world.program, today=dt.date(2026, 11, 23)).columns
    assert pilot.attendance_rate.value == 50  # the held kick-off alone: 1 of 2 came
