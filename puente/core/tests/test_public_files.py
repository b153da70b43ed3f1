"""What browsers and crawlers ask of every site: a favicon, and robots.txt."""

import io
import re

from django.test import Client
from django.urls import reverse
from PIL import Image

from puente.conftest import client_for


def _allowed(rules: list[tuple[str, str]], path: str) -> bool:
    """Whether a crawler may fetch ``path``, as Google reads robots.txt: the longest matching
    rule wins (Allow on a tie), ``*`` matches anything and ``$`` ends the path."""
    best: tuple[int, bool] = (-1, True)
    for kind, pattern in rules:
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
        if re.match(regex, path):
            candidate = (len(pattern), kind == "allow")
            best = max(best, candidate)
    return best[1]


def test_robots_txt_lets_crawlers_read_the_call_pages_only(db):
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    rules = [
        (kind.lower(), value.strip())
        for kind, value in re.findall(r"^(Allow|Disallow):(.*)$", text, re.M)
    ]
    may = {
        path: _allowed(rules, path)
        for path in (
            "/",
            "/calls/convocatoria-2027/",
            "/static/img/og-default.png",
            "/calls/convocatoria-2027/a/secret-token/",
            "/calls/convocatoria-2027/sent/",
            "/programs/",
            "/p/programa-piloto/",
            "/me/",
            "/api/v1/programs/",
            "/accounts/login/",
            "/operators/",
        )
    }
    assert may == {
        "/": True,
        "/calls/convocatoria-2027/": True,
        "/static/img/og-default.png": True,
        "/calls/convocatoria-2027/a/secret-token/": False,
        "/calls/convocatoria-2027/sent/": False,
        "/programs/": False,
        "/p/programa-piloto/": False,
        "/me/": False,
        "/api/v1/programs/": False,
        "/accounts/login/": False,
        "/operators/": False,
    }
    # No sitemap is published, so none is announced.
    assert "Sitemap" not in text
    assert reverse("robots") == "/robots.txt"


def test_every_page_links_a_favicon_that_is_served(world):
    for html in (
        Client().get(reverse("home")).content.decode(),
        client_for(world.coordinator).get(reverse("programs:my-programs")).content.decode(),
    ):
        links = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)
        assert len(links) == 3, links  # PNG, SVG, and the phone's home-screen icon
        for href in links:
            response = Client().get(href)
            assert response.status_code == 200, href
            body = b"".join(response.streaming_content)
            if href.endswith(".svg"):
                assert response["Content-Type"].startswith("image/svg+xml")
                assert body.startswith(b"<svg")
            else:
                assert response["Content-Type"] == "image/png"
                image = Image.open(io.BytesIO(body))
                assert image.format == "PNG"
                assert image.size[0] == image.size[1] and image.size[0] in (32, 180)
