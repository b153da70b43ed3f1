"""Security headers on every page, and the production settings that `check --deploy` relies on."""

import json
import os
import subprocess
import sys

from django.test import Client

from puente.core.tests.test_deploy import ROOT

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-" + "k3y" * 20,
    "ALLOWED_HOSTS": "puente.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_pages_forbid_framing_sniffing_and_inline_script(db):
    response = Client().get("/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def _production_settings(**env: str) -> dict:
    names = [
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
        "CSRF_TRUSTED_ORIGINS",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "PROXY_COUNT",
        "AXES_FAILURE_LIMIT",
        "LOCKOUT_FAILURES",
    ]
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    # Only what production sets: none of the test settings' overrides leak in.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "BEHIND_", "PROXY_", "CSRF_", "LOCKOUT_"))
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_secure():
    values = _production_settings(CSRF_TRUSTED_ORIGINS="https://puente.example.org")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://puente.example.org"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["PROXY_COUNT"] == 1
    assert values["LOCKOUT_FAILURES"] == 5


def test_without_a_proxy_forwarded_headers_are_not_trusted():
    values = _production_settings(BEHIND_TLS_PROXY="false")
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["PROXY_COUNT"] == 0
