"""The file question refuses wrong types, oversize, empty and renamed files with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from puente.factories import ProgramFactory
from puente.instruments import services
from puente.instruments.engine import FILE_MAX_BYTES, AnswersForm
from puente.instruments.models import QuestionType

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    instrument = services.instrument_create(program=ProgramFactory(), name="CV", kind="survey")
    version = instrument.versions.get()
    services.question_add(version=version, key="cv", label="CV", type=QuestionType.FILE)
    return list(version.questions.all())


def _errors(questions, name, content):
    upload = SimpleUploadedFile(name, content)
    with translation.override("en"):
        form = AnswersForm({}, MultiValueDict({"cv": [upload]}), questions=questions)
        form.is_valid()
        return [str(e) for e in form.errors.get("cv", [])]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cv.exe", b"MZ\x90\x00", "Files of type .exe are not accepted"),
        ("cv.pdf", b"MZ\x90\x00\x03 an executable renamed", "content is not a PDF file"),
        ("cv.docx", b"%PDF-1.4 a pdf renamed", "content is not a DOCX file"),
        ("cv.png", b"GIF89a", "content is not a PNG file"),
        ("cv.csv", b"a,b\n\x00\x01\x02", "content is not a CSV file"),
        ("cv.pdf", b"", "The submitted file is empty."),
        ("cv.pdf", b"%PDF-" + b"x" * FILE_MAX_BYTES, "the limit is 5 MB"),
    ],
    ids=["wrong-type", "renamed-exe", "renamed-pdf", "gif-as-png", "binary-csv", "empty", "big"],
)
def test_bad_files_are_refused_with_a_message(questions, name, content, expected):
    errors = _errors(questions, name, content)
    assert errors and expected in errors[0], errors


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"%PDF-1.7 contenido"),
        ("cv.docx", b"PK\x03\x04 zip"),
        ("foto.JPG", b"\xff\xd8\xff\xe0 jpeg"),
        ("datos.csv", "nombre;ciudad\nAna;Bogotá\n".encode("latin-1")),
    ],
)
def test_files_whose_content_matches_are_accepted(questions, name, content):
    assert _errors(questions, name, content) == []
