"""The indicators' figures are kept in the cache: a second visit computes nothing, answers and
rounds refresh them at once, other activity within INDICATORS_CACHE_SECONDS."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from puente.conftest import client_for
from puente.events.models import Event, EventInvitation
from puente.monitoring import indicators as computing
from puente.monitoring import services
from puente.monitoring.models import RoundInvitation
from puente.monitoring.tests.test_indicators import BASELINE, _answers, _compute, _indicator

pytestmark = pytest.mark.django_db

LABELS: dict = {"wave": {}, "track": {}}


def _confidence(world):
    return _indicator(world, computation="answer_mean", question_key="confidence")


def _results(world, **kwargs):
    results, computed_at = computing.program_results(
        world.program, today=dt.date(2026, 11, 23), labels=kwargs.get("labels", LABELS)
    )
    return results, computed_at


def _overall(results, kind="baseline"):
    return results[0].overall.at(kind)


def _event(world, title, start, attended):
    """An event of the world's program whose attendance was taken: every mentee invited,
    ``attended`` or not."""
    event = Event.objects.create(
        program=world.program,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        attendance_taken_at=start,
    )
    for membership in world.mentees:
        EventInvitation.objects.create(
            event=event, user=membership.user, membership=membership, attended=attended
        )
    return event


def test_a_second_read_computes_nothing_and_gives_the_same_figures(me_world):
    _answers(me_world, "baseline", BASELINE, close=False)
    _confidence(me_world)
    with CaptureQueriesContext(connection) as first:
        results, computed_at = _results(me_world)
    with CaptureQueriesContext(connection) as second:
        again, computed_again = _results(me_world)
    assert _overall(again) == _overall(results)
    assert _overall(again).people == len(BASELINE)
    assert computed_again == computed_at
    # Only the indicators themselves are read again (the answers are not aggregated again).
    assert len(second) == 1 < len(first)
    assert "instruments_answer" not in second[0]["sql"]


def test_an_answer_refreshes_the_figures_at_once(me_world):
    round_ = _answers(me_world, "baseline", BASELINE[:5], close=False)
    _confidence(me_world)
    before = _overall(_results(me_world)[0])
    assert before.people == 5
    sixth = me_world.mentees[5]
    services.round_answer(
        invitation=RoundInvitation.objects.get(round=round_, user=sixth.user),
        cleaned={
            "confidence": 5,
            "po_process": "yes",
            "sold_to_corporate": "no",
            "monthly_sales": 1,
        },
    )
    after = _overall(_results(me_world)[0])
    assert after.people == 6
    assert after.value != before.value


def test_closing_a_round_refreshes_the_figures(me_world):
    round_ = _answers(me_world, "baseline", BASELINE, close=False)
    _confidence(me_world)
    key_before = cache.get(computing._version_key(me_world.program.pk))
    services.round_close(round_=round_, by=me_world.coordinator)
    assert cache.get(computing._version_key(me_world.program.pk)) != key_before


def test_other_activity_shows_once_the_cached_figures_expire(world, me_world, settings):
    event = _event(me_world, "Lanzamiento", dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC), False)
    _answers(me_world, "baseline", [], close=False)
    _indicator(world, computation="event_attendance")
    assert _overall(_results(me_world)[0]).shown == Decimal("0.00")
    EventInvitation.objects.filter(event=event).update(attended=True)
    # Still the cached figure: attendance does not refresh it...
    assert _overall(_results(me_world)[0]).shown == Decimal("0.00")
    # ...until the cached figures expire (here: as if the time had passed).
    cache.clear()
    assert _overall(_results(me_world)[0]).shown == Decimal("100.00")
    # With the cache turned off every read computes.
    settings.INDICATORS_CACHE_SECONDS = 0
    EventInvitation.objects.filter(event=event).update(attended=False)
    assert _overall(_results(me_world)[0]).shown == Decimal("0.00")


def test_figures_are_kept_apart_by_language_and_definition(me_world):
    from django.utils import translation

    _answers(me_world, "baseline", BASELINE, close=False)
    indicator = _confidence(me_world)
    with translation.override("es"):
        spanish = _results(me_world)[0][0].overall.label
    english = _results(me_world)[0][0].overall.label
    assert (spanish, english) == ("Todas", "All")
    services.indicator_save(
        program=me_world.program,
        indicator=indicator,
        data={"name": "Confianza", "computation": "answer_mean", "question_key": "po_process"},
    )
    (result,), _at = _results(me_world)
    assert result.indicator.question_key == "po_process"
    assert result.overall.at("baseline").people == 0  # not a number question: no data


def test_the_page_says_when_its_figures_were_computed(me_world):
    _answers(me_world, "baseline", BASELINE, close=False)
    _confidence(me_world)
    client = client_for(me_world.coordinator)
    url = reverse("monitoring:indicators", args=[me_world.program.slug])
    first = client.get(url)
    assert "Figures computed at" in first.content.decode()
    with CaptureQueriesContext(connection) as cached:
        again = client.get(url)
    assert again.status_code == 200
    assert not any("instruments_answer" in q["sql"] for q in cached.captured_queries)


def test_event_attendance_counts_up_to_the_end_of_the_rounds_day_in_local_time(world, me_world):
    """A round closed on 1 November (Bogotá) counts an event at 23:30 that evening (04:30 UTC on
    the 2nd) and not one at 00:30 on the 2nd."""
    bogota = dt.timezone(dt.timedelta(hours=-5))
    for title, local, attended in (
        ("La tarde", dt.datetime(2026, 11, 1, 23, 30, tzinfo=bogota), True),
        ("Al otro día", dt.datetime(2026, 11, 2, 0, 30, tzinfo=bogota), False),
    ):
        _event(me_world, title, local, attended)
    baseline = _answers(me_world, "baseline", [], close=False)
    baseline.status = "closed"
    baseline.closed_at = dt.datetime(2026, 11, 1, 20, tzinfo=bogota)
    baseline.save()
    with timezone.override("America/Bogota"):
        value = _compute(world, _indicator(world, computation="event_attendance")).overall
    assert value.at("baseline").shown == Decimal("100.00")  # the evening's event only
    assert value.at("baseline").people == len(me_world.mentees)
