"""``send_templated_email``: rendered in the recipient's language, sent only after commit."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from puente.core.emails import send_templated_email
from puente.core.tasks import send_email_task

pytestmark = pytest.mark.django_db

# The subject spans lines on purpose: an email subject must be a single line.
SUBJECT = """{% load i18n %}{% get_current_language as lang %}
Hello   {{ name }}
in {{ lang }}
"""
# Month names come from Django's own catalogs, so this shows a real translation took place,
# independent of Puente's catalog.
BODY = """{% load i18n %}{% get_current_language as lang %}language={{ lang }}
month={{ when|date:"F" }}
"""


@pytest.fixture
def email_templates(settings, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "test_subject.txt").write_text(SUBJECT)
    (folder / "test_body.txt").write_text(BODY)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "mail/test"


def _send(template, language="es", to="ana@example.org"):
    send_templated_email(
        to=to,
        language=language,
        template=template,
        context={"name": "Ana", "when": dt.date(2026, 1, 15)},
    )


@pytest.mark.parametrize(("language", "month"), [("es", "enero"), ("en", "January")])
def test_the_email_is_rendered_in_the_recipients_language(
    email_templates, django_capture_on_commit_callbacks, language, month
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(email_templates, language=language)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert f"language={language}" in message.body
    assert f"month={month}" in message.body
    assert message.subject == f"Hello Ana in {language}"


def test_the_subject_is_one_line_and_goes_to_the_recipient(
    email_templates, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(email_templates, to="mentor@example.org")
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert message.to == ["mentor@example.org"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_rendering_does_not_change_the_callers_language(email_templates):
    with translation.override("es"):
        _send(email_templates, language="en")
        assert translation.get_language() == "es"


def test_nothing_is_sent_before_the_transaction_commits(
    email_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _send(email_templates)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(
    email_templates, django_capture_on_commit_callbacks
):
    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Abort), transaction.atomic():
            _send(email_templates)
            raise Abort
    assert callbacks == []
    assert mail.outbox == []


def test_the_task_sends_one_message():
    result = send_email_task.enqueue(to="x@example.org", subject="Asunto", body="Cuerpo")
    assert result.return_value == 1
    (message,) = mail.outbox
    assert (message.subject, message.body, message.to) == ("Asunto", "Cuerpo", ["x@example.org"])


TITLE = 'Taller "Finanzas" & <Ventas>'


def test_subject_and_text_body_are_plain_text_not_html(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """Subjects and plain-text bodies are not HTML: quotes, ``&`` and ``<`` arrive as typed."""
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "plain_subject.txt").write_text("Invitación: {{ title }}")
    (folder / "plain_body.txt").write_text("{% load i18n %}{% translate 'Hello' %} {{ title }}\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            to="ana@example.org", language="en", template="mail/plain", context={"title": TITLE}
        )
    (message,) = mail.outbox
    assert message.subject == f"Invitación: {TITLE}"
    assert message.body == f"Hello {TITLE}\n"


def test_an_apps_email_subject_keeps_quotes_and_ampersands(
    world, django_capture_on_commit_callbacks
):
    from puente.recruitment import services as recruitment
    from puente.recruitment.tests.helpers import make_call_with_rubric

    call = make_call_with_rubric(world.program, by=world.coordinator)
    call.title = TITLE
    call.save(update_fields=["title"])
    with django_capture_on_commit_callbacks(execute=True):
        recruitment.application_start(
            call=call, email="ana@example.org", role="mentee", language="en"
        )
    (message,) = mail.outbox
    assert message.subject == f"Your application link: {TITLE}"
    assert "&quot;" not in message.subject + message.body
    assert "&amp;" not in message.subject + message.body
