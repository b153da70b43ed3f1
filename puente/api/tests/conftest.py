import pytest
from rest_framework.test import APIClient

from puente.accounts.models import User
from puente.api.services import api_token_create
from puente.mentoring.tests.conftest import relationship  # noqa: F401 - a shared fixture


def api_client_for(user: User | None) -> APIClient:
    """A client that sends a fresh personal token of ``user`` (none for anonymous)."""
    client = APIClient()
    if user is not None:
        _token, key = api_token_create(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture(autouse=True)
def _no_lockouts(settings):
    """Each test starts with no address locked (axes keeps its counts in the database, reset
    per test, and in the cache)."""
    from django.core.cache import cache

    cache.clear()
