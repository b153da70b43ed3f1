"""Plan layout, relationships from matches, logging, moving and the agreement."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from puente.core import hooks
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.matching.models import Match, MentorCapacity
from puente.mentoring import services
from puente.mentoring.models import Meeting, Relationship, SessionPlan
from puente.programs.models import Program

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


def _dates(layout):
    return [(day - MONDAY).days for _, day, _ in layout]


def test_twelve_meetings_in_sixteen_weeks_are_spread_evenly():
    plan = SessionPlan(meetings=12, span_weeks=16, themes=["Presentaciones"])
    layout = services.plan_layout(plan, MONDAY)
    # 112 days in 12 equal slices of 9⅓ days, each rounded to the nearest day.
    assert _dates(layout) == [0, 9, 19, 28, 37, 47, 56, 65, 75, 84, 93, 103]
    assert [n for n, _, _ in layout] == list(range(1, 13))
    assert layout[0][2] == "Presentaciones"
    assert layout[1][2] == ""


def test_ten_meetings_in_six_months_are_spread_evenly():
    plan = SessionPlan(meetings=10, span_weeks=26)
    # 182 days in 10 slices of 18.2 days.
    assert _dates(services.plan_layout(plan, MONDAY)) == [
        0, 18, 36, 55, 73, 91, 109, 127, 146, 164,
    ]  # fmt: skip


def test_without_a_span_meetings_follow_the_cadence():
    biweekly = SessionPlan(meetings=3, cadence=Program.Cadence.BIWEEKLY)
    assert _dates(services.plan_layout(biweekly, MONDAY)) == [0, 14, 28]
    monthly = SessionPlan(meetings=3, cadence=Program.Cadence.MONTHLY)
    days = [day for _, day, _ in services.plan_layout(monthly, dt.date(2026, 1, 31))]
    assert days == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]


def test_relationship_comes_from_the_match_with_its_tutor_and_meetings(world, relationship):
    assert relationship.kind == Relationship.Kind.PAIR
    assert relationship.mentor.user == world.mentor
    assert [m.user for m in relationship.mentees.all()] == [world.mentee]
    assert [t.user for t in relationship.tutors] == [world.tutor]
    assert relationship.track == world.track
    meetings = list(relationship.meetings.order_by("number"))
    assert len(meetings) == 12
    assert meetings[0].theme == "Presentaciones"
    assert all(m.status == Meeting.Status.PLANNED for m in meetings)
    assert (meetings[-1].planned_on - meetings[0].planned_on).days == 103


def test_relationships_from_matches_is_idempotent(world, relationship):
    assert services.relationships_from_matches(program=world.program) == []
    assert Relationship.objects.count() == 1
    assert Meeting.objects.count() == 12


def _mentor_with_two_places(world, program_format):
    """The world's mentor takes 2 mentees; both matches are confirmed."""
    world.program.format = program_format
    world.program.save(update_fields=["format"])
    SessionPlan.objects.create(program=world.program, meetings=12, span_weeks=16)
    mentor = world.program.memberships.get(role=Role.MENTOR)
    MentorCapacity.objects.create(membership=mentor, capacity=2)
    mentees = [
        world.program.memberships.get(role=Role.MENTEE),
        MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave),
    ]
    for mentee in mentees:
        Match.objects.create(
            program=world.program,
            wave=world.wave,
            mentor=mentor,
            mentee=mentee,
            confirmed_by=world.coordinator,
        )
    return mentor, mentees


def test_in_a_one_to_one_program_a_mentor_with_two_places_leads_two_pairs(world):
    mentor, mentees = _mentor_with_two_places(world, Program.Format.ONE_TO_ONE)
    made = services.relationships_from_matches(program=world.program)
    assert len(made) == 2
    assert {r.kind for r in made} == {Relationship.Kind.PAIR}
    assert {r.mentor_id for r in made} == {mentor.pk}
    assert sorted(m.pk for r in made for m in r.mentees.all()) == sorted(m.pk for m in mentees)
    for relationship in made:
        assert relationship.mentees.count() == 1
        assert relationship.meetings.count() == 12
    # Running it again creates nothing twice.
    assert services.relationships_from_matches(program=world.program) == []
    assert Relationship.objects.filter(program=world.program).count() == 2
    assert Meeting.objects.filter(relationship__program=world.program).count() == 24


def test_a_later_match_of_a_mentor_in_a_one_to_one_program_is_a_new_pair(world, relationship):
    other = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
    Match.objects.create(
        program=world.program, wave=world.wave, mentor=relationship.mentor, mentee=other
    )
    (second,) = services.relationships_from_matches(program=world.program)
    assert second.pk != relationship.pk
    assert second.kind == Relationship.Kind.PAIR
    assert list(second.mentees.all()) == [other]
    relationship.refresh_from_db()
    assert relationship.kind == Relationship.Kind.PAIR
    assert relationship.mentees.count() == 1


def test_in_a_group_program_a_mentors_matches_make_one_circle(world):
    mentor, mentees = _mentor_with_two_places(world, Program.Format.GROUP)
    (circle,) = services.relationships_from_matches(program=world.program)
    assert circle.kind == Relationship.Kind.CIRCLE
    assert sorted(m.pk for m in circle.mentees.all()) == sorted(m.pk for m in mentees)
    assert circle.meetings.count() == 12
    # A later match of the mentor in the same wave joins the circle.
    third = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
    Match.objects.create(program=world.program, wave=world.wave, mentor=mentor, mentee=third)
    assert services.relationships_from_matches(program=world.program) == []
    assert circle.mentees.count() == 3
    assert Relationship.objects.filter(program=world.program).count() == 1


