"""The commitment in one sentence, written from the plan that applies: "12 reuniones en 16
semanas, 2 h por semana", on the call page and the program home, in Spanish and English."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from puente.conftest import client_for
from puente.mentoring.models import SessionPlan
from puente.programs.commitment import Commitment, commitment_for, commitment_text
from puente.recruitment.tests.test_public import open_call

pytestmark = pytest.mark.django_db
SPANISH = Client(headers={"accept-language": "es"})


@pytest.mark.parametrize(
    ("commitment", "spanish", "english"),
    [
        (
            Commitment(12, Decimal("2.0"), span_weeks=16),
            "12 reuniones en 16 semanas, 2 h por semana",
            "12 meetings in 16 weeks, 2 h a week",
        ),
        (
            Commitment(10, Decimal("1.5"), span_months=6),
            "10 reuniones en 6 meses, 1,5 h por semana",
            "10 meetings in 6 months, 1.5 h a week",
        ),
        (
            Commitment(1, Decimal("1"), span_weeks=1),
            "1 reunión en 1 semana, 1 h por semana",
            "1 meeting in 1 week, 1 h a week",
        ),
        (
            Commitment(3, Decimal("1"), span_months=1),
            "3 reuniones en 1 mes, 1 h por semana",
            "3 meetings in 1 month, 1 h a week",
        ),
        (
            Commitment(12, Decimal("2"), cadence="weekly"),
            "12 reuniones semanales, 2 h por semana",
            "12 weekly meetings, 2 h a week",
        ),
        (
            Commitment(10, Decimal("1"), cadence="biweekly"),
            "10 reuniones cada dos semanas, 1 h por semana",
            "10 meetings every two weeks, 1 h a week",
        ),
        (
            Commitment(1, Decimal("1"), cadence="monthly"),
            "1 reunión mensual, 1 h por semana",
            "1 monthly meeting, 1 h a week",
        ),
    ],
)
def test_the_commitment_in_both_languages_with_plurals(commitment, spanish, english):
    with translation.override("es"):
        assert commitment_text(commitment) == spanish
    with translation.override("en"):
        assert str(commitment) == english


def test_the_plan_that_applies_gives_the_figures(world):
    program = world.program
    program.planned_meetings, program.cadence, program.hours_per_week = 12, "weekly", 2
    program.save()
    # Without a plan: the program's own figures.
    assert commitment_for(program) == Commitment(12, Decimal("2"), cadence="weekly")
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    SessionPlan.objects.create(program=program, wave=world.wave, meetings=10, span_months=6)
    assert commitment_for(program) == Commitment(12, Decimal("2"), span_weeks=16)
    assert commitment_for(program, world.wave).span_months == 6


def test_a_call_for_a_wave_shows_that_waves_plan(world):
    SessionPlan.objects.create(program=world.program, meetings=12, span_weeks=16)
    SessionPlan.objects.create(
        program=world.program, wave=world.wave, meetings=10, span_months=6, cadence="biweekly"
    )
    world.program.hours_per_week = 1
    world.program.save()
    call = open_call(world)
    page = SPANISH.get(reverse("recruitment:call-public", args=[call.slug])).content.decode()
    assert "10 reuniones en 6 meses, 1 h por semana" in page


def test_the_program_home_and_set_up_show_the_same_commitment(world):
    SessionPlan.objects.create(program=world.program, meetings=12, span_weeks=16)
    world.program.hours_per_week = 2
    world.program.save()
    expected = "12 reuniones en 16 semanas, 2 h por semana"
    home = reverse("programs:program-home", args=[world.program.slug])
    for person in (world.coordinator, world.mentee):
        person.language = "es"
        person.save()
        assert expected in client_for(person).get(home).content.decode()
    setup = client_for(world.coordinator).get(
        reverse("programs:program-edit", args=[world.program.slug])
    )
    assert expected in setup.content.decode()
