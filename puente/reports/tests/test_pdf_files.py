"""Every PDF Puente serves, opened with the tools people and auditors use: a tagged structure
tree (PDF/UA-1) read with pypdf, ``qpdf --check``, ``pdffonts`` (every font embedded), in Spanish
and in English. A URL whose name ends in ``-pdf`` fails ``test_every_pdf_url_is_checked`` until
it has a case below.

qpdf and poppler-utils are Debian packages that ``scripts/setup.sh test`` installs."""

import io
import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from puente.conftest import client_for
from puente.reports import services
from puente.reports.tests.test_views import complete

LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Case:
    """Who downloads which PDF (the URL built from the test's world)."""

    persona: str
    url: Callable[[Any, dict[str, Any]], str]


CASES: dict[str, Case] = {
    "reports:characterization-pdf": Case(
        "mentor",
        lambda world, made: reverse(
            "reports:characterization-pdf",
            args=[world.program.slug, made["relationship"].pk, made["mentee"].pk],
        ),
    ),
    "reports:certificate-pdf": Case(
        "mentor",
        lambda world, made: reverse(
            "reports:certificate-pdf", args=[world.program.slug, made["certificate"].pk]
        ),
    ),
    "reports:program-final-pdf": Case(
        "coordinator",
        lambda world, made: reverse("reports:program-final-pdf", args=[world.program.slug]),
    ),
    "reports:program-monthly-pdf": Case(
        "coordinator",
        lambda world, made: (
            reverse("reports:program-monthly-pdf", args=[world.program.slug]) + "?month=2026-10"
        ),
    ),
}


def _url_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_pdf_url_is_checked():
    names = {name for name in _url_names(get_resolver().url_patterns) if name.endswith("-pdf")}
    assert names == set(CASES)


# --- Reading a PDF's structure -----------------------------------------------------------------


@dataclass
class Element:
    tag: str
    alt: str | None
    children: list["Element"]

    def walk(self) -> Iterator["Element"]:
        yield self
        for child in self.children:
            yield from child.walk()


def _element(node: Any) -> Element | None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if not isinstance(node, DictionaryObject):
        return None  # a marked-content id: the leaf of the tree
    kids = node.get("/K")
    if kids is None:
        kids = []
    elif not isinstance(kids, list):
        kids = [kids]
    children = [child for kid in kids if (child := _element(kid)) is not None]
    alt = node.get("/Alt")
    return Element(str(node.get("/S", "")), str(alt) if alt is not None else None, children)


def structure(pdf: bytes) -> tuple[DictionaryObject, Element]:
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "the PDF is not tagged"
    root = _element(catalog["/StructTreeRoot"])
    assert root is not None
    return catalog, root


def check_tagged(pdf: bytes, *, language: str) -> list[str]:
    """The checks of a tagged PDF; returns the document's headings, in reading order."""
    reader = PdfReader(io.BytesIO(pdf))
    catalog, root = structure(pdf)
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(catalog["/Lang"]) == language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata is not None and reader.metadata.title
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part(=\"|>)1\b", xmp), "no PDF/UA identification in the XMP"
    elements = list(root.walk())
    tags = [element.tag for element in elements]
    assert tags[1] == "/Document"
    headings = [tag for tag in tags if tag in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert headings and headings[0] == "/H1" and headings.count("/H1") == 1
    levels = [int(tag[2]) for tag in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for element in elements:
        if element.tag == "/Figure":
            assert element.alt and element.alt.strip(), "a figure without alternate text"
        if element.tag == "/Table":
            assert any(e.tag == "/TH" for e in element.walk()), "a table without header cells"
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(text.strip()) > 50, "no searchable text"
    return headings


def check_with_tools(pdf: bytes, tmp_path: Path) -> None:
    qpdf_path, pdffonts_path = shutil.which("qpdf"), shutil.which("pdffonts")
    assert qpdf_path and pdffonts_path, "qpdf or pdffonts is missing: run scripts/setup.sh test"
    path = tmp_path / "file.pdf"
    path.write_bytes(pdf)
    qpdf = subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
        [qpdf_path, "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    assert "No syntax or stream encoding errors" in qpdf.stdout
    fonts = subprocess.run(  # noqa: S603
        [pdffonts_path, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts, "no font at all"
    for line in fonts:
        name, embedded = line.split()[0], line.split()[-5]
        assert embedded == "yes", f"{name} is not embedded"


# --- Every PDF, in both languages ------------------------------------------------------------


@pytest.fixture
def made(world, october) -> dict[str, Any]:
    complete(october)
    issued = services.certificates_issue(program=world.program, by=world.coordinator)
    return {
        "certificate": next(c for c in issued if c.role == "mentor"),
        "relationship": october,
        "mentee": october.mentees.order_by("pk").first(),
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_pdf_is_tagged_valid_and_embeds_its_fonts(
    world, made, name, language, tmp_path, caplog
):
    case = CASES[name]
    person = getattr(world, case.persona)
    person.language = language
    person.save(update_fields=["language"])
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        response = client_for(person).get(case.url(world, made))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # WeasyPrint logs an error for what PDF/UA forbids (an image without alt, no lang).
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    headings = check_tagged(response.content, language=language)
    assert headings[0] == "/H1"
    check_with_tools(response.content, tmp_path)


def test_an_untagged_pdf_fails_the_check():
    """The check can fail: WeasyPrint's default output has no structure tree."""
    from weasyprint import HTML

    pdf = HTML(string='<html lang="es"><title>x</title><h1>Hola</h1></html>').write_pdf()
    with pytest.raises(AssertionError, match="not tagged"):
        check_tagged(pdf, language="es")
