"""A real SMTP conversation on loopback: what the mail server receives parses as text and HTML
with every header, as a mail program would read it."""

import socketserver
import threading

import pytest
from django.core import mail

from puente.accounts import unsubscribe
from puente.core.emails import send_templated_email
from puente.core.models import OutboxEmail
from puente.core.outbox import deliver
from puente.tests.email_checks import parse, raw_problems

pytestmark = pytest.mark.django_db


class MailServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend (no TLS, no authentication); keeps the raw bytes of
    each message it accepts."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.received: list[bytes] = []


class SmtpHandler(socketserver.StreamRequestHandler):
    server: MailServer

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 mail.test ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-mail.test")
                self.reply("250 8BITMIME")
            elif verb == b"HELO":
                self.reply("250 mail.test")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (part := self.rfile.readline()) != b".\r\n":
                    if not part:
                        return
                    data.append(part[1:] if part.startswith(b"..") else part)
                self.server.received.append(b"".join(data))
                self.reply("250 OK queued")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")


@pytest.fixture
def smtp_server(settings):
    server = MailServer()
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    serving.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address[:2]
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()
    serving.join()


def test_the_mail_server_receives_text_and_html_with_every_header(
    world, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://puente.example.org"
    settings.DEFAULT_FROM_EMAIL = "Puente <puente@example.org>"
    tutor = world.tutor
    tutor.language = "es"
    tutor.save()
    url = unsubscribe.url(user=tutor, kind="weekly_digest")
    with django_capture_on_commit_callbacks(execute=False):
        send_templated_email(
            to=tutor.email,
            language="es",
            template="accounts/email/password_reset_key",
            context={"person": tutor, "url": "https://puente.example.org/reset/ñ/"},
            unsubscribe_url=url,
        )
    row = OutboxEmail.objects.get()
    assert deliver(row.pk) is True
    assert mail.outbox == []  # it went to the real server, not the test backend
    (raw,) = smtp_server.received
    message = parse(raw)
    assert raw_problems(raw, subject="Elige una nueva contraseña para Puente") == []
    assert message["To"] == tutor.email
    assert (
        message["Message-ID"]
        == f"<outbox-{row.pk}.{int(row.created_at.timestamp())}@puente.example.org>"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "Alguien, seguramente tú" in text.get_content()
    assert "https://puente.example.org/reset/ñ/" in text.get_content()
    assert '<html lang="es">' in html.get_content()
    assert '<a href="https://puente.example.org/reset/ñ/"' in html.get_content()
    row.refresh_from_db()
    assert row.sent_at is not None
