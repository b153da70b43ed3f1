"""Reading a calendar invitation (iTIP in email, RFC 5546 and RFC 6047) the way a mail program
and a calendar that did not write it would: the raw message must be multipart, with a
``text/calendar; method=...`` alternative and the same object attached as ``invite.ics``; the
iCalendar text is read by a strict RFC 5545 content-line reader, and by ``vobject`` when
installed (Puente writes with icalendar, so neither shares its parser).
"""

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage as ParsedMessage

import pytest
from django.core import mail

# --- Reading an invitation without icalendar ------------------------------------------------


@dataclass
class Property:
    value: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Invitation:
    method: str
    uid: str
    sequence: int
    status: str
    organizer: Property
    attendees: list[Property]
    summary: str
    # Where and what for: LOCATION, DESCRIPTION (text, unescaped) and CONFERENCE (RFC 7986).
    location: str = ""
    description: str = ""
    conferences: list[Property] = field(default_factory=list)


def unescape_text(value: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) escapes it: backslash, semicolon, comma, newline."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


CONTENT_LINE = re.compile(r'^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$')
PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)')


def read_content_lines(text: str) -> Invitation:
    """RFC 5545's content lines (3.1): CRLF line ends, folded lines unfolded, ``NAME;PARAM=V:value``
    — enough to read one VEVENT inside one VCALENDAR."""
    assert "\r\n" in text, "lines must end in CRLF"
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    calendar: dict[str, list[Property]] = {}
    event: dict[str, list[Property]] = {}
    stack: list[str] = []
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        assert len(line.encode()) <= 75 or "\r\n " in text, "long lines must be folded"
        match = CONTENT_LINE.match(line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match.group(1).upper(), match.group(2), match.group(3)
        if name == "BEGIN":
            stack.append(value)
            continue
        if name == "END":
            assert stack.pop() == value
            continue
        prop = Property(value, {k.upper(): v.strip('"') for k, v in PARAM.findall(params)})
        if stack == ["VCALENDAR"]:
            calendar.setdefault(name, []).append(prop)
        elif stack == ["VCALENDAR", "VEVENT"]:
            event.setdefault(name, []).append(prop)
    assert not stack

    def one(props: dict[str, list[Property]], name: str) -> Property:
        (prop,) = props[name]
        return prop

    return Invitation(
        method=one(calendar, "METHOD").value,
        uid=one(event, "UID").value,
        sequence=int(one(event, "SEQUENCE").value),
        status=one(event, "STATUS").value if "STATUS" in event else "",
        organizer=one(event, "ORGANIZER"),
        attendees=event.get("ATTENDEE", []),
        summary=one(event, "SUMMARY").value,
        location=unescape_text(one(event, "LOCATION").value) if "LOCATION" in event else "",
        description=unescape_text(one(event, "DESCRIPTION").value)
        if "DESCRIPTION" in event
        else "",
        conferences=event.get("CONFERENCE", []),
    )


def read_vobject(text: str) -> Invitation:
    vobject = pytest.importorskip("vobject")
    calendar = vobject.readOne(text)
    (event,) = calendar.vevent_list

    def prop(line) -> Property:  # noqa: ANN001 - vobject's ContentLine
        return Property(line.value, {k.upper(): v[0] for k, v in line.params.items()})

    return Invitation(
        method=calendar.method.value,
        uid=event.uid.value,
        sequence=int(event.sequence.value),
        status=event.status.value if hasattr(event, "status") else "",
        organizer=prop(event.organizer),
        attendees=[prop(line) for line in event.contents.get("attendee", [])],
        summary=event.summary.value,
        location=event.location.value if hasattr(event, "location") else "",
        description=event.description.value if hasattr(event, "description") else "",
        conferences=[prop(line) for line in event.contents.get("conference", [])],
    )


READERS = {"content lines": read_content_lines, "vobject": read_vobject}


# --- The raw email ---------------------------------------------------------------------------


def invitation_text(message) -> str:  # noqa: ANN001 - django's EmailMessage
    """The iCalendar text of a sent message, checked to travel as iMIP wants: multipart/mixed
    holding text, HTML and text/calendar alternatives, and the same object as invite.ics."""
    raw = message.message().as_bytes(linesep="\r\n")
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, ParsedMessage)
    assert parsed.get_content_type() == "multipart/mixed"
    body = next(parsed.iter_parts())
    assert body.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in body.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar = list(body.iter_parts())[2]
    assert calendar.get_content_charset() == "utf-8"
    text = calendar.get_payload(decode=True).decode()
    method = calendar.get_param("method")
    assert f"METHOD:{method}\r\n" in text
    # As written on the wire: the Content-Type names the method (RFC 6047, 2.4).
    assert re.search(rf"^Content-Type: text/calendar;.*; method={method}\r$".encode(), raw, re.M)
    (attached,) = list(parsed.iter_attachments())
    assert attached.get_filename() == "invite.ics"
    assert attached.get_content_type() == "application/ics"
    assert attached.get_payload(decode=True).decode().splitlines() == text.splitlines()
    return text


@dataclass
class Sent:
    what: str
    to: str
    text: str


def take(what: str, to: str | None = None) -> list[Sent]:
    """The invitations in mail.outbox (those to ``to`` only, if given), then an empty outbox."""
    found = [
        Sent(what, message.to[0], invitation_text(message))
        for message in mail.outbox
        if to is None or message.to == [to]
    ]
    mail.outbox.clear()
    assert found, f"no invitation for {what}"
    return found
