"""What every email looks like on the wire: text and HTML from one template, its headers, and
subjects that fold as mail programs expect."""

import pytest
from django.core import mail
from django.test import override_settings

from puente.core.email_html import blocks, segments, text_to_html
from puente.core.emails import send_templated_email
from puente.core.models import OutboxEmail
from puente.core.outbox import build_message, deliver
from puente.tests.email_checks import parse, raw_problems

pytestmark = pytest.mark.django_db

SUBJECT = (
    "Recordatorio: reunión de mentoría número 12 con María José Fernández Núñez en el programa "
    "«Proveedoras de la Cámara de Comercio de Medellín» — mañana a las 10:00"
)


@pytest.fixture
def templates(settings, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "note_subject.txt").write_text("{{ subject }}")
    (folder / "note_body.txt").write_text("{{ body }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "mail/note"


def _send(templates, capture, *, subject="Hola", body="Hola Ana", **kwargs):
    with capture(execute=True):
        send_templated_email(
            to="ana@example.org",
            language=kwargs.pop("language", "es"),
            template=templates,
            context={"subject": subject, "body": body},
            **kwargs,
        )
    (message,) = mail.outbox
    return message


def _header_lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def test_a_long_spanish_subject_folds_without_an_empty_first_line(
    templates, django_capture_on_commit_callbacks
):
    message = _send(templates, django_capture_on_commit_callbacks, subject=SUBJECT)
    raw = message.message().as_bytes(linesep="\r\n")  # as Django's SMTP backend sends it
    parsed = parse(raw)
    assert parsed["Subject"] == SUBJECT
    subject_line = next(line for line in _header_lines(raw) if line.startswith(b"Subject:"))
    assert subject_line.removeprefix(b"Subject:").strip()  # the value starts on the first line
    for line in _header_lines(raw):
        assert line.strip(), "an empty header line"
        assert len(line) <= 998
    assert raw_problems(raw, subject=SUBJECT) == []


def test_a_long_unsubscribe_address_stays_on_its_line(
    templates, django_capture_on_commit_callbacks
):
    url = "https://puente.example.org/unsubscribe/weekly_digest/" + "x" * 80 + "/"
    message = _send(templates, django_capture_on_commit_callbacks, unsubscribe_url=url)
    raw = message.message().as_bytes(linesep="\r\n")
    assert f"List-Unsubscribe: <{url}>".encode() in _header_lines(raw)
    assert parse(raw)["List-Unsubscribe"] == f"<{url}>"


def test_every_email_is_text_and_html_with_auto_submitted(
    templates, django_capture_on_commit_callbacks
):
    body = "Hola Ana,\n\n== Esta semana ==\n- Reuniones: 2\n\nTu enlace: https://x.example.org/a?b=1&c=2.\n"
    message = _send(templates, django_capture_on_commit_callbacks, body=body, language="es")
    assert message.body == body
    ((html, kind),) = message.alternatives
    assert kind == "text/html"
    assert '<html lang="es">' in html
    assert "<h2" in html and ">Esta semana</h2>" in html
    assert ">Reuniones: 2</li>" in html
    assert '<a href="https://x.example.org/a?b=1&amp;c=2"' in html
    assert ">https://x.example.org/a?b=1&amp;c=2</a>." in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    # Not a notification one can turn off: no List-Unsubscribe.
    assert "List-Unsubscribe" not in message.extra_headers
    assert raw_problems(message.message().as_bytes()) == []


def test_a_notification_carries_its_one_click_address(
    templates, django_capture_on_commit_callbacks
):
    url = "https://puente.example.org/unsubscribe/weekly_digest/7:abc/"
    message = _send(templates, django_capture_on_commit_callbacks, unsubscribe_url=url)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert OutboxEmail.objects.get().unsubscribe_url == url


def test_the_html_escapes_what_the_text_says(templates, django_capture_on_commit_callbacks):
    body = 'Taller "Finanzas" & <Ventas> <script>alert(1)</script>'
    message = _send(templates, django_capture_on_commit_callbacks, body=body)
    html = message.alternatives[0][0]
    assert "<script>" not in html and "<Ventas>" not in html
    assert "&lt;Ventas&gt;" in html and "&amp;" in html
    assert message.body == body


def test_the_html_can_be_rebuilt_from_the_outbox_row():
    """The row keeps the text, the language and the unsubscribe address: both parts and the
    headers are rebuilt from it whenever the email is sent (again)."""
    row = OutboxEmail.objects.create(
        to="ana@example.org",
        subject="Hello",
        body="Hello Ana\n\n- one\n- two\n",
        language="en",
        unsubscribe_url="https://puente.example.org/u/1/",
    )
    first, second = build_message(row), build_message(row)
    assert first.alternatives == second.alternatives
    assert '<html lang="en">' in first.alternatives[0][0]
    assert first.extra_headers == second.extra_headers
    assert deliver(row.pk)
    (sent,) = mail.outbox
    assert sent.alternatives == first.alternatives


def test_a_row_written_before_languages_were_kept_is_sent_in_the_default_language(settings):
    row = OutboxEmail.objects.create(to="ana@example.org", subject="S", body="B")
    with override_settings(LANGUAGE_CODE="es"):
        assert '<html lang="es">' in build_message(row).alternatives[0][0]


# The text conventions the HTML follows (puente/core/email_html.py).


def test_headings_lists_continuations_and_paragraphs():
    text = (
        "Hola Ana,\n\nPrimera línea\nsegunda línea\n\n== Riesgo ==\n"
        "- Nuevas: 1\n- Antiguas: 0\n* Mario: sin contacto\n  https://x.example.org/r/1/\n"
        "Registrar: https://x.example.org/b/\n\n— Puente\n"
    )
    shape = [
        (b.kind, [[p.text for p in line] for line in b.lines], len(b.items)) for b in blocks(text)
    ]
    assert shape == [
        ("p", [["Hola Ana,"]], 0),
        ("p", [["Primera línea"], ["segunda línea"]], 0),
        ("h2", [["Riesgo"]], 0),
        ("ul", [], 2),
        ("ul", [], 1),
        ("p", [["Registrar: ", "https://x.example.org/b/"]], 0),
        ("p", [["— Puente"]], 0),
    ]
    continued = blocks(text)[4].items[0]
    assert [[p.href for p in line] for line in continued] == [[""], ["https://x.example.org/r/1/"]]


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("Abre https://x.example.org/a/.", "https://x.example.org/a/"),
        ("(https://x.example.org/a/)", "https://x.example.org/a/"),
        ("Ver https://x.example.org/wiki/A_(b), luego", "https://x.example.org/wiki/A_(b)"),
        ("Enlace: http://testserver/p/x/?at_risk=on", "http://testserver/p/x/?at_risk=on"),
    ],
)
def test_links_stop_where_the_sentence_goes_on(text, link):
    assert [part.href for part in segments(text) if part.href] == [link]
    assert "".join(part.text for part in segments(text)) == text


