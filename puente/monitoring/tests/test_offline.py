"""Surveys answered on a phone without a connection: the server side of the outbox (a delivery
stored once per submit key, and only for the invitation whose key it is), the page's hooks for
the offline script under the Content-Security-Policy, and the service worker."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from puente.conftest import client_for
from puente.core.models import SubmittedForm
from puente.instruments.models import Submission
from puente.monitoring import offline
from puente.monitoring.models import RoundInvitation
from puente.monitoring.tests.test_indicators import _answers

pytestmark = pytest.mark.django_db

OUTBOX = {"HTTP_PUENTE_OUTBOX": "1"}
ANSWERS = {
    "confidence": "3",
    "formally_registered": "yes",
    "po_process": "no",
    "sold_to_corporate": "no",
    "corporate_sales": "0",
    "monthly_sales": "450",
}


def _url(world, round_):
    return reverse("monitoring:round-answer", args=[world.program.slug, round_.pk])


def _confidence(world, round_, user=None):
    invitation = RoundInvitation.objects.get(round=round_, user=user or world.mentee)
    return invitation.submission.answers.get(question__key="confidence").number


def test_a_delivery_sent_twice_is_stored_once(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    mentee = client_for(me_world.mentee)
    data = {**ANSWERS, "submit_key": str(uuid.uuid4())}
    first = mentee.post(_url(me_world, round_), data, **OUTBOX)
    again = mentee.post(_url(me_world, round_), data, **OUTBOX)
    assert first.status_code == again.status_code == 204
    assert Submission.objects.filter(respondent=me_world.mentee).count() == 1
    assert SubmittedForm.objects.get().owner.startswith("round-invitation:")
    assert _confidence(me_world, round_) == 3


def test_a_late_replay_does_not_undo_a_later_change(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    mentee = client_for(me_world.mentee)
    old = {**ANSWERS, "submit_key": str(uuid.uuid4())}
    assert mentee.post(_url(me_world, round_), old, **OUTBOX).status_code == 204
    newer = {**ANSWERS, "confidence": "5", "submit_key": str(uuid.uuid4())}
    assert mentee.post(_url(me_world, round_), newer).status_code == 302
    # The outbox of a phone delivers the first answers once more, hours later.
    assert mentee.post(_url(me_world, round_), old, **OUTBOX).status_code == 204
    assert mentee.post(_url(me_world, round_), old).status_code == 302
    assert _confidence(me_world, round_) == 5
    assert Submission.objects.filter(respondent=me_world.mentee).count() == 1


def test_another_persons_key_is_refused(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    key = str(uuid.uuid4())
    mine = client_for(me_world.mentee)
    assert mine.post(_url(me_world, round_), {**ANSWERS, "submit_key": key}).status_code == 302
    other = me_world.mentees[1].user
    theirs = client_for(other)
    refused = theirs.post(
        _url(me_world, round_), {**ANSWERS, "confidence": "1", "submit_key": key}, **OUTBOX
    )
    assert refused.status_code == 409
    assert theirs.post(_url(me_world, round_), {**ANSWERS, "submit_key": key}).status_code == 409
    assert RoundInvitation.objects.get(round=round_, user=other).submission is None
    assert _confidence(me_world, round_) == 3


def test_a_key_used_for_one_round_is_refused_for_another(me_world):
    baseline = _answers(me_world, "baseline", [], close=False)
    midline = _answers(me_world, "midline", [], close=False)
    mentee = client_for(me_world.mentee)
    key = str(uuid.uuid4())
    assert mentee.post(_url(me_world, baseline), {**ANSWERS, "submit_key": key}).status_code == 302
    midline_data = {"confidence": "4", "submit_key": key}
    assert mentee.post(_url(me_world, midline), midline_data, **OUTBOX).status_code == 409
    assert RoundInvitation.objects.get(round=midline, user=me_world.mentee).submission is None


def test_answers_that_need_work_come_back_with_the_same_key(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    mentee = client_for(me_world.mentee)
    key = str(uuid.uuid4())
    bad = {**ANSWERS, "monthly_sales": "-5", "submit_key": key}
    response = mentee.post(_url(me_world, round_), bad, **OUTBOX)
    assert response.status_code == 422
    assert f'value="{key}"' in response.text
    assert not SubmittedForm.objects.exists()
    fixed = {**ANSWERS, "submit_key": key}
    assert mentee.post(_url(me_world, round_), fixed, **OUTBOX).status_code == 204


def test_a_delivery_to_a_closed_round_is_refused(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    client_for(me_world.coordinator).post(
        reverse("monitoring:round-close", args=[me_world.program.slug, round_.pk])
    )
    mentee = client_for(me_world.mentee)
    data = {**ANSWERS, "submit_key": str(uuid.uuid4())}
    assert mentee.post(_url(me_world, round_), data, **OUTBOX).status_code == 403
    page = mentee.get(_url(me_world, round_)).text
    assert "survey-offline.js" not in page and "data-offline-survey" not in page


def test_a_delayed_delivery_takes_a_fresh_csrf_token(me_world):
    """The script fetches the page again before sending (survey-offline.js): a token from a
    page cached before the CSRF secret changed is refused, the fresh page's is accepted."""
    round_ = _answers(me_world, "baseline", [], close=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(me_world.mentee)
    url = _url(me_world, round_)

    def token(page):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    cached = client.get(url)
    key = re.search(r'name="submit_key" value="([^"]+)"', cached.text).group(1)
    client.cookies["csrftoken"] = "r" * 32  # signing in again rotates the secret
    data = {**ANSWERS, "submit_key": key}
    stale = client.post(url, {**data, "csrfmiddlewaretoken": token(cached)}, **OUTBOX)
    assert stale.status_code == 403
    fresh = client.post(url, {**data, "csrfmiddlewaretoken": token(client.get(url))}, **OUTBOX)
    assert fresh.status_code == 204
    assert _confidence(me_world, round_) == 3


def test_the_survey_page_loads_its_offline_script_under_the_strict_policy(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    response = client_for(me_world.mentee).get(_url(me_world, round_))
    text = response.text
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == []  # no inline script
    assert "/static/js/survey-offline.js" in text
    assert 'role="status"' in text and 'id="offline-status"' in text
    assert 'data-service-worker="/sw.js"' in text
    assert re.search(r'name="submit_key" value="[0-9a-f-]{36}"', text)
    assert "Saved on this phone, not yet sent." in text


def test_the_survey_page_speaks_spanish(me_world):
    round_ = _answers(me_world, "baseline", [], close=False)
    spanish = me_world.mentees[1].user
    assert spanish.language == "es"
    text = client_for(spanish).get(_url(me_world, round_)).text
    assert "Guardado en este teléfono, todavía sin enviar." in text


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    text = response.text
    assert f'"version": "{offline.static_version()}"' in text
    assert "/static/js/survey-offline.js" in text
    assert '"logout": "/accounts/logout/"' in text


def test_the_service_worker_version_follows_the_static_manifest(monkeypatch):
    class Storage:
        manifest = '{"paths": {"js/puente.js": "js/puente.1a2b.js"}}'

        def read_manifest(self):
            return self.manifest

    storage = Storage()
    monkeypatch.setattr(offline, "staticfiles_storage", storage)
    before = offline.static_version()
    assert offline.static_version() == before
    storage.manifest = '{"paths": {"js/puente.js": "js/puente.3c4d.js"}}'
    assert offline.static_version() != before
