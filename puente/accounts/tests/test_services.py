"""Account services against the database: creating people, one-time sign-in links, language."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from puente.accounts import services
from puente.accounts.models import SignInLink, User
from puente.core.tokens import token_hash
from puente.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/accounts/link/([\w-]+)/")


def _token_from(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def send_link(django_capture_on_commit_callbacks):
    """Ask for a link and return the token from the email that went out."""

    def send(email):
        with django_capture_on_commit_callbacks(execute=True):
            services.signin_link_send(email=email)
        return _token_from(mail.outbox[-1]) if mail.outbox else None

    return send


# user_create


def test_user_create_lowercases_the_email_and_sets_the_password():
    user = services.user_create(
        email="Ana.Gomez@Example.ORG", full_name="Ana Gómez", password="a-long-passphrase"
    )
    user.refresh_from_db()
    assert user.email == "ana.gomez@example.org"
    assert user.check_password("a-long-passphrase")


def test_user_create_without_password_cannot_sign_in_with_one():
    user = services.user_create(email="b@example.org", full_name="Bea")
    assert not user.has_usable_password()


def test_user_create_validates_the_profile():
    with pytest.raises(ValidationError) as error:
        services.user_create(email="c@example.org", full_name="Carla", time_zone="Mars/Olympus")
    assert "time_zone" in error.value.message_dict
    assert not User.objects.filter(email="c@example.org").exists()


def test_user_create_refuses_an_email_already_taken_in_another_case():
    UserFactory(email="dora@example.org")
    with pytest.raises(ValidationError):
        services.user_create(email="DORA@example.org", full_name="Dora")


# one-time sign-in links


def test_a_link_is_emailed_to_an_active_person(send_link, settings):
    user = UserFactory(email="eva@example.org", full_name="Eva Ruiz")
    token = send_link("eva@example.org")
    (message,) = mail.outbox
    assert message.to == ["eva@example.org"]
    assert f"{settings.SIGNIN_LINK_MINUTES}" in message.body
    link = SignInLink.objects.get(user=user)
    assert link.used_at is None
    # The database keeps only the token's hash; the token itself is only in the email.
    assert link.token_hash == token_hash(token)
    assert token not in link.token_hash
    expected_expiry = timezone.now() + dt.timedelta(minutes=settings.SIGNIN_LINK_MINUTES)
    assert abs(link.expires_at - expected_expiry) < dt.timedelta(seconds=30)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_link_email_is_in_the_persons_language(send_link, language):
    UserFactory(email="lang@example.org", language=language)
    send_link("lang@example.org")
    with translation.override(language):
        expected = gettext("Your sign-in link for Puente")
    assert mail.outbox[0].subject == expected


def test_the_email_address_is_matched_ignoring_case_and_spaces(send_link):
    user = UserFactory(email="fabio@example.org")
    assert send_link("  Fabio@Example.org ") is not None
    assert mail.outbox[0].to == ["fabio@example.org"]
    assert SignInLink.objects.filter(user=user).count() == 1


def test_an_unknown_address_gets_nothing(send_link):
    assert send_link("nobody@example.org") is None
    assert mail.outbox == []
    assert SignInLink.objects.count() == 0


def test_an_inactive_person_gets_nothing(send_link):
    UserFactory(email="gone@example.org", is_active=False)
    assert send_link("gone@example.org") is None
    assert mail.outbox == []


def test_no_email_leaves_before_commit(django_capture_on_commit_callbacks):
    UserFactory(email="hugo@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.signin_link_send(email="hugo@example.org")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_link_signs_in_once(send_link):
    user = UserFactory(email="ines@example.org")
    token = send_link("ines@example.org")
    assert services.signin_link_find(token=token).user == user
    assert services.signin_link_use(token=token) == user
    assert SignInLink.objects.get(user=user).used_at is not None
    assert services.signin_link_find(token=token) is None
    assert services.signin_link_use(token=token) is None


def test_an_expired_link_is_refused(send_link, settings):
    UserFactory(email="juan@example.org")
    token = send_link("juan@example.org")
    later = timezone.now() + dt.timedelta(minutes=settings.SIGNIN_LINK_MINUTES, seconds=1)
    with time_machine.travel(later, tick=False):
        assert services.signin_link_find(token=token) is None
        assert services.signin_link_use(token=token) is None
    assert SignInLink.objects.get().used_at is None


def test_a_link_still_works_just_before_it_expires(send_link, settings):
    user = UserFactory(email="kim@example.org")
    token = send_link("kim@example.org")
    soon = timezone.now() + dt.timedelta(minutes=settings.SIGNIN_LINK_MINUTES - 1)
    with time_machine.travel(soon, tick=False):
        assert services.signin_link_use(token=token) == user


def test_a_link_of_a_deactivated_person_is_refused(send_link):
    user = UserFactory(email="luz@example.org")
    token = send_link("luz@example.org")
    user.is_active = False
    user.save()
    assert services.signin_link_use(token=token) is None


def test_an_unknown_token_is_refused():
    assert services.signin_link_use(token="made-up-token") is None


def test_each_request_sends_a_different_link(send_link):
    UserFactory(email="mar@example.org")
    first = send_link("mar@example.org")
    second = send_link("mar@example.org")
    assert first != second
    assert SignInLink.objects.count() == 2


# language


def test_user_set_language_saves_the_choice():
    user = UserFactory(language="es")
    services.user_set_language(user=user, language="en")
    user.refresh_from_db()
    assert user.language == "en"


def test_user_set_language_writes_nothing_when_unchanged(django_assert_num_queries):
    user = UserFactory(language="en")
    with django_assert_num_queries(0):
        services.user_set_language(user=user, language="en")
