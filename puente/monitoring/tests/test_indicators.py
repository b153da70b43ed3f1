"""Indicators worked out by hand: means, shares, sums, changes, "no data" and suppression."""

import datetime as dt
from decimal import Decimal

import pytest

from puente.core.permissions import Role
from puente.events.models import Event, EventInvitation
from puente.factories import MembershipFactory
from puente.matching.models import Match
from puente.mentoring import services as mentoring
from puente.mentoring.models import Meeting
from puente.monitoring import indicators as computing
from puente.monitoring import services
from puente.monitoring.models import RoundInvitation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
# Six mentees, in the order of me_world.mentees: five women (index 0–4), one man (5).
BASELINE = [
    (2, "yes", "no", 100),
    (2, "no", "no", 100),
    (3, "no", "no", 100),
    (3, "no", "no", 100),
    (2, "no", "no", 100),
    (3, "no", "no", 100),
]
ENDLINE = [
    (4, "yes", "yes", 150),
    (4, "yes", "no", 150),
    (4, "yes", "yes", 150),
    (5, "yes", "no", 150),
    (3, "no", "no", 150),
    (4, "no", "no", 150),
]


def _answers(world, kind, rows, *, close=True):
    round_ = services.round_open(
        program=world.program,
        wave=world.wave,
        kind=kind,
        instrument=world.surveys[kind],
        roles=[Role.MENTEE],
        by=world.coordinator,
        today=TODAY,
    )
    for membership, (confidence, po, sold, sales) in zip(world.mentees, rows, strict=False):
        services.round_answer(
            invitation=RoundInvitation.objects.get(round=round_, user=membership.user),
            cleaned={
                "confidence": confidence,
                "po_process": po,
                "sold_to_corporate": sold,
                "monthly_sales": sales,
            },
        )
    if close:
        services.round_close(round_=round_, by=world.coordinator)
    return round_


def _indicator(world, **fields):
    name = "-".join(str(v) for v in fields.values())
    data = {"name": name, **fields}
    return services.indicator_save(program=world.program, data=data)


def _compute(world, indicator):
    (result,) = computing.compute([indicator], today=TODAY, labels={"wave": {}, "track": {}})
    return result


def test_mean_of_a_scale_question_and_its_change(me_world):
    _answers(me_world, "baseline", BASELINE)
    _answers(me_world, "endline", ENDLINE)
    result = _compute(
        me_world, _indicator(me_world, computation="answer_mean", question_key="confidence")
    )
    overall = result.overall
    assert overall.at("baseline").shown == Decimal("2.50")  # 15 / 6
    assert overall.at("endline").shown == Decimal("4.00")  # 24 / 6
    assert overall.at("baseline").people == 6
    assert overall.change_to_endline.shown == Decimal("1.50")
    # No midline round: "no data", not 0, and no change to it.
    assert overall.at("midline").shown is None
    assert overall.at("midline").people == 0
    assert overall.change_to_midline.value is None and not overall.change_to_midline.suppressed


def test_share_of_yes_and_sum(me_world):
    _answers(me_world, "baseline", BASELINE)
    _answers(me_world, "endline", ENDLINE)
    share = _compute(
        me_world, _indicator(me_world, computation="answer_share_yes", question_key="po_process")
    ).overall
    assert share.at("baseline").value == Decimal("16.67")  # 1 of 6
    assert share.at("endline").value == Decimal("66.67")  # 4 of 6
    assert share.change_to_endline.value == Decimal("50.00")
    # A share counts its numerator too: 1 and then 4 people answered yes, fewer than 5, so
    # neither may be shown (nor the change), although 6 people answered.
    assert (share.at("baseline").people, share.at("baseline").base) == (1, 6)
    assert share.at("baseline").shown is None and share.at("baseline").hidden == "few"
    assert share.at("endline").shown is None and share.change_to_endline.shown is None
    sold = _compute(
        me_world,
        _indicator(me_world, computation="answer_share_yes", question_key="sold_to_corporate"),
    ).overall
    # 0 % of six is shown (it stands for nobody in particular); 2 of 6 (33.33 %) is not.
    assert sold.at("baseline").shown == Decimal("0.00")
    assert sold.at("endline").value == Decimal("33.33") and sold.at("endline").shown is None
    total = _compute(
        me_world, _indicator(me_world, computation="answer_sum", question_key="monthly_sales")
    ).overall
    assert (total.at("baseline").shown, total.at("endline").shown) == (Decimal(600), Decimal(900))


def test_disaggregation_by_gender_suppresses_groups_under_five(me_world):
    _answers(me_world, "baseline", BASELINE)
    _answers(me_world, "endline", ENDLINE)
    result = _compute(
        me_world,
        _indicator(
            me_world, computation="answer_mean", question_key="confidence", disaggregation="gender"
        ),
    )
    groups = {row.label: row for row in result.groups}
    women, man = groups["Mujer"], groups["Hombre"]
    assert man.at("baseline").people == 1
    assert man.at("baseline").suppressed is True
    assert man.at("baseline").shown is None
    assert man.change_to_endline.shown is None
    # The women's figure is computed ((2+2+3+3+2) / 5 = 2.4) but withheld: with the total of six
    # shown, it would give the one man's answer away (6 × 2.5 − 5 × 2.4 = 3).
    assert women.at("baseline").value == Decimal("2.40")
    assert women.at("endline").value == Decimal("4.00")  # (4+4+4+5+3) / 5
    assert women.at("baseline").suppressed and women.at("baseline").shown is None
    assert result.overall.at("baseline").shown == Decimal("2.50")


