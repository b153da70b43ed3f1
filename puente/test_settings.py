"""Settings for the test suite: fast hashing, tasks run at once, email kept in memory."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("BEHIND_TLS_PROXY", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from puente.settings import *  # noqa: E402,F403
from puente.settings import BASE_DIR, DATABASES, STORAGES  # noqa: E402

# `make test-fast` keeps its SQLite test databases in var/ between runs (pytest --reuse-db; each
# xdist worker gets its own file), instead of building one in memory each time.
if os.environ.get("PUENTE_REUSE_TEST_DB") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The cache in memory, emptied before each test (puente/conftest.py); the database cache that
# production uses is tested on its own (puente/core/tests/test_cache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"
# Static files straight from the apps' folders (no collectstatic needed for live-server tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests read English (the source language); tests of Spanish ask for it explicitly.
LANGUAGE_CODE = "en"

# The sentence model takes seconds to load: the suite tests it alone (matching/tests/test_text.py).
TEXT_ENCODER = "tfidf"

# Webhook tests deliver to a local HTTP server thread (production refuses private addresses).
WEBHOOK_ALLOW_PRIVATE = True
