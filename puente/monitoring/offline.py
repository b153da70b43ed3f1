"""The service worker that keeps a round's survey on the phone (docs/user-guide.md, "Answering on
a phone without a connection").

Served from the site's root (``/sw.js``) so that its scope covers the survey pages. Its text
carries a version made from the static files' manifest (the hashed names of every asset, which
change with each deploy), so a deploy installs a new worker, which drops the old caches.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

# What a survey page needs to work offline, cached when the worker installs.
ASSETS = (
    "css/puente.css",
    "js/puente.js",
    "js/survey-offline.js",
    "django_htmx/htmx-2.min.js",
    "img/puente.svg",
    "img/favicon-32.png",
)


def static_version() -> str:
    """A short digest of the deployed static files: their manifest when collectstatic wrote one
    (production), else the assets' own bytes (development and tests)."""
    digest = hashlib.sha256()
    read_manifest = getattr(staticfiles_storage, "read_manifest", None)
    manifest = read_manifest() if read_manifest else None
    if manifest:
        digest.update(manifest.encode())
    else:
        for name in ASSETS:
            found = finders.find(name)
            if isinstance(found, str):
                with open(found, "rb") as file:
                    digest.update(file.read())
    return digest.hexdigest()[:16]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    config = {
        "version": static_version(),
        "assets": [static(name) for name in ASSETS],
        "static": settings.STATIC_URL,
        "logout": reverse("account_logout"),
    }
    body = render_to_string(
        "monitoring/sw.js",
        {"config": mark_safe(json.dumps(config))},  # noqa: S308 - JSON
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser asks again at each visit; a stale worker would keep old assets.
    response["Cache-Control"] = "no-cache"
    return response
