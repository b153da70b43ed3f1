"""Personal tokens: shown once, stored hashed, revocable, stamped when used, and guessing them
is locked out like passwords."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from puente.api.models import ApiToken
from puente.api.services import api_token_create, api_token_revoke
from puente.conftest import client_for
from puente.core.tokens import token_hash


def _bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_only_the_hash_of_a_key_is_stored(world):
    token, key = api_token_create(user=world.mentor, name="Hoja de cálculo")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == token_hash(key)
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert key.startswith(f"pte_{stored.prefix}_")


def test_a_token_opens_the_api_and_records_when_it_was_used(world):
    token, key = api_token_create(user=world.mentor, name="script")
    assert token.last_used_at is None
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        assert _bearer(key).get(reverse("api:program-list")).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_a_revoked_token_or_an_inactive_person_gets_401(world):
    token, key = api_token_create(user=world.mentor, name="script")
    api_token_revoke(token=token)
    assert _bearer(key).get(reverse("api:program-list")).status_code == 401
    _other, key2 = api_token_create(user=world.mentee, name="script")
    world.mentee.is_active = False
    world.mentee.save()
    assert _bearer(key2).get(reverse("api:program-list")).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer pte_nothing", "Bearer", "Bearer a b", "Token pte_12345678_wrong", "Bearer \u00e9"],
)
def test_malformed_or_unknown_tokens_get_401(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.encode("latin-1").decode("latin-1"))
    response = client.get(reverse("api:program-list"))
    assert response.status_code == 401
    assert "detail" in response.json()


OFFICE = "203.0.113.7"  # one NAT in front of a whole organization
ELSEWHERE = "198.51.100.20"


def _from(address: str, key: str) -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_bad_tokens_lock_their_prefix_from_that_address_never_a_valid_token(world, settings):
    """One misconfigured client behind a shared NAT must not lock out the organization."""
    _token, key = api_token_create(user=world.mentor, name="script")
    url = reverse("api:program-list")
    limit = settings.LOCKOUT_API_TOKEN_FAILURES
    statuses = [_from(OFFICE, "pte_abcdefgh_stale").get(url).status_code for _ in range(limit + 2)]
    assert statuses == [401] * limit + [429, 429]
    # A colleague's valid token from the same address works ...
    assert _from(OFFICE, key).get(url).status_code == 200
    # ... while the bad token's prefix is still refused from there,
    locked = _from(OFFICE, "pte_abcdefgh_another-guess").get(url)
    assert locked.status_code == 429
    assert "Retry-After" not in locked or int(locked["Retry-After"]) > 0
    # not from elsewhere,
    assert _from(ELSEWHERE, "pte_abcdefgh_stale").get(url).status_code == 401
    # and only until the cool-off has passed.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert _from(OFFICE, "pte_abcdefgh_stale").get(url).status_code == 401


@override_settings(LOCKOUT_API_TOKEN_FAILURES=3)
def test_a_valid_token_whose_prefix_is_being_guessed_still_works(world):
    token, key = api_token_create(user=world.mentor, name="script")
    url = reverse("api:program-list")
    guess = f"pte_{token.prefix}_guess"
    assert [_from(OFFICE, guess).get(url).status_code for _ in range(4)] == [401] * 3 + [429]
    assert _from(OFFICE, key).get(url).status_code == 200
    assert _from(OFFICE, guess).get(url).status_code == 429


# --- The tokens page (from the profile) --------------------------------------------------------


def test_the_profile_links_to_the_tokens_page(world):
    response = client_for(world.mentee).get(reverse("accounts:profile"))
    assert reverse("api:tokens") in response.content.decode()


def test_creating_a_token_shows_its_key_once(world):
    client = client_for(world.mentee)
    page = client.get(reverse("api:tokens"))
    key_field = page.context["form"]["submit_key"].value()
    response = client.post(
        reverse("api:token-create"), {"name": "Mi script", "submit_key": key_field}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.mentee)
    shown = response.context["new_key"]
    assert token.key_hash == token_hash(shown)
    assert shown in response.content.decode()
    again = client.get(reverse("api:tokens"))
    assert shown not in again.content.decode()
    assert "Mi script" in again.content.decode()


def test_a_double_submit_creates_one_token(world):
    client = client_for(world.mentee)
    data = {"name": "Mi script", "submit_key": "7f1c2b3a-0000-4000-8000-000000000001"}
    client.post(reverse("api:token-create"), data)
    client.post(reverse("api:token-create"), data)
    assert ApiToken.objects.filter(user=world.mentee).count() == 1


def test_a_token_without_a_name_is_refused_with_the_error_by_the_field(world):
    client = client_for(world.mentee)
    response = client.post(
        reverse("api:token-create"),
        {"name": "", "submit_key": "7f1c2b3a-0000-4000-8000-000000000002"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_revoking_one_of_my_tokens(world):
    token, key = api_token_create(user=world.mentee, name="viejo")
    response = client_for(world.mentee).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _bearer(key).get(reverse("api:program-list")).status_code == 401


def test_nobody_revokes_someone_elses_token(world):
    token, _key = api_token_create(user=world.mentee, name="mío")
    response = client_for(world.coordinator).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_pages_want_sign_in_and_the_right_method(world):
    anonymous = client_for(None)
    for url in (reverse("api:tokens"), reverse("api:docs")):
        assert anonymous.get(url).status_code == 302
    client = client_for(world.mentee)
    assert client.get(reverse("api:token-create")).status_code == 405
    assert client.get(reverse("api:token-revoke", args=[1])).status_code == 405
    assert client.post(reverse("api:tokens")).status_code == 405
    assert client.get(reverse("api:docs")).status_code == 200
