"""A call's link shared on WhatsApp or LinkedIn previews it: title, program, closing date, an
image, in the reader's language (the meta description, Open Graph and Twitter card tags)."""

import io
import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from time_machine import travel

from puente.recruitment.tests.helpers import make_call_with_rubric

BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=BOGOTA)


def meta(html: str) -> dict[str, str]:
    """Each meta tag's content by its property or name (the last one wins)."""
    found = {}
    for tag in re.findall(r"<meta [^>]+>", html):
        key = re.search(r'(?:property|name)="([^"]+)"', tag)
        content = re.search(r'content="([^"]*)"', tag)
        if key and content:
            found[key.group(1)] = unescape(content.group(1))
    return found


@pytest.fixture
def call(world):
    world.program.name = "Mentoría para líderes & equipos"
    world.program.country = "CO"
    world.program.save()
    with travel(NOW, tick=False):
        return make_call_with_rubric(
            world.program,
            by=world.coordinator,
            slug="lideres-2027",
            title="Convocatoria de mentees 2027",
            closes_at=datetime(2027, 3, 31, 23, 59, tzinfo=BOGOTA),
        )


def page(call, language: str) -> str:
    with travel(NOW, tick=False):
        response = Client(HTTP_ACCEPT_LANGUAGE=language).get(
            reverse("recruitment:call-public", args=[call.slug])
        )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "description", "locale"),
    [
        (
            "es",
            "Mentoría para líderes & equipos. Postula hasta el 31 de marzo de 2027. "
            "Buscamos personas con ganas de aprender.",
            "es_CO",
        ),
        (
            "en",
            "Mentoría para líderes & equipos. Apply until March 31, 2027. "
            "Buscamos personas con ganas de aprender.",
            "en_CO",
        ),
    ],
)
def test_a_call_page_says_what_a_preview_shows(call, language, description, locale):
    tags = meta(page(call, language))
    url = "http://testserver/calls/lideres-2027/"
    assert tags["description"] == description
    assert tags["og:title"] == tags["twitter:title"] == "Convocatoria de mentees 2027"
    assert tags["og:description"] == tags["twitter:description"] == description
    assert tags["og:url"] == url
    assert tags["og:type"] == "website"
    assert tags["og:locale"] == locale
    assert (
        tags["og:image"] == tags["twitter:image"] == ("http://testserver/static/img/og-default.png")
    )
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"]
    assert tags["twitter:card"] == "summary_large_image"
    assert f'<link rel="canonical" href="{url}">' in page(call, language)


def test_a_closed_call_preview_says_it_closed(call):
    with travel(datetime(2027, 4, 2, tzinfo=BOGOTA), tick=False):
        html = Client(HTTP_ACCEPT_LANGUAGE="es").get(call.get_absolute_url()).content.decode()
    assert meta(html)["og:description"] == (
        "Mentoría para líderes & equipos. Las postulaciones cerraron el 31 de marzo de 2027."
    )


def test_the_preview_image_is_a_1200_by_630_png_that_is_served(call):
    image_url = meta(page(call, "es"))["og:image"].removeprefix("http://testserver")
    response = Client().get(image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_pages_that_are_not_shared_have_no_preview_tags(world):
    html = Client().get(reverse("home")).content.decode()
    assert "og:title" not in html