def test_no_link_where_there_is_no_address():
    assert [p.href for p in segments("Escribe a ana@example.org o visita www.example.org")] == [""]


def test_the_html_is_simple_and_self_contained():
    html = text_to_html("Hola\n\nhttps://x.example.org/", language="en", subject="Hi & bye")
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Hi &amp; bye</title>" in html
    for absent in ("<img", "<script", "<link", "<style", "src=", "@import"):
        assert absent not in html


def test_a_row_with_a_calendar_invitation_is_sent_as_imip():
    """Google Calendar's own shape: the text/calendar part (its Content-Type naming the method)
    beside the text and HTML, and the same object attached as invite.ics."""
    calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"
    row = OutboxEmail.objects.create(
        to="ana@example.org", subject="S", body="B", language="es", calendar=calendar
    )
    raw = build_message(row).message().as_bytes(linesep="\r\n")
    parsed = parse(raw)
    assert parsed.get_content_type() == "multipart/mixed"
    alternative, attached = parsed.iter_parts()
    kinds = [part.get_content_type() for part in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    assert b'Content-Type: text/calendar; charset="utf-8"; method=CANCEL\r\n' in raw
    assert attached.get_filename() == "invite.ics"
    assert attached.get_content().replace(b"\r\n", b"\n") == calendar.replace("\r\n", "\n").encode()
    assert raw_problems(raw) == []
