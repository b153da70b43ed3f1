"""The session plans page: the program's calendar and breaks, each plan's commitment and the
days it lays out (with the meetings moved off closed days), spans in weeks or months."""

import datetime as dt

import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.factories import WaveFactory
from puente.mentoring.models import SessionPlan
from puente.mentoring.wave_copy import copy_wave_settings
from puente.programs.models import Break

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"mentoring:{name}", args=[world.program.slug, *args])


def _spanish(user):
    user.language = "es"
    user.save()
    return client_for(user)


def test_the_page_shows_the_calendar_each_plans_commitment_and_why_meetings_moved(world):
    program = world.program
    program.country, program.working_days, program.hours_per_week = "CO", "12345", 2
    program.starts_on = dt.date(2026, 12, 18)  # the Friday before Christmas
    program.save()
    world.wave.starts_on = program.starts_on
    world.wave.save()
    SessionPlan.objects.create(program=program, meetings=3, cadence="weekly")
    Break.objects.create(
        program=program,
        name="Semana Santa",
        starts_on=dt.date(2027, 3, 22),
        ends_on=dt.date(2027, 3, 28),
    )
    page = _spanish(world.coordinator).get(_url(world, "session-plans")).text
    assert "Días de reunión: lunes a viernes" in page
    assert "festivos de Colombia" in page
    assert "Semana Santa" in page
    assert page.count("3 reuniones semanales, 2 h por semana") == 2  # the program and its wave
    assert "movida del viernes 25 de diciembre de 2026: Navidad" in page
    assert "Lunes 28 de diciembre de 2026" in page


def test_a_plan_in_months_is_saved_and_the_program_follows_it(world):
    data = {
        "plan-program-meetings": "10",
        "plan-program-span": "6",
        "plan-program-span_unit": "months",
        "plan-program-hours_per_meeting": "1.5",
        "plan-program-cadence": "biweekly",
        "plan-program-themes": "",
    }
    response = client_for(world.coordinator).post(_url(world, "session-plan-save", "program"), data)
    assert response.status_code == 302
    plan = SessionPlan.objects.get(program=world.program, wave=None)
    assert (plan.meetings, plan.span_weeks, plan.span_months) == (10, None, 6)
    world.program.refresh_from_db()
    assert (world.program.planned_meetings, world.program.cadence) == (10, "biweekly")
    page = client_for(world.coordinator).get(_url(world, "session-plans")).text
    assert 'name="plan-program-span" value="6"' in page
    assert '<option value="months" selected>' in page


def test_a_plan_cannot_hold_more_meetings_than_days_or_both_spans(world):
    data = {
        "plan-program-meetings": "12",
        "plan-program-span": "1",
        "plan-program-span_unit": "weeks",
        "plan-program-hours_per_meeting": "1",
        "plan-program-cadence": "weekly",
    }
    response = client_for(world.coordinator).post(_url(world, "session-plan-save", "program"), data)
    assert response.status_code == 422
    assert 'name="plan-program-meetings" value="12"' in response.text
    assert not SessionPlan.objects.exists()
    plan = SessionPlan(program=world.program, meetings=4, span_weeks=8, span_months=2)
    with pytest.raises(Exception, match="not both"):
        plan.full_clean()


def test_the_next_wave_copies_a_plan_in_months(world):
    SessionPlan.objects.create(program=world.program, wave=world.wave, meetings=10, span_months=6)
    target = WaveFactory(program=world.program, number=2)
    copy_wave_settings(world.wave.pk, target.pk, 0)
    assert SessionPlan.objects.get(wave=target).span_months == 6
