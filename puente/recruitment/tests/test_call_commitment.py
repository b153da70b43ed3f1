"""The call page writes the program's commitment from its session plan."""

import pytest
from django.test import Client
from django.urls import reverse

from puente.mentoring.models import SessionPlan
from puente.recruitment.tests.test_public import open_call

pytestmark = pytest.mark.django_db


def test_the_call_page_says_twelve_meetings_in_sixteen_weeks_not_weekly(world):
    """The call page said "12 reuniones · Semanal" while the plan was 12 meetings in 16 weeks."""
    program = world.program
    program.planned_meetings, program.cadence, program.hours_per_week = 12, "weekly", 2
    program.save()
    SessionPlan.objects.create(program=program, meetings=12, span_weeks=16)
    call = open_call(world, wave=None)
    spanish = Client(headers={"accept-language": "es"})
    page = spanish.get(reverse("recruitment:call-public", args=[call.slug])).content.decode()
    assert "12 reuniones en 16 semanas, 2 h por semana" in page
    assert "Semanal" not in page
