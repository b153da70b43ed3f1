"""A cancelled event was not held: the event-attendance indicator leaves it out, even when
attendance had been ticked before it was called off."""

import datetime as dt
from decimal import Decimal

import pytest

from puente.events.models import Event, EventInvitation
from puente.monitoring.tests.test_indicators import _answers, _compute, _indicator

pytestmark = pytest.mark.django_db


def _event(world, title, start, **fields):
    return Event.objects.create(
        program=world.program,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        attendance_taken_at=start,
        **fields,
    )


def test_event_attendance_leaves_cancelled_events_out(world, me_world):
    start = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)
    held = _event(world, "Lanzamiento", start)
    called_off = _event(
        world,
        "Taller",
        start + dt.timedelta(days=3),
        cancelled_at=start + dt.timedelta(days=3, hours=1),
        cancel_reason="Tormenta",
    )
    for index, membership in enumerate(me_world.mentees):
        EventInvitation.objects.create(
            event=held, user=membership.user, membership=membership, attended=index < 3
        )
        EventInvitation.objects.create(
            event=called_off, user=membership.user, membership=membership, attended=False
        )
    _answers(me_world, "baseline", [], close=False)
    value = _compute(world, _indicator(world, computation="event_attendance")).overall
    # 3 of the 6 invited to the held event; counting the cancelled one would say 3 of 12.
    # (Computed, not shown: fewer than 5 people attended.)
    assert value.at("baseline").value == Decimal("50.00")
