"""A relationship's meetings as a timeline, drawn on the server as SVG (no JavaScript, and
the same picture in a PDF): each meeting a mark at its date, by what became of it, and today.

The picture is for the eye: it carries a <title> and a <desc> that say the same figures in words,
and the page shows the figures beside it. Colours are presentation attributes (the
Content-Security-Policy forbids inline styles) from the charts' colour-blind-safe palette, and
each state has its own shape too, so colour is never the only cue.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from puente.mentoring.models import Meeting

WIDTH, HEIGHT = 320, 66
LEFT, RIGHT, LINE = 10, 10, 30
RADIUS = 7
FONT = 12
HELD, MISSED, PLANNED, TO_LOG = "#009E73", "#D55E00", "#56667A", "#8A6D00"
TODAY = "#0072B2"


@dataclass(frozen=True)
class Counts:
    held: int
    missed: int
    planned: int
    to_log: int

    @property
    def total(self) -> int:
        return self.held + self.missed + self.planned + self.to_log


def state(meeting: Meeting, today: dt.date) -> str:
    """held, missed, to_log (its day has passed without a log) or planned."""
    if meeting.status == Meeting.Status.HELD:
        return "held"
    if meeting.status == Meeting.Status.MISSED:
        return "missed"
    return "to_log" if meeting.planned_on < today else "planned"


def counts(meetings: Sequence[Meeting], today: dt.date) -> Counts:
    states = [state(m, today) for m in meetings]
    return Counts(
        held=states.count("held"),
        missed=states.count("missed"),
        planned=states.count("planned"),
        to_log=states.count("to_log"),
    )


def _mark(meeting: Meeting, x: float, kind: str, labels: dict[str, str]) -> str:
    """One meeting's mark: its shape (numbers only) and a tooltip (escaped)."""
    label = _("Meeting %(number)s, %(date)s: %(state)s") % {
        "number": meeting.number,
        "date": date_format(meeting.planned_on, "DATE_FORMAT"),
        "state": labels[kind],
    }
    y, r, cx = LINE, RADIUS, f"{x:.1f}"
    if kind == "held":
        shape = f'<circle cx="{cx}" cy="{y}" r="{r}" fill="{HELD}"/>'
    elif kind == "missed":
        d = (r - 1) / 1.6
        x1, x2, y1, y2 = f"{x - d:.1f}", f"{x + d:.1f}", f"{y - d:.1f}", f"{y + d:.1f}"
        shape = (
            f'<circle cx="{cx}" cy="{y}" r="{r}" fill="#fff" stroke="{MISSED}" stroke-width="2"/>'
            f'<path d="M{x1} {y1}L{x2} {y2}M{x1} {y2}L{x2} {y1}" stroke="{MISSED}" '
            'stroke-width="2"/>'
        )
    elif kind == "to_log":
        shape = (
            f'<circle cx="{cx}" cy="{y}" r="{r}" fill="#fdecc8" stroke="{TO_LOG}" '
            'stroke-width="2" stroke-dasharray="3 2"/>'
        )
    else:
        shape = (
            f'<circle cx="{cx}" cy="{y}" r="{r}" fill="#fff" stroke="{PLANNED}" stroke-width="2"/>'
        )
    return f'<g class="tl-{kind}"><title>{escape(label)}</title>{shape}</g>'


def state_labels() -> dict[str, str]:
    """What became of a meeting, in words (translated when read)."""
    return {
        "held": _("held"),
        "missed": _("missed"),
        "planned": _("planned"),
        "to_log": _("waiting for its log"),
    }


def description(figures: Counts, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> str:
    return _(
        "%(held)s held, %(missed)s missed, %(to_log)s waiting for a log and %(planned)s planned, "
        "of %(total)s meetings from %(start)s to %(end)s; today is %(today)s."
    ) % {
        "held": figures.held,
        "missed": figures.missed,
        "to_log": figures.to_log,
        "planned": figures.planned,
        "total": figures.total,
        "start": date_format(starts_on, "DATE_FORMAT"),
        "end": date_format(ends_on, "DATE_FORMAT"),
        "today": date_format(today, "DATE_FORMAT"),
    }


def timeline_svg(
    meetings: Sequence[Meeting], *, starts_on: dt.date, ends_on: dt.date, today: dt.date, key: str
) -> SafeString:
    """The meetings of a relationship on a line from ``starts_on`` to ``ends_on`` (stretched to
    its first and last meeting), with today marked when it falls within."""
    days = [m.planned_on for m in meetings]
    first = min([starts_on, *days])
    last = max([ends_on, *days])
    span = max((last - first).days, 1)
    usable = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return LEFT + usable * (day - first).days / span

    figures = counts(meetings, today)
    labels = state_labels()
    # Made of numbers and escaped labels only.
    marks = mark_safe(  # noqa: S308
        "".join(_mark(m, x(m.planned_on), state(m, today), labels) for m in meetings)
    )
    now = ""
    if first <= today <= last:
        at = x(today)
        anchor = "start" if at < WIDTH * 0.15 else "end" if at > WIDTH * 0.85 else "middle"
        now = format_html(
            '<line x1="{x}" y1="14" x2="{x}" y2="{y2}" stroke="{c}" stroke-width="1.5"/>'
            '<text x="{x}" y="11" font-size="{f}" text-anchor="{a}" fill="{c}">{label}</text>',
            x=f"{at:.1f}",
            y2=LINE + RADIUS + 4,
            c=TODAY,
            f=FONT,
            a=anchor,
            label=_("today"),
        )
    return format_html(
        '<svg class="timeline-chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{key}-title {key}-desc" focusable="false">'
        '<title id="{key}-title">{title}</title><desc id="{key}-desc">{desc}</desc>'
        '<line x1="{left}" y1="{line}" x2="{right}" y2="{line}" stroke="#8a9a9a" '
        'stroke-width="2"/>{now}{marks}'
        '<text x="{left}" y="{below}" font-size="{f}" fill="#444">{start}</text>'
        '<text x="{right}" y="{below}" font-size="{f}" fill="#444" text-anchor="end">{end}</text>'
        "</svg>",
        w=WIDTH,
        h=HEIGHT,
        key=key,
        title=_("Meetings over time"),
        desc=description(figures, first, last, today),
        left=LEFT,
        right=WIDTH - RIGHT,
        line=LINE,
        below=HEIGHT - 4,
        f=FONT,
        now=now,
        marks=marks,
        start=date_format(first, "j M"),
        end=date_format(last, "j M"),
    )
