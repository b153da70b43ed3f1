"""What Puente calls itself and where it lives, from the settings."""

from urllib.parse import urlsplit

from django.conf import settings

# Used when SITE_URL names no real host (a development machine's "localhost"): a reserved name
# (RFC 2606) that can never belong to someone else.
FALLBACK_DOMAIN = "puente.invalid"


def site_domain() -> str:
    """The host name of ``SITE_URL`` (``puente.example.org``), for Message-IDs and other
    identifiers that must be unique to this installation; never ``localhost``."""
    host = (urlsplit(settings.SITE_URL).hostname or "").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return FALLBACK_DOMAIN
    return host


def site_name() -> str:
    """The name emails sign with and speak of (``SITE_NAME``, "Puente" by default)."""
    return str(settings.SITE_NAME)
