"""The shared cache production uses: a table in the database, made by core's migration (the
test settings keep the cache in memory, so the migration made no table for the suite)."""

import importlib
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import override_settings

from puente.settings import CACHES as PRODUCTION_CACHES

TABLE = PRODUCTION_CACHES["default"]["LOCATION"]


def test_production_uses_the_database_cache():
    assert PRODUCTION_CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db
def test_the_migration_makes_the_cache_table_and_the_cache_works():
    migration = importlib.import_module("puente.core.migrations.0003_cache_table")
    assert TABLE not in connection.introspection.table_names()
    with override_settings(CACHES=PRODUCTION_CACHES):
        migration.create_cache_table(None, SimpleNamespace(connection=connection))
        assert TABLE in connection.introspection.table_names()
        cache = caches["default"]
        assert isinstance(cache, DatabaseCache)
        cache.set("greeting", {"es": "hola"}, timeout=60)
        assert cache.get("greeting") == {"es": "hola"}
        cache.delete("greeting")
        assert cache.get("greeting") is None
        # Made again (a second migrate, or a table made by hand): nothing changes.
        migration.create_cache_table(None, SimpleNamespace(connection=connection))


@pytest.mark.django_db
def test_the_migration_makes_no_table_for_another_backend():
    migration = importlib.import_module("puente.core.migrations.0003_cache_table")
    migration.create_cache_table(None, SimpleNamespace(connection=connection))
    assert TABLE not in connection.introspection.table_names()
