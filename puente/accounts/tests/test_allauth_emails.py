"""allauth's emails in Puente's own words, in the recipient's language, through the outbox."""

import pytest
from allauth.account import app_settings as allauth_settings
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from puente.accounts.adapters import ALLAUTH_EMAILS, AccountAdapter
from puente.conftest import client_for
from puente.core.models import OutboxEmail

pytestmark = pytest.mark.django_db

RESET = reverse("account_reset_password")


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _reset(email: str, browser_language: str, capture) -> None:
    client = Client(headers={"accept-language": browser_language})
    with capture(execute=True):
        response = client.post(RESET, {"email": email})
    assert response.status_code == 302


def _generic(message) -> list[str]:
    """allauth's own wording, the request's host, or *usted*."""
    text = message.subject + message.body
    return [
        phrase
        for phrase in ("Hello from", "Hola de parte de", "testserver!", "usted", "Thank you for")
        if phrase in text
    ]


def test_the_password_reset_comes_in_the_recipients_saved_language_through_the_outbox(
    world, django_capture_on_commit_callbacks
):
    world.tutor.language = "es"
    world.tutor.save()
    _reset("tutor@example.org", "en", django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    row = OutboxEmail.objects.get()
    assert (row.to, row.language, row.sent_at is not None) == ("tutor@example.org", "es", True)
    assert message.subject == "Elige una nueva contraseña para Puente"
    assert "Alguien, seguramente tú, pidió restablecer la contraseña" in message.body
    assert "Hola, Persona" in message.body
    assert "http://testserver/accounts/password/reset/key/" in message.body
    assert message.body.rstrip().endswith("— Puente")
    assert _generic(message) == []
    html = message.alternatives[0][0]
    assert '<html lang="es">' in html
    assert '<a href="http://testserver/accounts/password/reset/key/' in html


def test_an_english_speaker_gets_it_in_english_from_a_spanish_browser(
    world, django_capture_on_commit_callbacks
):
    world.mentor.language = "en"
    world.mentor.save()
    _reset("mentor@example.org", "es", django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for Puente"
    assert "Someone, probably you, asked to reset the password" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_the_link_in_the_reset_opens_the_reset_page(world, django_capture_on_commit_callbacks):
    _reset("mentee@example.org", "en", django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if "/password/reset/key/" in word)
    response = Client().get(link.removeprefix("http://testserver"), follow=True)
    assert response.status_code == 200
    assert "password1" in response.text


def test_the_site_name_comes_from_the_settings(world, settings, django_capture_on_commit_callbacks):
    settings.SITE_NAME = "Puente Andino"
    settings.SITE_URL = "https://mentorias.example.org"
    _reset("tutor@example.org", "en", django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for Puente Andino"
    assert "https://mentorias.example.org/accounts/password/reset/key/" in message.body
    assert message.extra_headers["Message-ID"].endswith("@mentorias.example.org>")


def test_an_address_without_an_account_hears_in_the_browsers_language(
    world, django_capture_on_commit_callbacks
):
    _reset("nadie@example.org", "es", django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["nadie@example.org"]
    assert message.subject == "No hay ninguna cuenta de Puente con esta dirección"
    assert "nadie@example.org" in message.body
    assert "coordinación" in message.body
    assert _generic(message) == []
    # No sign-up link: Puente has no open sign-up.
    assert "/accounts/signup/" not in message.body


def test_confirming_an_added_address_speaks_the_account_holders_language(
    world, django_capture_on_commit_callbacks
):
    world.mentor.language = "es"
    world.mentor.save()
    client = client_for(world.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_email"),
            {"action_add": "", "email": "otra@example.org"},
            headers={"accept-language": "en"},
        )
    (message,) = mail.outbox
    assert message.to == ["otra@example.org"]
    assert message.subject == "Confirma tu dirección de correo para Puente"
    assert "http://testserver/accounts/confirm-email/" in message.body
    assert _generic(message) == []


def test_nothing_is_sent_if_the_request_rolls_back(world, django_capture_on_commit_callbacks):
    """The email is an outbox row of the request's transaction, sent only after it commits."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Client().post(RESET, {"email": "tutor@example.org"})
    assert OutboxEmail.objects.count() == 1
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_only_the_emails_puente_has_words_for_can_be_sent():
    """allauth sends other emails when other features are on (sign-in or reset by code, security
    notifications, open sign-up). Turning one on needs Puente's own template first."""
    assert allauth_settings.LOGIN_BY_CODE_ENABLED is False
    assert allauth_settings.PASSWORD_RESET_BY_CODE_ENABLED is False
    assert allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED is False
    assert allauth_settings.EMAIL_NOTIFICATIONS is False
    assert AccountAdapter().is_open_for_signup(None) is False  # type: ignore[arg-type]
    assert set(ALLAUTH_EMAILS) == {
        "account/email/password_reset_key",
        "account/email/unknown_account",
        "account/email/email_confirmation",
        "account/email/email_confirmation_signup",
        "account/email/account_already_exists",
    }
    with pytest.raises(ImproperlyConfigured, match="login_code"):
        AccountAdapter().send_mail("account/email/login_code", "ana@example.org", {})