def test_groups_large_enough_on_both_sides_are_shown(me_world):
    from puente.factories import UserFactory

    more = []
    for n in range(4):
        user = UserFactory(email=f"extra{n}@example.org", gender="Hombre")
        more.append(
            MembershipFactory(
                user=user, program=me_world.program, role=Role.MENTEE, wave=me_world.wave
            )
        )
    me_world.mentees += more
    # Five women (indexes 0–4) and five men (5–9).
    _answers(me_world, "baseline", BASELINE + [(1, "no", "no", 50)] * 4)
    result = _compute(
        me_world,
        _indicator(
            me_world, computation="answer_mean", question_key="confidence", disaggregation="gender"
        ),
    )
    groups = {row.label: row.at("baseline") for row in result.groups}
    assert groups["Mujer"].shown == Decimal("2.40")  # (2+2+3+3+2) / 5
    assert groups["Hombre"].shown == Decimal("1.40")  # (3+1+1+1+1) / 5
    assert result.overall.at("baseline").shown == Decimal("1.90")  # 19 / 10


def test_a_small_overall_is_suppressed_too(me_world):
    _answers(me_world, "baseline", BASELINE[:4])
    result = _compute(
        me_world, _indicator(me_world, computation="answer_mean", question_key="confidence")
    )
    assert result.overall.at("baseline").people == 4
    assert result.overall.at("baseline").suppressed
    assert result.overall.at("baseline").shown is None


def test_only_the_chosen_role_counts(me_world):
    _answers(me_world, "baseline", BASELINE)
    indicator = _indicator(
        me_world, computation="answer_mean", question_key="confidence", role=Role.MENTOR
    )
    assert _compute(me_world, indicator).overall.at("baseline").people == 0


def _pairs(world, count):
    """``count`` relationships in the world's wave, each with meetings 1 and 2 held (60 and 30
    minutes) on days before TODAY and meeting 3 held after it."""
    for _ in range(count):
        mentor = MembershipFactory(program=world.program, role=Role.MENTOR, wave=world.wave)
        mentee = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
        Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=mentee)
    made = mentoring.relationships_from_matches(program=world.program)
    for relationship in made:
        for number, day, minutes in ((1, -20, 60), (2, -10, 30), (3, 5, 45)):
            meeting = relationship.meetings.get(number=number)
            meeting.planned_on = TODAY + dt.timedelta(days=day)
            meeting.save(update_fields=["planned_on"])
            mentoring.meeting_log(
                meeting=meeting,
                by=relationship.mentor.user,
                data={"held": True, "duration_minutes": minutes},
            )
    return made


def test_meetings_and_hours_up_to_the_rounds_date(world, me_world):
    _pairs(world, 5)
    baseline = _answers(me_world, "baseline", [], close=False)
    baseline.status, baseline.closed_at = (
        "closed",
        dt.datetime(2026, 11, 8, 12, tzinfo=dt.UTC),
    )
    baseline.save()
    meetings = _indicator(world, computation="meetings_held")
    hours = _indicator(world, computation="mentoring_hours", name="h")
    # The baseline closed on 8 November: meeting 1 (day -20 = 3 Nov) only.
    assert _compute(world, meetings).overall.at("baseline").shown == Decimal(5)
    assert _compute(world, hours).overall.at("baseline").shown == Decimal("5.00")
    _answers(me_world, "endline", [], close=False)  # open: counts up to today
    result = _compute(world, meetings).overall
    assert result.at("endline").shown == Decimal(10)
    assert result.change_to_endline.shown == Decimal(5)
    assert _compute(world, hours).overall.at("endline").shown == Decimal("7.50")
    assert Meeting.objects.filter(status="held").count() == 15


def test_activity_of_fewer_than_five_mentees_is_suppressed(world, me_world):
    _pairs(world, 2)
    _answers(me_world, "baseline", [], close=False)
    value = _compute(world, _indicator(world, computation="meetings_held")).overall.at("baseline")
    assert value.people == 2 and value.suppressed and value.shown is None


def test_event_attendance(world, me_world):
    start = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)
    event = Event.objects.create(
        program=world.program,
        title="Lanzamiento",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        attendance_taken_at=start,
    )
    for index, membership in enumerate(me_world.mentees):
        EventInvitation.objects.create(
            event=event, user=membership.user, membership=membership, attended=index < 5
        )
    _answers(me_world, "baseline", [], close=False)
    value = _compute(world, _indicator(world, computation="event_attendance")).overall
    assert value.at("baseline").shown == Decimal("83.33")  # 5 of 6
    assert value.at("baseline").n == 6  # it stands for the six invited
    assert value.at("endline").shown is None


def test_attendance_of_fewer_than_five_people_is_hidden_however_many_were_invited(world, me_world):
    start = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)
    event = Event.objects.create(
        program=world.program,
        title="Lanzamiento",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        attendance_taken_at=start,
    )
    for index, membership in enumerate(me_world.mentees):
        EventInvitation.objects.create(
            event=event, user=membership.user, membership=membership, attended=index < 3
        )
    _answers(me_world, "baseline", [], close=False)
    value = _compute(world, _indicator(world, computation="event_attendance")).overall
    baseline = value.at("baseline")
    assert baseline.value == Decimal("50.00")  # 3 of 6
    assert baseline.hidden == "few" and baseline.shown is None


def test_an_indicator_on_answers_needs_a_question(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.indicator_save(
            program=world.program, data={"name": "Confianza", "computation": "answer_mean"}
        )
