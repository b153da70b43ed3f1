"""What every email Puente sends must look like on the wire, checked on the raw message.

``puente/conftest.py`` runs ``problems`` over every message any test leaves in ``mail.outbox``;
the SMTP test (core/tests/test_email_smtp.py) runs it over what a real server received.
"""

import email
from email import policy
from email.message import EmailMessage as ParsedMessage
from typing import Any

from django.core.mail import EmailMessage


def parse(raw: bytes) -> ParsedMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, ParsedMessage)  # noqa: S101 - policy.default makes one
    return message


def raw_problems(raw: bytes, *, subject: str | None = None) -> list[str]:
    """What is wrong with a raw message: not text and HTML, a header missing, a folded header
    with an empty first line, a subject that does not decode to ``subject``."""
    found = []
    header_block = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = header_block.split(b"\n")
    for number, line in enumerate(lines):
        if b":" in line and not line[:1].isspace() and not line.split(b":", 1)[1].strip():
            following = lines[number + 1] if number + 1 < len(lines) else b""
            if following[:1].isspace():
                found.append(f"header folded with an empty first line: {line!r}")
    parsed = parse(raw)
    if parsed.get_content_type() != "multipart/alternative":
        found.append(f"not multipart/alternative but {parsed.get_content_type()}")
    parts = {part.get_content_type(): part for part in parsed.iter_parts()}
    text, html = parts.get("text/plain"), parts.get("text/html")
    if text is None or not str(text.get_content()).strip():
        found.append("no text part")
    if html is None:
        found.append("no HTML part")
    else:
        content = str(html.get_content())
        if '<html lang="' not in content:
            found.append("the HTML part has no lang")
        if "<img" in content.lower():
            found.append("the HTML part has an image")
    if parsed["Auto-Submitted"] != "auto-generated":
        found.append("no Auto-Submitted: auto-generated")
    message_id = str(parsed["Message-ID"] or "")
    if not message_id or "@localhost" in message_id:
        found.append(f"Message-ID {message_id!r}")
    if parsed["List-Unsubscribe"] is not None:
        if parsed["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click":
            found.append("List-Unsubscribe without List-Unsubscribe-Post")
        if not str(parsed["List-Unsubscribe"]).startswith("<http"):
            found.append(f"List-Unsubscribe {parsed['List-Unsubscribe']!r}")
    if subject is not None and str(parsed["Subject"]) != subject:
        found.append(f"subject decodes to {parsed['Subject']!r}, not {subject!r}")
    return found


def problems(message: Any) -> list[str]:
    """What is wrong with a message of ``mail.outbox``."""
    if not isinstance(message, EmailMessage):
        return [f"not an email message: {message!r}"]
    return raw_problems(message.message().as_bytes(), subject=str(message.subject))
