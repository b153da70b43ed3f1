"""A denial (403) is one WARNING line, never a traceback; 404s keep their one quiet line."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from puente.api.services import api_token_create
from puente.conftest import client_for


def _records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("django.")]


def _one_denial(caplog) -> str:
    (record,) = _records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.stack_info is None
    text = caplog.text
    assert "Traceback" not in text
    message = record.getMessage()
    assert "\n" not in message
    return message


@pytest.mark.django_db
def test_a_page_denial_is_one_warning_line_with_method_path_user_and_reason(world, caplog):
    caplog.set_level(logging.INFO)
    path = reverse("programs:invite", args=[world.program.slug])
    response = client_for(world.mentee).get(path)
    assert response.status_code == 403
    message = _one_denial(caplog)
    assert message.startswith("Forbidden")
    assert f"GET {path}" in message
    assert f"user={world.mentee.pk}" in message
    assert 'reason="no right to invite"' in message


@pytest.mark.django_db
def test_an_api_denial_is_one_warning_line(world, caplog):
    _token, key = api_token_create(user=world.observer, name="t")
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    caplog.set_level(logging.INFO)
    path = f"/api/v1/programs/{world.program.slug}/relationships/"
    assert client.get(path).status_code == 403
    message = _one_denial(caplog)
    assert f"GET {path}" in message
    assert f"user={world.observer.pk}" in message
    assert 'reason="no right to view_relationships"' in message


@pytest.mark.django_db
def test_a_csrf_denial_is_one_warning_line_for_anonymous(caplog):
    caplog.set_level(logging.INFO)
    client = Client(enforce_csrf_checks=True)
    path = reverse("accounts:link-request")
    assert client.post(path, {"email": "a@example.org"}).status_code == 403
    message = _one_denial(caplog)
    assert f"POST {path}" in message
    assert "user=anonymous" in message
    assert "CSRF" in message


@pytest.mark.django_db
def test_a_path_cannot_forge_a_second_log_line(world, caplog):
    caplog.set_level(logging.INFO)
    path = reverse("programs:invite", args=[world.program.slug])
    client_for(world.mentee).get(path + "%0AFAKE")
    for record in _records(caplog):
        assert "\n" not in record.getMessage()


@pytest.mark.django_db
def test_a_404_stays_one_quiet_line(world, caplog):
    caplog.set_level(logging.INFO)
    assert client_for(world.mentee).get("/p/no-such-program/").status_code == 404
    (record,) = _records(caplog)
    assert record.getMessage() == "Not Found: /p/no-such-program/"
    assert record.exc_info is None


@pytest.mark.django_db
def test_configuring_logging_twice_still_logs_the_reason(world, caplog, settings):
    """``django.setup()`` again (e.g. ``get_wsgi_application()`` in a test) adds the filter to the
    logger a second time; the line must stay the same."""
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    root = logging.getLogger()
    root.addHandler(caplog.handler)  # dictConfig took caplog's handler off the root logger
    try:
        caplog.set_level(logging.INFO)
        path = reverse("programs:invite", args=[world.program.slug])
        client_for(world.mentee).get(path)
        assert 'reason="no right to invite"' in _one_denial(caplog)
    finally:
        root.removeHandler(caplog.handler)
