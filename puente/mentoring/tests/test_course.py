"""A relationship's course (pausing, resuming, ending with a reason), session plans edited by the
coordinator, and warnings about overlapping meetings."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory, WaveFactory
from puente.matching.models import Match
from puente.mentoring import selectors, services
from puente.mentoring.models import Meeting, Relationship, SessionPlan

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def _url(world, name, *args):
    return reverse(f"mentoring:{name}", args=[world.program.slug, *args])


# --- Pausing, resuming, ending ------------------------------------------------------------------


def test_pause_and_resume_keep_the_meetings_and_record_who_and_why(world, relationship):
    meetings = relationship.meetings.count()
    services.relationship_status_change(
        relationship=relationship,
        status=Relationship.Status.PAUSED,
        by=world.coordinator,
        reason="Viaje de trabajo",
        today=TODAY,
    )
    services.relationship_status_change(
        relationship=relationship, status=Relationship.Status.ACTIVE, by=world.coordinator
    )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE
    assert relationship.meetings.count() == meetings
    history = list(relationship.status_changes.values_list("from_status", "to_status", "reason"))
    assert history == [
        ("active", "paused", "Viaje de trabajo"),
        ("paused", "active", ""),
    ]
    assert relationship.status_changes.first().by == world.coordinator


def test_ending_early_needs_a_reason_and_cancels_the_meetings_after_today(world, relationship):
    with pytest.raises(ValidationError) as error:
        services.relationship_status_change(
            relationship=relationship,
            status=Relationship.Status.ENDED_EARLY,
            by=world.coordinator,
            reason="  ",
            today=TODAY,
        )
    assert "reason" in error.value.message_dict
    first = relationship.meetings.get(number=1)
    first.planned_on = TODAY - dt.timedelta(days=3)
    first.save()
    services.relationship_status_change(
        relationship=relationship,
        status=Relationship.Status.ENDED_EARLY,
        by=world.coordinator,
        reason="La mentora cambió de trabajo",
        today=TODAY,
    )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ENDED_EARLY
    assert relationship.end_reason == "La mentora cambió de trabajo"
    assert relationship.ends_on == max(relationship.starts_on, TODAY)
    # The meeting already past stays, to be logged; those after today are gone.
    assert list(relationship.meetings.values_list("number", flat=True)) == [1]


def test_a_finished_relationship_cannot_be_reopened(world, relationship):
    services.relationship_status_change(
        relationship=relationship, status=Relationship.Status.COMPLETED, by=world.coordinator
    )
    with pytest.raises(ValidationError):
        services.relationship_status_change(
            relationship=relationship, status=Relationship.Status.ACTIVE, by=world.coordinator
        )


@pytest.mark.django_db(transaction=True)
def test_both_sides_are_told_in_their_language(world, relationship):
    world.mentee.language = "es"
    world.mentee.save()
    services.relationship_status_change(
        relationship=relationship,
        status=Relationship.Status.PAUSED,
        by=world.coordinator,
        reason="Vacaciones",
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {world.mentor.email, world.mentee.email}
    assert "Paused" in by_address[world.mentor.email].subject
    assert "Vacaciones" in by_address[world.mentor.email].body
    assert "En pausa" in by_address[world.mentee.email].subject


def test_a_paused_relationship_gets_no_reminders(world, relationship):
    meeting = relationship.meetings.get(number=2)
    starts = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)
    meeting.starts_at, meeting.ends_at = starts, starts + dt.timedelta(hours=1)
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save()
    services.relationship_status_change(
        relationship=relationship, status=Relationship.Status.PAUSED, by=world.coordinator
    )
    assert services.reminders_send(now=starts - dt.timedelta(hours=3)) == (0, 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 302),
        ("tutor", 403),
        ("mentor", 403),
        ("mentee", 403),
        ("observer", 404),
        ("outsider", 404),
        ("other_coordinator", 404),
    ],
)
def test_only_the_coordinator_changes_the_status(world, relationship, role, status):
    response = client_for(getattr(world, role)).post(
        _url(world, "relationship-status", relationship.pk), {"status": "paused", "reason": ""}
    )
    assert response.status_code == status
    relationship.refresh_from_db()
    expected = Relationship.Status.PAUSED if status == 302 else Relationship.Status.ACTIVE
    assert relationship.status == expected


def test_ending_early_without_a_reason_keeps_the_form_and_says_why(world, relationship):
    response = client_for(world.coordinator).post(
        _url(world, "relationship-status", relationship.pk), {"status": "ended_early"}
    )
    assert response.status_code == 422
    assert "Say why the relationship ends early." in response.text
    assert 'value="ended_early" selected' in response.text
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE


def test_the_status_form_offers_only_the_possible_changes(world, relationship):
    page = client_for(world.coordinator).get(_url(world, "relationship", relationship.pk))
    assert 'value="paused"' in page.text
    assert 'value="active"' not in page.text
    mentor_page = client_for(world.mentor).get(_url(world, "relationship", relationship.pk))
    assert _url(world, "relationship-status", relationship.pk) not in mentor_page.text


def test_status_change_wrong_method(world, relationship):
    response = client_for(world.coordinator).get(
        _url(world, "relationship-status", relationship.pk)
    )
    assert response.status_code == 405


# --- Session plans ------------------------------------------------------------------------------


def test_coordinator_gives_a_wave_its_own_plan_and_new_relationships_follow_it(world):
    data = {
        f"plan-{world.wave.pk}-meetings": "10",
        f"plan-{world.wave.pk}-span": "26",
        f"plan-{world.wave.pk}-span_unit": "weeks",
        f"plan-{world.wave.pk}-hours_per_meeting": "1.5",
        f"plan-{world.wave.pk}-cadence": "biweekly",
        f"plan-{world.wave.pk}-themes": "Expectativas y calendario\n\nNegociación\n\n",
    }
    response = client_for(world.coordinator).post(
        _url(world, "session-plan-save", world.wave.pk), data
    )
    assert response.status_code == 302
    plan = SessionPlan.objects.get(program=world.program, wave=world.wave)
    assert (plan.meetings, plan.span_weeks, str(plan.hours_per_meeting)) == (10, 26, "1.5")
    assert plan.themes == ["Expectativas y calendario", "", "Negociación"]
    mentor = world.program.memberships.get(role=Role.MENTOR)
    mentee = world.program.memberships.get(role=Role.MENTEE)
    Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    (made,) = services.relationships_from_matches(program=world.program, today=TODAY)
    assert made.meetings.count() == 10
    assert made.meetings.get(number=3).theme == "Negociación"


def test_a_failed_plan_keeps_what_was_typed(world):
    data = {
        "plan-program-meetings": "2",
        "plan-program-hours_per_meeting": "2",
        "plan-program-cadence": "weekly",
        "plan-program-themes": "Uno\nDos\nTres",
    }
    response = client_for(world.coordinator).post(_url(world, "session-plan-save", "program"), data)
    assert response.status_code == 422
    assert "There are more themes than meetings" in response.text
    assert "Uno\nDos\nTres" in response.text
    assert not SessionPlan.objects.filter(program=world.program).exists()


def test_a_wave_plan_can_be_removed_but_not_the_programs(world):
    client = client_for(world.coordinator)
    SessionPlan.objects.create(program=world.program, meetings=12)
    SessionPlan.objects.create(program=world.program, wave=world.wave, meetings=6)
    assert client.post(_url(world, "session-plan-delete", world.wave.pk)).status_code == 302
    assert client.post(_url(world, "session-plan-delete", "program")).status_code == 404
    assert list(SessionPlan.objects.values_list("wave", flat=True)) == [None]


def test_another_programs_wave_is_404(world):
    foreign = WaveFactory(program=world.other_program, number=1)
    response = client_for(world.coordinator).post(
        _url(world, "session-plan-save", foreign.pk),
        {
            f"plan-{foreign.pk}-meetings": "3",
            f"plan-{foreign.pk}-hours_per_meeting": "1",
            f"plan-{foreign.pk}-cadence": "weekly",
        },
    )
    assert response.status_code == 404


def test_the_plans_page_shows_each_waves_layout(world):
    SessionPlan.objects.create(
        program=world.program, meetings=3, cadence="weekly", themes=["Presentaciones"]
    )
    WaveFactory(program=world.program, number=2)
    page = client_for(world.coordinator).get(_url(world, "session-plans"))
    assert page.text.count('class="plan-layout"') == 3
    assert page.text.count("Presentaciones") >= 3


# --- Overlapping meetings -----------------------------------------------------------------------


def _schedule(meeting: Meeting, starts: dt.datetime, hours: float = 1) -> None:
    meeting.starts_at, meeting.ends_at = starts, starts + dt.timedelta(hours=hours)
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save()


@pytest.fixture
def second_relationship(world, relationship) -> Relationship:
    """The same mentor with another mentee, in a second relationship of the same program."""
    mentee = UserFactory(full_name="Otra Mentee")
    membership = MembershipFactory(
        user=mentee, program=world.program, role=Role.MENTEE, wave=world.wave
    )
    other = Relationship.objects.create(
        program=world.program,
        wave=world.wave,
        mentor=relationship.mentor,
        starts_on=relationship.starts_on,
        ends_on=relationship.ends_on,
    )
    other.mentees.add(membership)
    for number in (1, 2):
        Meeting.objects.create(relationship=other, number=number, planned_on=TODAY)
    return other


def test_overlaps_are_found_for_a_shared_person_only(world, relationship, second_relationship):
    at = dt.datetime(2026, 12, 1, 15, tzinfo=dt.UTC)
    mine = relationship.meetings.get(number=2)
    _schedule(mine, at)
    clash = second_relationship.meetings.get(number=1)
    _schedule(clash, at + dt.timedelta(minutes=30))
    touching = second_relationship.meetings.get(number=2)
    _schedule(touching, at + dt.timedelta(hours=1))  # starts when the first one ends: no clash
    found = selectors.overlapping_meetings(relationship)
    assert found == {mine.pk: [clash]}
    # A stranger's meeting at the same time is nobody's business here.
    second_relationship.mentor = MembershipFactory(program=world.program, role=Role.MENTOR)
    second_relationship.save()
    assert selectors.overlapping_meetings(relationship) == {}


def test_moving_into_an_overlap_saves_and_warns(world, relationship, second_relationship):
    _schedule(
        second_relationship.meetings.get(number=1), dt.datetime(2026, 12, 1, 20, tzinfo=dt.UTC)
    )
    client = client_for(world.mentor)
    response = client.post(
        _url(world, "meeting-move", relationship.pk, 2),
        {
            "m2-on": "2026-12-01",
            "m2-starts": "15:30",
            "m2-ends": "16:30",
            "m2-time_zone": "America/Bogota",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "This time overlaps meeting 1 of the relationship with" in response.text
    assert "Overlaps meeting 1 of the relationship with" in response.text
    moved = relationship.meetings.get(number=2)
    assert moved.starts_at == dt.datetime(2026, 12, 1, 20, 30, tzinfo=dt.UTC)


def test_the_relationship_page_checks_overlaps_in_constant_queries(
    world, relationship, second_relationship, django_assert_max_num_queries
):
    client = client_for(world.mentor)
    url = _url(world, "relationship", relationship.pk)
    at = dt.datetime(2026, 12, 1, 15, tzinfo=dt.UTC)
    _schedule(relationship.meetings.get(number=2), at)
    _schedule(second_relationship.meetings.get(number=1), at)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(3, 12):
        _schedule(relationship.meetings.get(number=number), at + dt.timedelta(days=number))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_meeting_shows_in_its_time_zone_and_in_the_viewers(world, relationship):
    world.mentee.time_zone = "Europe/Madrid"
    world.mentee.save()
    meeting = relationship.meetings.get(number=2)
    meeting.time_zone = "America/Bogota"
    _schedule(meeting, dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC))
    url = _url(world, "relationship", relationship.pk)
    mentee_page = client_for(world.mentee).get(url).text
    assert "6:30 p.m.–7:30 p.m. (America/Bogota)" in mentee_page
    assert "12:30 a.m.–1:30 a.m. your time" in mentee_page
    # The mentor lives in the meeting's zone: one time is enough.
    mentor_page = client_for(world.mentor).get(url).text
    assert "6:30 p.m.–7:30 p.m. (America/Bogota)" in mentor_page
    assert "6:30 p.m.–7:30 p.m. your time" not in mentor_page


def test_the_relationship_page_does_not_query_per_meeting(world, relationship):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.mentor)
    url = _url(world, "relationship", relationship.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as twelve:
        assert client.get(url).status_code == 200
    for number in range(13, 37):
        Meeting.objects.create(relationship=relationship, number=number, planned_on=TODAY)
    with CaptureQueriesContext(connection) as thirty_six:
        page = client.get(url)
    # Each meeting's forms load when it is opened: none are on the page itself.
    assert page.text.count('class="meeting-forms"') == 36
    assert 'class="stack log-form"' not in page.text
    assert len(thirty_six.captured_queries) == len(twelve.captured_queries)
