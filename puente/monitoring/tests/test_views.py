"""Who may open which M&E page; opening, answering and closing through the pages; the
observer's aggregates-only view."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from puente.conftest import client_for
from puente.core.models import SubmittedForm
from puente.core.permissions import Role
from puente.factories import MembershipFactory, UserFactory
from puente.monitoring import services
from puente.monitoring.models import Indicator, Round, RoundInvitation
from puente.monitoring.tests.test_indicators import BASELINE, ENDLINE, _answers

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"monitoring:{name}", args=[world.program.slug, *args])


def test_wrong_methods(me_world):
    round_ = _answers(me_world, "baseline", BASELINE, close=False)
    client = client_for(me_world.coordinator)
    assert client.post(_url(me_world, "rounds")).status_code == 405
    assert client.get(_url(me_world, "round-open")).status_code == 405
    assert client.get(_url(me_world, "round-close", round_.pk)).status_code == 405
    assert client.post(_url(me_world, "indicators")).status_code == 405
    assert client.delete(_url(me_world, "round-answer", round_.pk)).status_code == 405


def test_post_only_pages_refuse_others(me_world):
    round_ = _answers(me_world, "baseline", BASELINE, close=False)
    for role, status in (("observer", 403), ("mentee", 403), ("outsider", 404)):
        client = client_for(getattr(me_world, role))
        assert client.post(_url(me_world, "round-close", round_.pk)).status_code == status
        assert client.post(_url(me_world, "round-open"), {}).status_code == status
    assert Round.objects.get().is_open


def _open_data(world, **extra):
    return {
        "wave": world.wave.pk,
        "kind": "baseline",
        "instrument": world.surveys["baseline"].pk,
        "roles": ["mentee"],
        "reminder_every_days": 7,
        "submit_key": "6f1c1b6e-7a57-4a8e-9a41-1c1d1f1e1a10",
        **extra,
    }


def test_opening_a_round_once_even_if_submitted_twice(me_world):
    client = client_for(me_world.coordinator)
    first = client.post(_url(me_world, "round-open"), _open_data(me_world))
    second = client.post(_url(me_world, "round-open"), _open_data(me_world))
    round_ = Round.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == _url(me_world, "round", round_.pk)
    assert round_.invitations.count() == 6
    assert SubmittedForm.objects.count() == 1


def test_opening_a_round_with_bad_input_keeps_it_and_explains(me_world):
    client = client_for(me_world.coordinator)
    client.post(_url(me_world, "round-open"), _open_data(me_world))
    response = client.post(
        _url(me_world, "round-open"),
        _open_data(
            me_world, submit_key="0f1c1b6e-7a57-4a8e-9a41-1c1d1f1e1a10", reminder_every_days=0
        ),
    )
    assert response.status_code == 422
    assert "This wave already has a round of this kind." in response.text
    assert 'value="0"' in response.text
    assert Round.objects.count() == 1


def test_a_mentee_answers_and_edits_until_the_round_closes(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    url = _url(me_world, "round-answer", round_.pk)
    mentee = client_for(me_world.mentee)
    data = {
        "confidence": "2",
        "formally_registered": "yes",
        "po_process": "no",
        "sold_to_corporate": "no",
        "corporate_sales": "0",
        "monthly_sales": "80",
    }
    assert mentee.post(url, data).status_code == 302
    assert mentee.post(url, {**data, "confidence": "4"}).status_code == 302
    invitation = RoundInvitation.objects.get(round=round_, user=me_world.mentee)
    assert invitation.submission.answers.get(question__key="confidence").number == 4
    page = mentee.get(url)
    assert page.status_code == 200
    assert re.search(r'<input[^>]*name="confidence"[^>]*value="4"[^>]*checked', page.text)
    assert "already-answered" in page.text
    bad = mentee.post(url, {**data, "monthly_sales": "-5"})
    assert bad.status_code == 422
    assert 'value="-5"' in bad.text
    client_for(me_world.coordinator).post(_url(me_world, "round-close", round_.pk))
    assert mentee.post(url, {**data, "confidence": "1"}).status_code == 403
    assert invitation.submission.answers.get(question__key="confidence").number == 4
    assert "round-closed" in mentee.get(url).text


def test_only_invitees_open_their_own_answer(me_world):
    round_ = _answers(me_world, "baseline", [(2, "yes", "yes", 777)], close=False)
    url = _url(me_world, "round-answer", round_.pk)
    # A mentee who was not invited, the coordinator and the observer see nothing.
    late = UserFactory()
    MembershipFactory(user=late, program=me_world.program, role=Role.MENTEE)
    for user in (late, me_world.coordinator, me_world.observer, me_world.outsider):
        assert client_for(user).get(url).status_code == 404
    # Another mentee's page shows only their own (empty) answers, none of the first mentee's.
    assert "777" in client_for(me_world.mentees[0].user).get(url).text
    text = client_for(me_world.mentees[1].user).get(url).text
    assert "777" not in text
    assert "already-answered" not in text


def test_observer_sees_aggregates_only_and_small_groups_suppressed(me_world):
    _answers(me_world, "baseline", BASELINE)
    _answers(me_world, "endline", ENDLINE)
    services.indicator_save(
        program=me_world.program,
        data={
            "name": "Confianza",
            "computation": "answer_mean",
            "question_key": "confidence",
            "disaggregation": "gender",
            "target": 4,
        },
    )
    response = client_for(me_world.observer).get(_url(me_world, "indicators"))
    text = response.text
    assert response.status_code == 200
    assert "2.5" in text and "+1.5" in text
    assert "fewer than 5" in text
    assert "Hombre" in text  # the group is named, its value is not
    for membership in me_world.mentees:
        assert membership.user.full_name not in text
    assert _url(me_world, "indicator-create") not in text
    assert "<svg" in text and "no data" in text  # the midline
    # Nor may the observer open who answered.
    round_ = Round.objects.first()
    assert client_for(me_world.observer).get(_url(me_world, "round", round_.pk)).status_code == 403


def test_round_page_lists_who_answered_and_rates(me_world):
    round_ = _answers(me_world, "baseline", BASELINE[:4], close=False)
    text = client_for(me_world.coordinator).get(_url(me_world, "round", round_.pk)).text
    assert "67%" in text
    assert me_world.mentees[5].user.full_name in text


def test_indicator_form_validates_and_saves_once(me_world):
    client = client_for(me_world.coordinator)
    data = {
        "name": "Confianza",
        "level": "outcome",
        "computation": "answer_mean",
        "question_key": "",
        "disaggregation": "",
        "submit_key": "1f1c1b6e-7a57-4a8e-9a41-1c1d1f1e1a10",
    }
    bad = client.post(_url(me_world, "indicator-create"), data)
    assert bad.status_code == 422
    assert "Give the key of the question" in bad.text
    assert 'value="Confianza"' in bad.text
    good = {**data, "question_key": "confidence"}
    assert client.post(_url(me_world, "indicator-create"), good).status_code == 302
    assert client.post(_url(me_world, "indicator-create"), good).status_code == 302
    assert Indicator.objects.count() == 1
    indicator = Indicator.objects.get()
    edit = {**good, "name": "Confianza media", "submit_key": "2f1c1b6e-7a57-4a8e-9a41-1c1d1f1e1a10"}
    assert client.post(_url(me_world, "indicator-edit", indicator.pk), edit).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Confianza media"
    assert client.post(_url(me_world, "indicator-delete", indicator.pk)).status_code == 302
    assert not Indicator.objects.exists()


def _page_queries(client, url):
    cache.clear()  # the indicators' figures are cached: count the queries that compute them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_people(me_world):
    services.indicator_save(
        program=me_world.program,
        data={
            "name": "Confianza",
            "computation": "answer_mean",
            "question_key": "confidence",
            "disaggregation": "gender",
        },
    )
    services.indicator_save(
        program=me_world.program, data={"name": "Reuniones", "computation": "meetings_held"}
    )
    round_ = _answers(me_world, "baseline", BASELINE, close=False)
    client = client_for(me_world.coordinator)
    urls = [
        _url(me_world, "indicators"),
        _url(me_world, "rounds"),
        _url(me_world, "round", round_.pk),
    ]
    small = [_page_queries(client, url) for url in urls]
    for n in range(10):
        user = UserFactory(gender=f"g{n % 3}")
        membership = MembershipFactory(
            user=user, program=me_world.program, role=Role.MENTEE, wave=me_world.wave
        )
        invitation = RoundInvitation.objects.create(round=round_, user=user, membership=membership)
        services.round_answer(
            invitation=invitation,
            cleaned={
                "confidence": 3,
                "po_process": "yes",
                "sold_to_corporate": "no",
                "monthly_sales": 10,
            },
        )
    large = [_page_queries(client, url) for url in urls]
    assert large == small
