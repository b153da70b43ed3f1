"""Automatic criteria pick their question from the call's application forms."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from puente.conftest import client_for
from puente.recruitment import services
from puente.recruitment.models import AutoCriterion
from puente.recruitment.tests.helpers import make_call_with_rubric

pytestmark = pytest.mark.django_db


def _post(world, call, key):
    url = reverse("recruitment:criterion-add", args=[world.program.slug, call.pk])
    return client_for(world.coordinator).post(
        url,
        {
            "criterion-label": "Tiempo suficiente",
            "criterion-question_key": key,
            "criterion-expected": "2",
            "criterion-weight": "1",
            "criterion-submit_key": str(uuid.uuid4()),
        },
    )


def test_the_question_is_a_list_of_the_calls_form_questions_with_their_labels(world):
    call = make_call_with_rubric(world.program, by=world.coordinator, roles=("mentee", "mentor"))
    url = reverse("recruitment:call-edit", args=[world.program.slug, call.pk])
    page = client_for(world.coordinator).get(url)  # the coordinator reads English
    html = page.content.decode()
    assert '<select name="criterion-question_key"' in html
    # Grouped by form, labelled as the applicants read them; texts and files are left out.
    assertContains(page, '<option value="hours">Time you can give</option>', count=2)
    assertContains(page, '<option value="motivation">')
    assertContains(page, '<optgroup label="Mentor: ')
    assertNotContains(page, '<option value="cv">')
    assertNotContains(page, '<option value="goals">')


def test_a_question_not_in_the_calls_forms_is_refused(world):
    call = make_call_with_rubric(world.program, by=world.coordinator)
    assert _post(world, call, "typo-key").status_code == 422
    assert not call.auto_criteria.exists()
    response = _post(world, call, "hours")
    assert response.status_code == 302
    assert call.auto_criteria.get().question_key == "hours"


def test_a_criterion_with_an_old_typed_key_keeps_working(world):
    call = make_call_with_rubric(world.program, by=world.coordinator)
    # Typed by hand before the list: one key of the form, one that names no question.
    AutoCriterion.objects.create(
        call=call, label="Horas", question_key="hours", expected="2", weight=Decimal(1)
    )
    services.auto_criterion_add(
        call=call, label="Antigua", question_key="old-key", expected="yes", weight=Decimal(1)
    )
    url = reverse("recruitment:call-edit", args=[world.program.slug, call.pk])
    page = client_for(world.coordinator).get(url)
    assert page.status_code == 200
    assertContains(page, "Time you can give <span")
    assertContains(page, "<code>old-key</code>")
