"""The HTML part of every email, derived from its plain-text body.

Puente writes each email once, as a plain-text template (``<app>/email/<name>_body.txt``); the
HTML part is built from the rendered text, so the two parts always say the same thing and a new
email needs no second template. The text's conventions become HTML:

- paragraphs are separated by blank lines; the lines of one paragraph keep their breaks;
- ``== Title ==`` on a line of its own is a section heading (``<h2>``);
- lines starting with ``- ``, ``* `` or ``• `` are list items, and an indented line right after
  an item continues it (the digest's "relationship: reason" followed by its link);
- ``http://`` and ``https://`` addresses become links (what ends a sentence, such as a final
  full stop or closing bracket, stays outside the link).

The HTML is simple on purpose: one column, minimal inline styles (no ``<style>`` block, which
some clients drop), no images, nothing loaded from elsewhere, no tracking, and the ``lang`` of
the recipient's language so screen readers pronounce it right.
"""

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string

HEADING = re.compile(r"^==\s*(?P<text>.+?)\s*==$")
ITEM = re.compile(r"^(?P<marker>[-*•])\s+(?P<text>.*)$")
CONTINUATION = re.compile(r"^\s+(?P<text>\S.*)$")
URL = re.compile(r"https?://[^\s<>\"']+")
# Characters that end a sentence rather than an address, when they end a match.
TRAILING = ".,;:!?)]}»”’"


@dataclass(frozen=True)
class Segment:
    """A piece of a line: text, or a link when ``href`` is set (its text is the address)."""

    text: str
    href: str = ""


Line = list[Segment]


@dataclass
class Block:
    """A heading (``h2``, one line), a paragraph (``p``, lines) or a list (``ul``, items of
    lines)."""

    kind: str
    lines: list[Line] = field(default_factory=list)
    items: list[list[Line]] = field(default_factory=list)
    marker: str = ""


def segments(text: str) -> Line:
    """Split one line of text into plain text and links."""
    parts: Line = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0)
        start, end = match.start(), match.end()
        while url and url[-1] in TRAILING:
            # A closing bracket belongs to the address when the address opened one.
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
            end -= 1
        if not url.partition("://")[2]:
            continue
        if start > position:
            parts.append(Segment(text[position:start]))
        parts.append(Segment(url, href=url))
        position = end
    if position < len(text):
        parts.append(Segment(text[position:]))
    return parts


def blocks(text: str) -> list[Block]:
    """The structure of a plain-text email body."""
    result: list[Block] = []
    current: Block | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        heading = HEADING.match(line.strip())
        item = ITEM.match(line)
        continuation = CONTINUATION.match(line)
        if heading:
            result.append(Block("h2", lines=[segments(heading.group("text"))]))
            current = None
        elif item:
            marker = item.group("marker")
            if current is None or current.kind != "ul" or current.marker != marker:
                current = Block("ul", marker=marker)
                result.append(current)
            current.items.append([segments(item.group("text"))])
        elif continuation and current is not None and current.kind == "ul":
            current.items[-1].append(segments(continuation.group("text")))
        else:
            if current is None or current.kind != "p":
                current = Block("p")
                result.append(current)
            current.lines.append(segments(line.strip()))
    return result


def text_to_html(text: str, *, language: str, subject: str) -> str:
    """The HTML part of an email whose plain-text body is ``text``, in ``language``."""
    return render_to_string(
        "core/email/message.html",
        {"blocks": blocks(text), "language": language, "subject": subject},
    )