def test_in_a_reverse_program_each_match_is_a_reverse_pair(world):
    _mentor_with_two_places(world, Program.Format.REVERSE)
    made = services.relationships_from_matches(program=world.program)
    assert [r.kind for r in made] == [Relationship.Kind.REVERSE, Relationship.Kind.REVERSE]
    assert all(r.mentees.count() == 1 for r in made)


def test_without_a_plan_the_programs_settings_and_first_theme_are_used(world):
    world.program.planned_meetings = 4
    world.program.cadence = Program.Cadence.WEEKLY
    world.program.save()
    Match.objects.create(
        program=world.program,
        mentor=world.program.memberships.get(role=Role.MENTOR),
        mentee=world.program.memberships.get(role=Role.MENTEE),
    )
    (made,) = services.relationships_from_matches(program=world.program)
    meetings = list(made.meetings.order_by("number"))
    assert len(meetings) == 4
    assert meetings[0].theme == "Introductions, expectations, agreement and scheduling"


def test_confirming_matches_creates_relationships_through_the_hook(
    world, django_capture_on_commit_callbacks
):
    Match.objects.create(
        program=world.program,
        mentor=world.program.memberships.get(role=Role.MENTOR),
        mentee=world.program.memberships.get(role=Role.MENTEE),
    )
    with django_capture_on_commit_callbacks(execute=True):
        hooks.matches_confirmed(world.program.pk)
    assert Relationship.objects.filter(program=world.program).count() == 1


def test_a_meeting_cannot_end_before_it_starts(relationship):
    meeting = relationship.meetings.get(number=1)
    zone = zoneinfo.ZoneInfo("America/Lima")
    starts = dt.datetime(2026, 3, 2, 18, 0, tzinfo=zone)
    with pytest.raises(ValidationError):
        services.meeting_move(
            meeting=meeting,
            on=meeting.planned_on,
            by=meeting.relationship.mentor.user,
            starts_at=starts,
            ends_at=starts - dt.timedelta(hours=1),
        )
    meeting.starts_at, meeting.ends_at = starts, starts
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_moving_a_meeting_keeps_its_first_date(relationship):
    meeting = relationship.meetings.get(number=2)
    first = meeting.planned_on
    services.meeting_move(
        meeting=meeting, on=first + dt.timedelta(days=3), by=relationship.mentor.user
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MOVED
    assert meeting.moved_from == first


def test_logging_marks_the_meeting_held_or_missed(world, relationship):
    meeting = relationship.meetings.get(number=1)
    mentee = relationship.mentees.get()
    log = services.meeting_log(
        meeting=meeting,
        by=world.mentor,
        data={"held": True, "duration_minutes": 90, "topics": "Metas", "attended": [mentee]},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert list(log.attended.all()) == [mentee]
    services.meeting_log(meeting=meeting, by=world.mentor, data={"held": False})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MISSED


def test_agreement_needs_both_sides_and_a_change_asks_again(world, relationship):
    agreement = services.agreement_save(
        relationship=relationship, by=world.mentor, data={"goals": "Vender a una empresa grande"}
    )
    services.agreement_confirm(agreement=agreement, by=world.mentor)
    assert not agreement.is_confirmed
    services.agreement_confirm(agreement=agreement, by=world.mentee)
    assert agreement.is_confirmed
    # Saving the same text keeps the confirmations; a change asks again.
    services.agreement_save(
        relationship=relationship, by=world.mentee, data={"goals": "Vender a una empresa grande"}
    )
    assert agreement.is_confirmed
    agreement = services.agreement_save(
        relationship=relationship, by=world.mentee, data={"goals": "Exportar"}
    )
    assert not agreement.confirmations.exists()
    assert not agreement.is_confirmed
    with pytest.raises(ValidationError):
        services.agreement_confirm(agreement=agreement, by=UserFactory())


def test_in_a_circle_each_mentee_confirms_the_agreement_herself(world):
    _mentor, mentees = _mentor_with_two_places(world, Program.Format.GROUP)
    (circle,) = services.relationships_from_matches(program=world.program)
    agreement = services.agreement_save(
        relationship=circle, by=world.mentor, data={"goals": "Vender a hoteles"}
    )
    services.agreement_confirm(agreement=agreement, by=world.mentor)
    services.agreement_confirm(agreement=agreement, by=mentees[0].user)
    # One mentee's confirmation does not count for the other.
    assert not agreement.is_confirmed
    assert {person.pk: bool(c) for person, c in agreement.signatories()} == {
        circle.mentor_id: True,
        mentees[0].pk: True,
        mentees[1].pk: False,
    }
    services.agreement_confirm(agreement=agreement, by=mentees[1].user)
    assert agreement.is_confirmed
    # Confirming twice keeps the first confirmation.
    first = agreement.confirmations.get(membership=mentees[0])
    again = services.agreement_confirm(agreement=agreement, by=mentees[0].user)
    assert again.pk == first.pk and again.confirmed_at == first.confirmed_at
    # A mentee who joins the circle later has not confirmed yet.
    third = MembershipFactory(program=world.program, role=Role.MENTEE, wave=world.wave)
    circle.mentees.add(third)
    assert not Relationship.objects.get(pk=circle.pk).agreement.is_confirmed
    # Changing the agreement asks everyone again.
    services.agreement_save(relationship=circle, by=mentees[1].user, data={"goals": "Exportar"})
    assert not agreement.confirmations.exists()
