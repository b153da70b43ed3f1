"""Selection by lottery: a seeded draw among the eligible applicants, recorded and reproducible,
deciding them through the usual decisions, shown on the decisions page."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from puente.conftest import client_for
from puente.recruitment.lottery import draw, lottery_draw, lottery_replay
from puente.recruitment.models import Application, Lottery
from puente.recruitment.tests.helpers import make_call_with_rubric, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(world):
    call = make_call_with_rubric(world.program, by=world.coordinator, wave=world.wave)
    for n in range(7):
        submitted_application(call, email=f"candidata{n}@example.org")
    # Not eligible: already decided otherwise.
    rejected = submitted_application(call, email="rechazada@example.org")
    Application.objects.filter(pk=rejected.pk).update(status=Application.Status.REJECTED)
    return call


def test_the_draw_is_random_random_with_the_seed_over_the_eligible_in_order():
    eligible = [11, 12, 15, 20, 31]
    # Written out: what random.Random(99).sample gives over the same list, sorted.
    expected = sorted(random.Random(99).sample(eligible, 2))  # noqa: S311
    assert draw(eligible, 2, 99) == expected
    assert draw(eligible, 2, 99) == draw(list(eligible), 2, 99)
    assert draw(eligible, 10, 1) == eligible  # more places than people: everyone


def test_lottery_records_the_draw_and_decides(world, call):
    lottery = lottery_draw(call=call, role="mentee", places=3, seed=2026, by=world.coordinator)
    eligible = list(
        call.applications.exclude(email="rechazada@example.org")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert lottery.eligible == eligible
    assert lottery.seed == 2026 and lottery.drawn_by == world.coordinator
    assert lottery.drawn_at is not None
    assert lottery.selected == draw(eligible, 3, 2026) == lottery_replay(lottery)
    statuses = dict(call.applications.values_list("pk", "status"))
    assert {pk for pk in eligible if statuses[pk] == "accepted"} == set(lottery.selected)
    assert {pk for pk in eligible if statuses[pk] == "waitlisted"} == set(eligible) - set(
        lottery.selected
    )
    # Once per call and role.
    with pytest.raises(ValidationError):
        lottery_draw(call=call, role="mentee", places=1, seed=1, by=world.coordinator)


def test_decisions_page_draws_and_shows_the_seed(world, call):
    url = reverse("recruitment:lottery", args=[world.program.slug, call.pk])
    assert client_for(world.reviewer).post(url, {"role": "mentee", "places": 2}).status_code == 403
    coordinator = client_for(world.coordinator)
    response = coordinator.post(
        url,
        {
            "role": "mentee",
            "places": 2,
            "seed": 777,
            "submit_key": "6f1c1a9e-2c55-4a57-9d9b-1d2b9a0e6f01",
        },
    )
    assert response.status_code == 302
    lottery = Lottery.objects.get(call=call)
    assert lottery.seed == 777 and len(lottery.selected) == 2
    page = coordinator.get(
        reverse("recruitment:application-list", args=[world.program.slug, call.pk])
    )
    assert f'id="lottery-{lottery.pk}"' in page.text
    assert "777" in page.text
