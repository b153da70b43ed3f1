"""What a page says about itself when its link is shared (``includes/share_meta.html``)."""

from typing import Any

from django import template
from django.utils import translation

register = template.Library()

# The territory when a program names no country: the languages' own defaults in Open Graph.
DEFAULT_TERRITORY = {"es": "ES", "en": "US"}


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """``path`` (or a URL already absolute, such as a static file's on a CDN) with the scheme and
    host the page was asked with: previews need absolute addresses."""
    request: Any = context.get("request")
    return str(request.build_absolute_uri(path)) if request is not None else path


@register.simple_tag
def og_locale(country: str = "") -> str:
    """The page's language with the program's country, as Open Graph writes it: ``es_CO``."""
    language = (translation.get_language() or "es").split("-")[0]
    territory = (country or DEFAULT_TERRITORY.get(language, "")).upper()
    return f"{language}_{territory}" if territory else language
