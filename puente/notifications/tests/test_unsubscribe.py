"""Turning one notification off from its email: one click (RFC 8058), without signing in."""

import re

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from puente.accounts import unsubscribe
from puente.conftest import client_for
from puente.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

ONE_CLICK = {"List-Unsubscribe": "One-Click"}
KINDS = ["meeting_reminders", "log_nudges", "weekly_digest", "message_emails"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _path(user, kind: str, token: str | None = None) -> str:
    return reverse(
        "accounts:unsubscribe", args=[kind, token or unsubscribe.token(user=user, kind=kind)]
    )


def _mail_program(ip: str = "192.0.2.10") -> Client:
    """What a mail program's one-click POST looks like: no cookies, no session, no CSRF token."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)


def _choices(user) -> dict[str, bool]:
    user.refresh_from_db()
    digest = NotificationPreference.objects.filter(user=user).first()
    return {
        "meeting_reminders": user.meeting_reminders,
        "log_nudges": user.log_nudges,
        "weekly_digest": digest.weekly_digest if digest else True,
        "message_emails": digest.message_emails != "none" if digest else True,
    }


def test_every_notification_people_can_turn_off_is_registered():
    assert unsubscribe.kinds() == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_one_click_turns_off_exactly_that_notification_without_signing_in(world, kind):
    response = _mail_program().post(
        _path(world.tutor, kind), ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert _choices(world.tutor) == {name: name != kind for name in KINDS}
    # Nobody else's choices moved.
    assert _choices(world.mentor) == dict.fromkeys(KINDS, True)


def test_one_click_with_a_multipart_body_works_too(world):
    response = _mail_program().post(_path(world.mentor, "log_nudges"), ONE_CLICK)
    assert response.status_code == 200
    assert _choices(world.mentor)["log_nudges"] is False


def test_opening_the_address_turns_nothing_off_and_offers_the_button(world):
    """Link scanners open every address in an email: a GET only asks."""
    response = Client().get(_path(world.tutor, "weekly_digest"))
    assertContains(response, "Turn off these emails?")
    assertContains(response, "Weekly digest by email")
    assertContains(response, '<form method="post">')
    assert _choices(world.tutor)["weekly_digest"] is True


def test_turning_off_twice_is_the_same_as_once(world):
    client = _mail_program()
    path = _path(world.mentee, "meeting_reminders")
    first = client.post(path, ONE_CLICK)
    second = client.post(path, ONE_CLICK)
    assert (first.status_code, second.status_code) == (200, 200)
    assertContains(second, "off")
    assert _choices(world.mentee)["meeting_reminders"] is False
    # Afterwards the address says it is off, with no button.
    page = Client().get(path)
    assertContains(page, "Already off")
    assertNotContains(page, '<form method="post">')


def test_the_preferences_page_shows_it_off(world):
    _mail_program().post(_path(world.tutor, "weekly_digest"), ONE_CLICK)
    _mail_program().post(_path(world.tutor, "log_nudges"), ONE_CLICK)
    page = client_for(world.tutor).get(reverse("notifications:preferences"))
    form = page.context["form"]
    assert form.initial == {
        "meeting_reminders": True,
        "log_nudges": False,
        "weekly_digest": False,
        "message_emails": "each",
    }
    boxes = {
        match.group("name"): "checked" in match.group(0)
        for match in re.finditer(r'<input type="checkbox" name="(?P<name>\w+)"[^>]*>', page.text)
    }
    assert boxes == {"meeting_reminders": True, "log_nudges": False, "weekly_digest": False}


def test_the_page_speaks_the_recipients_language(world):
    world.tutor.language = "es"
    world.tutor.save()
    response = Client(headers={"accept-language": "en"}).get(_path(world.tutor, "weekly_digest"))
    assertContains(response, "¿Desactivar estos correos?")


def _tampered(token: str) -> str:
    value, _, signature = token.partition(":")
    return f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda user: ("weekly_digest", _tampered(_token(user))), id="tampered"),
        pytest.param(lambda user: ("meeting_reminders", _token(user)), id="another-kind"),
        pytest.param(
            lambda user: ("weekly_digest", _token(user).replace(f"{user.pk}:", "99999:")),
            id="another-person",
        ),
        pytest.param(lambda user: ("newsletter", _token(user)), id="unknown-kind"),
        pytest.param(lambda user: ("weekly_digest", "garbage"), id="garbage"),
    ],
)
def test_a_bad_token_is_a_404_and_turns_nothing_off(world, make):
    kind, token = make(world.tutor)
    for method in ("get", "post"):
        response = getattr(_mail_program(), method)(
            reverse("accounts:unsubscribe", args=[kind, token]), ONE_CLICK
        )
        assert response.status_code == 404
    assert _choices(world.tutor) == dict.fromkeys(KINDS, True)


def _token(user) -> str:
    return unsubscribe.token(user=user, kind="weekly_digest")


def test_guessing_tokens_locks_the_address_but_never_a_valid_token(world):
    guesser = _mail_program("198.51.100.20")
    bad = reverse("accounts:unsubscribe", args=["weekly_digest", f"{world.tutor.pk}:guess"])
    statuses = [guesser.post(bad).status_code for _ in range(6)]
    assert statuses == [404, 404, 404, 404, 429, 429]
    assert AccessAttempt.objects.filter(username="token:unsubscribe").exists()
    # A real email's one click from the same (shared) address still works.
    response = guesser.post(_path(world.tutor, "weekly_digest"), ONE_CLICK)
    assert response.status_code == 200
    assert _choices(world.tutor)["weekly_digest"] is False


def test_an_address_for_a_kind_nobody_registered_cannot_be_made(world):
    with pytest.raises(ValueError, match="newsletter"):
        unsubscribe.url(user=world.tutor, kind="newsletter")
