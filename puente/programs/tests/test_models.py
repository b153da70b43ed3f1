"""Model validation and database constraints of programs, waves, tracks and memberships."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from puente.core.permissions import Role
from puente.factories import (
    FocusAreaFactory,
    MembershipFactory,
    ProgramFactory,
    TrackFactory,
    UserFactory,
    WaveFactory,
)
from puente.programs.models import FocusArea, Membership, Program, Track, Wave

pytestmark = pytest.mark.django_db

JAN_1, DEC_31 = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def program():
    return ProgramFactory(starts_on=JAN_1, ends_on=DEC_31)


def _errors(instance):
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


# Program


def test_a_program_with_sound_dates_is_valid(program):
    program.full_clean()


def test_a_program_cannot_end_before_it_starts(program):
    program.ends_on = dt.date(2025, 12, 31)
    assert set(_errors(program)) == {"ends_on"}


def test_a_program_may_start_and_end_the_same_day(program):
    program.ends_on = program.starts_on
    program.full_clean()


def test_the_database_refuses_a_program_ending_before_it_starts(program):
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(ends_on=dt.date(2025, 1, 1))


def test_program_limits_on_commitment(program):
    program.hours_per_week = 41
    program.planned_meetings = 201
    assert {"hours_per_week", "planned_meetings"} <= set(_errors(program))


def test_program_url_is_its_home(program):
    assert program.get_absolute_url() == f"/p/{program.slug}/"


# Wave


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (JAN_1, DEC_31),
        (dt.date(2026, 3, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 5, 5), dt.date(2026, 5, 5)),
    ],
)
def test_a_wave_inside_the_program_dates_is_valid(program, starts_on, ends_on):
    Wave(program=program, number=1, starts_on=starts_on, ends_on=ends_on).full_clean()


def test_a_wave_cannot_start_before_the_program(program):
    wave = Wave(program=program, number=1, starts_on=dt.date(2025, 12, 31), ends_on=DEC_31)
    errors = _errors(wave)
    assert set(errors) == {"starts_on"}
    assert "2026-01-01" in errors["starts_on"][0]


def test_a_wave_cannot_end_after_the_program(program):
    wave = Wave(program=program, number=1, starts_on=JAN_1, ends_on=dt.date(2027, 1, 1))
    errors = _errors(wave)
    assert set(errors) == {"ends_on"}
    assert "2026-12-31" in errors["ends_on"][0]


def test_a_wave_cannot_end_before_it_starts(program):
    wave = Wave(
        program=program, number=1, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 5, 1)
    )
    assert set(_errors(wave)) == {"ends_on"}


def test_the_database_refuses_a_wave_ending_before_it_starts(program):
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.create(
            program=program, number=1, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 5, 1)
        )


def test_wave_numbers_are_unique_per_program(program):
    WaveFactory(program=program, number=1)
    WaveFactory(program=ProgramFactory(), number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaveFactory(program=program, number=1)


def test_a_wave_is_named_by_its_name_or_its_number(program):
    assert str(WaveFactory(program=program, number=3, name="")) in {"Wave 3", "Ola 3"}
    assert str(WaveFactory(program=program, number=4, name="Cohorte de otoño")) == (
        "Cohorte de otoño"
    )


# Track and focus area


def test_track_names_are_unique_per_program(program):
    TrackFactory(program=program, name="Liderazgo")
    TrackFactory(program=ProgramFactory(), name="Liderazgo")
    with pytest.raises(ValidationError):
        Track(program=program, name="Liderazgo").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.create(program=program, name="Liderazgo")


def test_focus_area_names_are_unique_per_program(program):
    FocusAreaFactory(program=program, name="Finanzas")
    with pytest.raises(IntegrityError), transaction.atomic():
        FocusArea.objects.create(program=program, name="Finanzas", kind=FocusArea.Kind.BUSINESS)


# Membership


def test_one_membership_per_person_program_and_role(program):
    person = UserFactory()
    MembershipFactory(user=person, program=program, role=Role.MENTEE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=person, program=program, role=Role.MENTEE)
    assert Membership.objects.filter(user=person).count() == 1


def test_a_person_may_hold_several_roles_and_programs(program):
    person = UserFactory()
    MembershipFactory(user=person, program=program, role=Role.MENTEE)
    MembershipFactory(user=person, program=program, role=Role.MENTOR)
    MembershipFactory(user=person, program=ProgramFactory(), role=Role.MENTEE)
    assert Membership.objects.filter(user=person).count() == 3


def test_a_membership_in_its_own_programs_wave_and_track_is_valid(program):
    membership = Membership(
        user=UserFactory(),
        program=program,
        role=Role.MENTEE,
        wave=WaveFactory(program=program),
        track=TrackFactory(program=program),
    )
    membership.full_clean()


def test_a_membership_cannot_point_at_another_programs_wave_or_track(program):
    other = ProgramFactory()
    membership = Membership(
        user=UserFactory(),
        program=program,
        role=Role.MENTEE,
        wave=WaveFactory(program=other),
        track=TrackFactory(program=other),
    )
    assert set(_errors(membership)) == {"wave", "track"}


def test_a_membership_role_must_be_a_known_role(program):
    membership = Membership(user=UserFactory(), program=program, role="owner")
    assert set(_errors(membership)) == {"role"}
