"""The certificate as its holder prints it: the issuing organization, a signature line, the
person's own role word, and everything inside its frame."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.reports import services
from puente.reports.tests.test_views import complete, pdf_text

MM = 72 / 25.4  # points in a millimetre
PAGE_MARGIN = 12 * MM  # the frame's border runs along the page area (see pdf.css)


@pytest.fixture
def issue(world, october):
    complete(october)

    def issue(**signer: str) -> dict[str, object]:
        made = services.certificates_issue(program=world.program, by=world.coordinator, **signer)
        return {c.role: c for c in made}

    return issue


def download(person, certificate, language: str) -> bytes:
    person.language = language
    person.save(update_fields=["language"])
    url = reverse("reports:certificate-pdf", args=[certificate.program.slug, certificate.pk])
    response = client_for(person).get(url)
    assert response.status_code == 200
    return response.content


def test_the_organization_issues_it_and_the_coordinator_signs_it(world, issue):
    certificate = issue()["mentee"]
    assert certificate.organization_name == world.program.organization.name
    assert certificate.signer_name == world.coordinator.full_name
    text = pdf_text(download(world.mentee, certificate, "en"))
    assert world.program.organization.name in text
    assert f"{world.coordinator.full_name}\nProgram coordination" in text
    text = pdf_text(download(world.mentee, certificate, "es"))
    assert f"{world.coordinator.full_name}\nCoordinación del programa" in text


def test_the_coordinator_names_another_signer_when_issuing(world, october):
    complete(october)
    url = reverse("reports:certificates-issue", args=[world.program.slug])
    response = client_for(world.coordinator).post(
        url,
        {"wave": "", "signer_name": "Rosa Quispe Mamani", "signer_title": "Directora ejecutiva"},
    )
    assert response.status_code == 302
    certificate = world.program.certificates.get(role="mentee")
    text = pdf_text(download(world.mentee, certificate, "es"))
    assert "Rosa Quispe Mamani\nDirectora ejecutiva" in text


@pytest.mark.parametrize(
    ("role", "form", "language", "words"),
    [
        ("mentor", "feminine", "es", "participó como mentora en Programa piloto"),
        ("mentor", "masculine", "es", "participó como mentor en Programa piloto"),
        ("mentor", "", "es", "participó como persona mentora en Programa piloto"),
        ("mentor", "feminine", "en", "took part as a mentor in Programa piloto"),
        ("mentee", "feminine", "es", "participó como mentee en Programa piloto"),
        ("mentee", "", "en", "took part as a mentee in Programa piloto"),
    ],
)
def test_the_certificate_says_the_persons_own_role(world, issue, role, form, language, words):
    person = world.mentor if role == "mentor" else world.mentee
    person.grammatical_gender = form
    person.save(update_fields=["grammatical_gender"])
    text = pdf_text(download(person, issue()[role], language))
    assert words in " ".join(text.split())
    assert "mentora o mentor" not in text


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: run scripts/setup.sh test"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(  # noqa: S603 - a fixed tool on a file we wrote
        [pdftotext, "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert page is not None
    words = [
        (word, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]
    assert words and html.count("<page ") == 1  # one page
    width, height = float(page.group(1)), float(page.group(2))
    assert round(width) == 842 and round(height) == 595  # A4 landscape
    return words


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_word_prints_inside_the_frame(world, issue, language, tmp_path):
    words = _words(download(world.mentee, issue()["mentee"], language), tmp_path)
    inside = (PAGE_MARGIN, PAGE_MARGIN, 842 - PAGE_MARGIN, 595 - PAGE_MARGIN)
    outside = [
        w
        for w in words
        if w[1] < inside[0] or w[2] < inside[1] or w[3] > inside[2] or w[4] > inside[3]
    ]
    assert not outside
    # The issuer heads the page and the check closes it: the frame holds both.
    texts = [w[0] for w in words]
    assert texts[0] == world.program.organization.name.split()[0]
    assert words[-1][2] > 595 - PAGE_MARGIN - 30 * MM
