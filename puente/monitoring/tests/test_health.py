"""Program health: hand-worked figures, who may open it, tutors' scope, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.core.permissions import Role
from puente.factories import MembershipFactory, TrackFactory, WaveFactory
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import Meeting, Relationship, RiskFlag
from puente.mentoring.scopes import FOLLOWED_RELATIONSHIPS
from puente.monitoring.selectors import program_health
from puente.programs.access import ProgramAccess

pytestmark = pytest.mark.django_db


def _url(world):
    return reverse("monitoring:health", args=[world.program.slug])


def _date_meetings(relationship, today, offsets):
    """Give meetings 1.. the dates ``today + offset`` (days), the rest far in the future."""
    for meeting in relationship.meetings.order_by("number"):
        offset = offsets[meeting.number - 1] if meeting.number <= len(offsets) else 400
        meeting.planned_on = today + dt.timedelta(days=offset)
        meeting.save(update_fields=["planned_on"])


def _log(relationship, number, *, held, minutes=None):
    meeting = relationship.meetings.get(number=number)
    data = {"held": held, "duration_minutes": minutes}
    mentoring.meeting_log(meeting=meeting, by=relationship.mentor.user, data=data)


def _worked_example(world, relationship):
    """Meetings 1–5 dated on/before today: 1 held (90 min), 2 missed, 3 moved (no log),
    4 planned with no log, 5 today (not yet missing); 6–12 in the future."""
    today = timezone.localdate()
    _date_meetings(relationship, today, [-30, -20, -10, -1, 0])
    _log(relationship, 1, held=True, minutes=90)
    _log(relationship, 2, held=False)
    relationship.meetings.filter(number=3).update(status=Meeting.Status.MOVED)
    return today


def _health(world, user, today):
    roles = frozenset(world.program.memberships.filter(user=user).values_list("role", flat=True))
    access = ProgramAccess(program=world.program, user=user, roles=roles)
    return program_health(
        FOLLOWED_RELATIONSHIPS.visible(access), today=today, wave_labels={}, track_labels={}
    )


def test_hand_worked_figures(world, relationship):
    today = _worked_example(world, relationship)
    health = _health(world, world.coordinator, today)
    total = health.total
    assert (total.planned, total.held, total.missed, total.moved) == (5, 1, 1, 1)
    assert total.logs_missing == 2  # no. 3 (moved, date passed) and no. 4; no. 5 is today
    assert str(total.hours) == "1.5"
    assert total.held_percent == 20
    assert len(health.by_wave) == len(health.by_track) == 1
    assert health.by_status[0][1] == 1  # one active relationship
    (missing,) = health.logs_missing
    assert [m.number for m in missing.missing_meetings] == [3, 4]


def test_per_wave_and_per_track(world, relationship):
    today = _worked_example(world, relationship)
    wave2 = WaveFactory(program=world.program, number=2)
    track2 = TrackFactory(program=world.program, name="Liderar equipos")
    mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=wave2)
    mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=wave2, track=track2)
    Match.objects.create(program=world.program, wave=wave2, mentor=mentor, mentee=mentee)
    (second,) = mentoring.relationships_from_matches(program=world.program)
    _date_meetings(second, today, [-3, -2])
    _log(second, 1, held=True, minutes=60)
    _log(second, 2, held=True, minutes=30)
    health = program_health(
        Relationship.objects.filter(program=world.program),
        today=today,
        wave_labels={world.wave.pk: "W1", wave2.pk: "W2"},
        track_labels={world.track.pk: "T1", track2.pk: "T2"},
    )
    by_wave = {row.label: (row.planned, row.held, row.logs_missing) for row in health.by_wave}
    assert by_wave == {"W1": (5, 1, 2), "W2": (2, 2, 0)}
    by_track = {row.label: (row.held, str(row.hours)) for row in health.by_track}
    assert by_track == {"T1": (1, "1.5"), "T2": (2, "1.5")}
    assert health.total.planned == 7


def test_relationships_ended_early_are_left_out_of_meetings(world, relationship):
    today = _worked_example(world, relationship)
    Relationship.objects.filter(pk=relationship.pk).update(
        status=Relationship.Status.ENDED_EARLY, end_reason="Se mudó"
    )
    health = _health(world, world.coordinator, today)
    assert health.total.planned == 0
    assert health.logs_missing == []
    assert dict(health.by_status)[Relationship.Status.ENDED_EARLY.label] == 1


def test_health_anonymous_redirected_and_post_refused(world):
    response = client_for(None).get(_url(world))
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert client_for(world.coordinator).post(_url(world)).status_code == 405


def test_page_shows_risks_linking_to_the_board_and_missing_logs(world, relationship):
    _worked_example(world, relationship)
    today = timezone.localdate()
    flag = RiskFlag.objects.create(
        relationship=relationship,
        reason=RiskFlag.Reason.TWO_MISSED,
        month=today.replace(day=1),
        raised_on=today,
    )
    response = client_for(world.coordinator).get(_url(world))
    text = response.text
    board = reverse("mentoring:board", args=[world.program.slug])
    assert f"{board}?at_risk=on#relationship-{relationship.pk}" in text
    assert str(flag.get_reason_display()) in text
    assert 'id="health-logs-missing"' in text
    assert "<svg" in text and "<title" in text


def test_tutor_sees_only_the_relationships_they_follow(world, relationship):
    today = _worked_example(world, relationship)
    mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
    mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
    Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    (other,) = mentoring.relationships_from_matches(program=world.program)
    _date_meetings(other, today, [-5, -4, -3])
    tutor = _health(world, world.tutor, today)
    coordinator = program_health(
        Relationship.objects.filter(program=world.program),
        today=today,
        wave_labels={},
        track_labels={},
    )
    assert tutor.total.planned == 5
    assert coordinator.total.planned == 8
    assert [r.pk for r in tutor.logs_missing] == [relationship.pk]
    page = client_for(world.tutor).get(_url(world)).text
    assert reverse("mentoring:relationship", args=[world.program.slug, other.pk]) not in page


def _add_relationships(world, count, today):
    for _ in range(count):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    for made in mentoring.relationships_from_matches(program=world.program):
        _date_meetings(made, today, [-9, -2])
        _log(made, 1, held=True, minutes=60)
        RiskFlag.objects.create(
            relationship=made,
            reason=RiskFlag.Reason.NO_CONTACT,
            month=today.replace(day=1),
            raised_on=today,
        )


def _queries(world):
    with CaptureQueriesContext(connection) as queries:
        response = client_for(world.coordinator).get(_url(world))
    assert response.status_code == 200
    return len(queries), response


def test_query_count_does_not_grow_with_relationships(world, relationship):
    today = _worked_example(world, relationship)
    _add_relationships(world, 2, today)
    small, _ = _queries(world)
    _add_relationships(world, 10, today)
    large, response = _queries(world)
    assert large == small
    assert response.text.count("relationship-") >= 12


def test_program_nav_links_health_and_m_and_e_by_role(world):
    home = reverse("programs:program-home", args=[world.program.slug])
    health, indicators = _url(world), reverse("monitoring:indicators", args=[world.program.slug])
    surveys = reverse("monitoring:my-surveys", args=[world.program.slug])
    expected = {
        "coordinator": {health, indicators},
        "tutor": {health, surveys},
        "observer": {indicators},
        "mentee": {surveys},
    }
    for role, links in expected.items():
        text = client_for(getattr(world, role)).get(home).text
        for link in (health, indicators, surveys):
            assert (f'href="{link}"' in text) is (link in links), (role, link)
