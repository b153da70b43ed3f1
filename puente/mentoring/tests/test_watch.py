"""The monthly-contact watch: month boundaries, two missed meetings, idempotence, closing flags,
the daily task and command, and the coordinator's follow-up."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from puente.conftest import client_for
from puente.mentoring import services
from puente.mentoring.models import ContactRule, Meeting, Relationship, RiskFlag

pytestmark = pytest.mark.django_db


def _relationship(relationship: Relationship, starts_on: dt.date) -> Relationship:
    relationship.starts_on = starts_on
    relationship.save()
    return relationship


def _log(meeting: Meeting, on: dt.date, held: bool = True) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(planned_on=on)
    meeting.refresh_from_db()
    data = {"held": held, "duration_minutes": 60 if held else None, "topics": "Metas"}
    services.meeting_log(meeting=meeting, by=meeting.relationship.mentor.user, data=data)


def _reasons(relationship: Relationship) -> set[str]:
    return set(
        relationship.risk_flags.filter(resolved_on__isnull=True).values_list("reason", flat=True)
    )


def test_a_meeting_on_31_october_and_none_in_november_is_flagged_on_1_december(relationship):
    _relationship(relationship, dt.date(2026, 10, 1))
    _log(relationship.meetings.get(number=1), dt.date(2026, 10, 31))
    program = relationship.program

    assert services.watch_evaluate(program=program, today=dt.date(2026, 11, 30)) == []
    (flag,) = services.watch_evaluate(program=program, today=dt.date(2026, 12, 1))
    assert (flag.reason, flag.month, flag.raised_on) == (
        RiskFlag.Reason.NO_CONTACT,
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
    )


def test_a_relationship_started_this_month_is_not_judged_yet(relationship):
    _relationship(relationship, dt.date(2026, 11, 20))
    assert services.watch_evaluate(program=relationship.program, today=dt.date(2026, 11, 30)) == []
    # Younger than a month: judged on the days since it started.
    assert _reasons(relationship) == set()
    services.watch_evaluate(program=relationship.program, today=dt.date(2026, 12, 1))
    assert _reasons(relationship) == {RiskFlag.Reason.NO_CONTACT}


def test_the_rule_asks_for_as_many_meetings_as_the_coordinator_set(world, relationship):
    _relationship(relationship, dt.date(2026, 10, 1))
    _log(relationship.meetings.get(number=1), dt.date(2026, 11, 3))
    services.contact_rule_save(program=world.program, by=world.coordinator, meetings_per_month=2)
    services.watch_evaluate(program=world.program, today=dt.date(2026, 12, 1))
    assert _reasons(relationship) == {RiskFlag.Reason.NO_CONTACT}
    ContactRule.objects.filter(program=world.program).update(meetings_per_month=1)
    relationship.risk_flags.all().delete()
    services.watch_evaluate(program=world.program, today=dt.date(2026, 12, 1))
    assert _reasons(relationship) == set()


def test_two_meetings_missed_in_a_row_flag_the_relationship(relationship):
    _relationship(relationship, dt.date(2026, 11, 1))
    _log(relationship.meetings.get(number=1), dt.date(2026, 11, 2))
    _log(relationship.meetings.get(number=2), dt.date(2026, 11, 9), held=False)
    services.watch_evaluate(program=relationship.program, today=dt.date(2026, 11, 12))
    assert _reasons(relationship) == set()
    _log(relationship.meetings.get(number=3), dt.date(2026, 11, 16), held=False)
    services.watch_evaluate(program=relationship.program, today=dt.date(2026, 11, 17))
    assert _reasons(relationship) == {RiskFlag.Reason.TWO_MISSED}
    # A held meeting closes it.
    _log(relationship.meetings.get(number=4), dt.date(2026, 11, 23))
    services.watch_evaluate(program=relationship.program, today=dt.date(2026, 11, 24))
    assert _reasons(relationship) == set()
    assert relationship.risk_flags.get().resolved_on == dt.date(2026, 11, 24)


def test_the_watch_is_idempotent_and_closes_a_flag_once_contact_is_back(relationship):
    _relationship(relationship, dt.date(2026, 10, 1))
    program = relationship.program
    assert len(services.watch_evaluate(program=program, today=dt.date(2026, 11, 2))) == 1
    assert services.watch_evaluate(program=program, today=dt.date(2026, 11, 2)) == []
    assert services.watch_evaluate(program=program, today=dt.date(2026, 11, 15)) == []
    assert RiskFlag.objects.count() == 1
    _log(relationship.meetings.get(number=1), dt.date(2026, 11, 20))
    services.watch_evaluate(program=program, today=dt.date(2026, 11, 21))
    assert RiskFlag.objects.get().resolved_on == dt.date(2026, 11, 21)
    # November had its meeting: nothing new on 1 December.
    assert services.watch_evaluate(program=program, today=dt.date(2026, 12, 1)) == []


def test_paused_relationships_are_not_watched(relationship):
    _relationship(relationship, dt.date(2026, 10, 1))
    services.watch_evaluate(program=relationship.program, today=dt.date(2026, 11, 2))
    relationship.status = Relationship.Status.PAUSED
    relationship.save()
    assert services.watch_evaluate(program=relationship.program, today=dt.date(2026, 11, 3)) == []
    assert RiskFlag.objects.get().resolved_on == dt.date(2026, 11, 3)


def test_run_daily_enqueues_the_watch_for_today(relationship):
    _relationship(relationship, dt.date(2026, 10, 1))
    with time_machine.travel(dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        call_command("run_daily", verbosity=0)
        call_command("run_daily", verbosity=0)
    flag = RiskFlag.objects.get()
    assert (flag.month, flag.raised_on) == (dt.date(2026, 11, 1), dt.date(2026, 12, 1))


@pytest.fixture
def flag(relationship) -> RiskFlag:
    _relationship(relationship, dt.date(2026, 10, 1))
    (made,) = services.watch_evaluate(program=relationship.program, today=dt.date(2026, 11, 2))
    return made


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 302),
        ("tutor", 403),
        ("mentor", 403),
        ("mentee", 403),
        ("observer", 403),
        ("outsider", 404),
        ("other_coordinator", 404),
    ],
)
def test_follow_up_by_role(world, flag, role, status):
    url = reverse("mentoring:risk-follow-up", args=[world.program.slug, flag.pk])
    response = client_for(getattr(world, role)).post(url, {"text": "Llamé a la mentora."})
    assert response.status_code == status
    flag.refresh_from_db()
    if status == 302:
        assert flag.follow_up == "Llamé a la mentora."
        assert flag.followed_up_by == world.coordinator
        assert flag.followed_up_at is not None
    else:
        assert flag.follow_up == ""


def test_follow_up_refuses_get(world, flag):
    url = reverse("mentoring:risk-follow-up", args=[world.program.slug, flag.pk])
    assert client_for(world.coordinator).get(url).status_code == 405


def test_a_flag_of_another_program_is_not_found(world, flag):
    url = reverse("mentoring:risk-follow-up", args=["otro-programa", flag.pk])
    assert client_for(world.other_coordinator).post(url, {"text": "x"}).status_code == 404


def test_board_filters_at_risk_and_shows_the_reason(world, flag, relationship):
    url = reverse("mentoring:board", args=[world.program.slug])
    response = client_for(world.coordinator).get(url, {"at_risk": "on"})
    assert response.status_code == 200
    assert "Too few meetings held in a calendar month" in response.text
    assert f'id="relationship-{relationship.pk}"' in response.text
    RiskFlag.objects.update(resolved_on=dt.date(2026, 11, 3))
    response = client_for(world.coordinator).get(url, {"at_risk": "on"})
    assert f'id="relationship-{relationship.pk}"' not in response.text


@pytest.mark.parametrize(("role", "shown"), [("tutor", True), ("mentor", False)])
def test_my_mentoring_shows_the_tutor_the_reason(world, flag, role, shown):
    url = reverse("mentoring:mine", args=[world.program.slug])
    response = client_for(getattr(world, role)).get(url)
    assert ("Too few meetings held in a calendar month" in response.text) is shown


@pytest.mark.parametrize(("role", "status"), [("coordinator", 302), ("tutor", 403)])
def test_coordinator_sets_the_contact_rule(world, role, status):
    url = reverse("mentoring:contact-rule", args=[world.program.slug])
    response = client_for(getattr(world, role)).post(url, {"meetings_per_month": "2"})
    assert response.status_code == status
    assert ContactRule.objects.filter(meetings_per_month=2).exists() is (status == 302)
