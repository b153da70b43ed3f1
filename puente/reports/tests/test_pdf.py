import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from puente.reports.pdf import BASE_URL, StaticFilesFetcher, render_pdf, static_path


def test_static_files_are_read_from_disk():
    response = StaticFilesFetcher().fetch(BASE_URL + "static/reports/pdf.css")
    assert b"@page" in response.read()
    assert static_path(BASE_URL + "static/../settings.py") is None


@pytest.mark.parametrize(
    "url", ["http://example.org/x.png", "file:///etc/passwd", BASE_URL + "media/secret.pdf"]
)
def test_anything_else_is_refused(url):
    with pytest.raises(URLFetchingError):
        StaticFilesFetcher().fetch(url)


def test_a_certificate_renders_on_one_a4_landscape_page(db):
    from puente.reports.models import Certificate

    certificate = Certificate(
        code="ABCDEFGHJKMNPQRS",
        role="mentee",
        holder_name="Ana Núñez",
        program_name="Programa",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 5, 1),
        hours=Decimal("12.5"),
        meetings_held=9,
        issued_at=dt.datetime(2026, 5, 2, 10, tzinfo=dt.UTC),
    )
    pdf = render_pdf(
        "reports/pdf/certificate.html", {"certificate": certificate, "verify_url": "https://x/"}
    )
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert round(width) == 842 and round(height) == 595  # A4 landscape, in points
    text = page.extract_text()
    assert "Ana Núñez" in text and "9 meetings held, 12.5 hours" in text
    assert "(code ABCDEFGHJKMNPQRS)" in text and "Page" not in text  # one page, no page number
    assert "from Jan. 1, 2026 to May 1, 2026" in text
