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


def alternatives(parsed: ParsedMessage) -> ParsedMessage:
    """The multipart/alternative of a message: the message itself, or the first part of a
    multipart/mixed one (a calendar invitation with its attached .ics)."""
    if parsed.get_content_type() == "multipart/mixed":
        first = next(parsed.iter_parts(), None)
        if isinstance(first, ParsedMessage):
            return first
    return parsed


def raw_problems(raw: bytes, *, subject: str | None = None) -> list[str]:
    """What is wrong with a raw message: not text and HTML, a header missing, a folded header
    with an empty first line, a subject that does not decode to ``subject``, a calendar
    invitation not sent as iMIP expects (RFC 6047)."""
    found = []
    header_block = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = header_block.split(b"\n")
    for number, line in enumerate(lines):
        if b":" in line and not line[:1].isspace() and not line.split(b":", 1)[1].strip():
            following = lines[number + 1] if number + 1 < len(lines) else b""
            if following[:1].isspace():
                found.append(f"header folded with an empty first line: {line!r}")
    parsed = parse(raw)
    body = alternatives(parsed)
    if body.get_content_type() != "multipart/alternative":
        found.append(f"not multipart/alternative but {body.get_content_type()}")
    parts = {part.get_content_type(): part for part in body.iter_parts()}
    found += calendar_problems(parsed, parts.get("text/calendar"))
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


def calendar_problems(parsed: ParsedMessage, calendar: ParsedMessage | None) -> list[str]:
    """An invitation is a text/calendar alternative whose Content-Type names the METHOD its
    body has, plus the same object attached as an .ics file; a message without one is
    multipart/alternative only."""
    attached = [p for p in parsed.iter_attachments() if p.get_filename() == "invite.ics"]
    if calendar is None:
        if parsed.get_content_type() != "multipart/alternative" or attached:
            return ["an attachment or a mixed message without a calendar invitation"]
        return []
    found = []
    content = str(calendar.get_content())
    method = calendar.get_param("method")
    if not method or f"METHOD:{method}" not in content.splitlines():
        found.append(f"text/calendar method={method!r} not the body's METHOD")
    if (
        len(attached) != 1
        or attached[0].get_content().decode().splitlines() != content.splitlines()
    ):
        found.append("the invitation is not attached once as invite.ics")
    return found


def problems(message: Any) -> list[str]:
    """What is wrong with a message of ``mail.outbox``."""
    if not isinstance(message, EmailMessage):
        return [f"not an email message: {message!r}"]
    return raw_problems(message.message().as_bytes(), subject=str(message.subject))
