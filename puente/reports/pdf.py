"""Rendering a template to a PDF with WeasyPrint: A4, DejaVu fonts, a printed header and footer
with page numbers (see ``templates/reports/pdf/base.html``).

Every PDF is tagged as PDF/UA-1: a structure tree built from the HTML (headings, lists, tables
with their header cells, figures with the SVG's ``<title>`` as alternate text), the document's
language from ``<html lang>``, its title from ``<title>`` and XMP metadata. Screen readers read
it in order, and the text reflows; ``reports/tests/test_pdf_files.py`` checks every PDF Puente
serves.

Static files (the stylesheet, the logo) are read from disk through the staticfiles finders or
STATIC_ROOT, never over the network: the fetcher refuses every other address, so text typed by
a person cannot make the server fetch anything while a PDF is drawn.
"""

import logging
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# WeasyPrint reports each rendering step at INFO (also while importing): not worth a log line.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import (  # noqa: E402
    URLFetcher,
    URLFetcherResponse,
    URLFetchingError,
)

# Relative addresses in the rendered page (e.g. "/static/css/pdf.css") resolve against this
# host, which the fetcher below maps to files on disk.
BASE_URL = "http://puente.pdf.invalid/"

# Tagged for accessibility (ISO 14289-1): WeasyPrint adds the structure tree, /MarkInfo, /Lang,
# the title shown instead of the file name, and the XMP metadata that declares the part.
PDF_VARIANT = "pdf/ua-1"


def static_path(url: str) -> Path | None:
    """The file on disk behind a static file's address, or None."""
    prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


class StaticFilesFetcher(URLFetcher):
    """Serves static files from disk and nothing else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            raise URLFetchingError(f"Not a static file: {url}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


def render_pdf(
    template: str, context: Mapping[str, Any], request: HttpRequest | None = None
) -> bytes:
    """The template rendered (in the active language) and drawn as tagged PDF bytes."""
    return html_to_pdf(render_to_string(template, dict(context), request=request))


def html_to_pdf(html: str) -> bytes:
    """An HTML document (with ``<html lang>`` and a ``<title>``) drawn as a tagged PDF/UA-1."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
