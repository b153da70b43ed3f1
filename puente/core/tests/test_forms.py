"""``run_once`` and the submit key: a repeated submission is acted on once."""

import uuid

import pytest
from django import forms

from puente.core.forms import SubmitKeyTaken, SubmitOnceMixin, previous_result, run_once
from puente.core.models import SubmittedForm

pytestmark = pytest.mark.django_db


def _action(calls, url):
    def action():
        calls.append(url)
        return url

    return action


def test_first_call_runs_the_action_and_returns_its_url():
    calls = []
    key = uuid.uuid4()
    assert run_once(key, _action(calls, "/p/first/")) == "/p/first/"
    assert calls == ["/p/first/"]
    assert SubmittedForm.objects.get(key=key).result_url == "/p/first/"


def test_second_call_with_the_same_key_returns_the_first_url_without_acting():
    calls = []
    key = uuid.uuid4()
    run_once(key, _action(calls, "/p/first/"))
    assert run_once(key, _action(calls, "/p/second/")) == "/p/first/"
    assert calls == ["/p/first/"]
    assert SubmittedForm.objects.filter(key=key).count() == 1


def test_different_keys_both_run():
    calls = []
    assert run_once(uuid.uuid4(), _action(calls, "/p/a/")) == "/p/a/"
    assert run_once(uuid.uuid4(), _action(calls, "/p/b/")) == "/p/b/"
    assert calls == ["/p/a/", "/p/b/"]
    assert SubmittedForm.objects.count() == 2


def test_a_key_with_an_owner_serves_only_that_owner():
    calls = []
    key = uuid.uuid4()
    run_once(key, _action(calls, "/p/mine/"), owner="round-invitation:1")
    assert run_once(key, _action(calls, "/p/again/"), owner="round-invitation:1") == "/p/mine/"
    with pytest.raises(SubmitKeyTaken):
        run_once(key, _action(calls, "/p/theirs/"), owner="round-invitation:2")
    with pytest.raises(SubmitKeyTaken):
        run_once(key, _action(calls, "/p/anyone/"))
    with pytest.raises(SubmitKeyTaken):
        previous_result({"submit_key": str(key)}, owner="round-invitation:2")
    assert previous_result({"submit_key": str(key)}, owner="round-invitation:1") == "/p/mine/"
    assert calls == ["/p/mine/"]


def test_a_failed_action_leaves_no_record_so_a_retry_runs():
    key = uuid.uuid4()

    def broken():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_once(key, broken)
    assert not SubmittedForm.objects.filter(key=key).exists()

    calls = []
    assert run_once(key, _action(calls, "/p/retry/")) == "/p/retry/"
    assert calls == ["/p/retry/"]


class _Form(SubmitOnceMixin, forms.Form):
    name = forms.CharField()


def test_each_new_form_carries_a_fresh_hidden_submit_key():
    first, second = _Form(), _Form()
    html = str(first["submit_key"])
    assert 'type="hidden"' in html
    key_one = first["submit_key"].value()
    key_two = second["submit_key"].value()
    assert uuid.UUID(str(key_one)) != uuid.UUID(str(key_two))
    assert f'value="{key_one}"' in html


def test_the_submit_key_is_required_and_must_be_a_uuid():
    assert not _Form({"name": "x"}).is_valid()
    assert not _Form({"name": "x", "submit_key": "not-a-uuid"}).is_valid()
    key = uuid.uuid4()
    form = _Form({"name": "x", "submit_key": str(key)})
    assert form.is_valid()
    assert form.cleaned_data["submit_key"] == key
