"""Charts drawn on the server as SVG: one code path for pages and PDFs (WeasyPrint runs no
JavaScript). Each chart carries a <title> and <desc> for screen readers (WeasyPrint makes the
title the alternate text of the tagged PDF's figure), a caption, and a data table as a fallback;
a missing value (None) draws nothing and reads "no data" in the table, and a value given as text
(e.g. why a figure is hidden) draws nothing and reads that text.

Layout, measured rather than guessed: the y axis has round ticks (``nice_ticks``: 1, 2 or 5 ×
10ⁿ, integers for counts); text is measured with DejaVu Sans's advance widths (the font of the
PDFs, and the first one the SVG asks for), so category labels wrap, or turn 45° when a word
would not fit, and legend items flow in rows below the plot without ever overlapping. Numbers
and dates follow the active language (a decimal comma in Spanish).

Colours are presentation attributes, not inline styles, so the strict Content-Security-Policy
allows them; the classes let a stylesheet change them. Why not a charting library: pygal styles
its SVG with an inline <style> element and script (blocked by the CSP) and truncates long legend
labels; matplotlib's SVG draws text as paths and is heavy. Neither gives the accessible markup.
"""

import datetime as dt
import hashlib
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from puente.core import numbers

Number = int | float | Decimal
# A point of a series: a number, None (no data) or a text to read instead (nothing drawn).
Point = Number | str | None

# Colour-blind-safe (Okabe–Ito), each with at least 3:1 contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56667A"]
INK, GREY, GRID = "#222", "#333", "#d0d0d0"
FONT = "DejaVu Sans, Verdana, sans-serif"

WIDTH = 640
RIGHT = 16
PLOT_HEIGHT = 160
LABEL_SIZE = 12  # category labels and legend
TICK_SIZE = 11
LINE = 1.25  # line height, in font sizes
MAX_LABEL_LINES = 3
MIN_TICKS, MAX_TICKS = 3, 8


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Point]


# --- Measuring text ------------------------------------------------------------------------------

# DejaVu Sans's advance widths (thousandths of an em, rounded up) for ASCII 0x20–0x7E, read from
# fonts-dejavu-core's DejaVuSans.ttf; accented letters take their base letter's width.
_ASCII = (
    318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637,
    637, 637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 531, 1000, 685, 687, 699,
    771, 632, 576, 775, 752, 295, 295, 656, 558, 863, 749, 788, 604, 788, 695, 635, 611, 732,
    685, 989, 686, 611, 686, 391, 337, 391, 838, 500, 500, 613, 635, 550, 635, 616, 353, 635,
    634, 278, 278, 580, 278, 975, 634, 612, 635, 635, 412, 521, 393, 634, 592, 818, 592, 592,
    525, 637, 337, 637, 838,
)  # fmt: skip
_OTHER = {
    "–": 500, "—": 1000, "‘": 318, "’": 318, "“": 519, "”": 519, "…": 1000, "•": 590,
    "·": 318, "€": 637, "¿": 531, "¡": 401, "º": 472, "ª": 472, "°": 500, "«": 612, "»": 612,
    "×": 838, "\xa0": 318, "\u202f": 200, "ß": 630, "æ": 982, "Æ": 975, "ø": 612, "Ø": 788,
}  # fmt: skip
_WIDE = 1000  # anything else (CJK, emoji…): a full em, wider than most


def _char_width(char: str) -> int:
    if " " <= char <= "~":
        return _ASCII[ord(char) - 0x20]
    if char in _OTHER:
        return _OTHER[char]
    base = unicodedata.normalize("NFD", char)[:1]
    if base and " " <= base <= "~":
        return _ASCII[ord(base) - 0x20]
    return 0 if unicodedata.category(char) == "Mn" else _WIDE


def text_width(text: str, size: float) -> float:
    """The width of ``text`` set in DejaVu Sans at ``size`` (in SVG user units)."""
    return sum(_char_width(char) for char in text) * size / 1000


def wrap_text(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken between words; a word wider than a
    line is broken between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char, size) > width:
                lines.append(line)
                line = ""
            line += char
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


# --- Numbers and dates ---------------------------------------------------------------------------


def nice_ticks(low: Number, high: Number, *, integer: bool = False) -> list[Decimal]:
    """Round ticks covering ``low``…``high`` (and 0): a step of 1, 2 or 5 × 10ⁿ (at least 1
    for counts), between 3 and 8 ticks."""
    lo = min(Decimal(str(low)), Decimal(0))
    hi = max(Decimal(str(high)), Decimal(0))
    if integer:
        lo, hi = lo.to_integral_value(ROUND_FLOOR), hi.to_integral_value(ROUND_CEILING)
    if hi - lo < (2 if integer else Decimal("1E-9")):
        # Nothing to spread (all zero, or a count of 0 or 1): a small axis above the data.
        hi = lo + (2 if integer else max(abs(lo), Decimal(1)))
    span = hi - lo
    exponent = math.floor(math.log10(span)) - 1
    while True:
        for mantissa in (1, 2, 5):
            step = Decimal(mantissa).scaleb(exponent)
            if integer and step < 1:
                continue
            first = (lo / step).to_integral_value(ROUND_FLOOR)
            last = (hi / step).to_integral_value(ROUND_CEILING)
            if last - first + 1 <= MAX_TICKS - 2:
                count = int(last - first) + 1
                if count < MIN_TICKS:
                    last = first + MIN_TICKS - 1
                    count = MIN_TICKS
                places = Decimal(1).scaleb(min(exponent, 0))
                return [((first + i) * step).quantize(places) for i in range(count)]
        exponent += 1


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Number, *, places: int | None = None) -> str:
    """A number as core.numbers writes it (grouped, an integer without decimals, otherwise to
    at most two places), or with exactly ``places`` decimals (a chart's ticks: 0,5 · 1,0 · 1,5)."""
    if places is None:
        return numbers.format_number(value)
    return numbers.format_number(value, places, fixed=True)


def _format(value: Point, unit: str) -> str:
    if value is None:
        return _("no data")
    if isinstance(value, str):
        return value
    return numbers.with_unit(format_number(value), unit)


def day_label(day: dt.date) -> str:
    """A short day and month for a chart's axis, in the active language (7 sep. / Sep 7)."""
    # Translators: a date format (Django's date filter) for the days under a chart: short.
    return date_format(day, pgettext("chart day", "M j"))


# --- Layout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    index: int
    lines: list[str]
    box: Box  # the swatch and its text


SWATCH, SWATCH_GAP, ITEM_GAP = 10, 5, 18


def legend_layout(
    names: Sequence[str], *, left: float, top: float, width: float, size: float = LABEL_SIZE
) -> tuple[list[LegendItem], float]:
    """Legend items in rows from ``left`` to ``left + width``, wrapped to the next row when one
    does not fit (a name wider than the whole row wraps onto lines of its own). Returns the
    items and the legend's height."""
    items: list[LegendItem] = []
    line_height = size * LINE
    x, y, row_height = left, top, 0.0
    text_room = width - SWATCH - SWATCH_GAP
    for index, name in enumerate(names):
        lines = wrap_text(name, text_room, size)
        item_width = SWATCH + SWATCH_GAP + max(text_width(line, size) for line in lines)
        item_height = line_height * len(lines)
        if x > left and x + item_width > left + width:
            x, y, row_height = left, y + row_height + 4, 0.0
        items.append(LegendItem(index, lines, Box(x, y, item_width, item_height)))
        x += item_width + ITEM_GAP
        row_height = max(row_height, item_height)
    return items, (y + row_height - top) if items else 0.0


@dataclass(frozen=True)
class CategoryLabels:
    lines: list[list[str]]  # each label's lines (one line when turned)
    turned: bool  # drawn at 45°, reading up to the tick
    every: int  # one label in so many is drawn when even turned ones would touch
    height: float


def category_labels(
    categories: Sequence[str], slot: float, size: float = LABEL_SIZE
) -> CategoryLabels:
    """How the labels under ``slot``-wide categories fit: wrapped onto up to three lines when
    every word fits the slot, otherwise turned 45° (and thinned out when the slots are too
    narrow even for that; the data table has them all)."""
    room = slot - 6
    wrapped = [wrap_text(str(c), room, size) for c in categories]
    line_height = size * LINE
    fits = all(
        len(lines) <= MAX_LABEL_LINES and all(text_width(ln, size) <= room for ln in lines)
        for lines in wrapped
    )
    if fits:
        most = max((len(lines) for lines in wrapped), default=1)
        return CategoryLabels(wrapped, False, 1, most * line_height)
    every = max(1, math.ceil(line_height / (slot * math.sin(math.pi / 4))))
    longest = max((text_width(str(c), size) for c in categories), default=0.0)
    height = longest * math.sin(math.pi / 4) + line_height
    return CategoryLabels([[str(c)] for c in categories], True, every, height)


# --- Drawing -----------------------------------------------------------------------------------


def _chart_id(title: str, categories: Sequence[str]) -> str:
    digest = hashlib.sha256("\x1f".join([title, *categories]).encode()).hexdigest()
    return f"chart-{digest[:10]}"


def _numbers(series: Sequence[Series]) -> list[Number]:
    return [v for s in series for v in s.values if isinstance(v, int | float | Decimal)]


def _is_count(series: Sequence[Series]) -> bool:
    return all(isinstance(v, int) for v in _numbers(series))


def _text(
    x: float, y: float, text: str, *, size: float, anchor: str = "start", turn: int = 0
) -> str:
    transform = f' transform="rotate({turn} {x:.1f} {y:.1f})"' if turn else ""
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}"{}>{}</text>',
        f"{x:.1f}",
        f"{y:.1f}",
        size,
        INK,
        anchor,
        mark_safe(transform),  # noqa: S308 - numbers only
        text,
    )


def _multiline(x: float, y: float, lines: Sequence[str], *, size: float, anchor: str) -> str:
    """Lines of text, the first baseline at ``y``."""
    spans = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((f"{x:.1f}", f"{size * LINE:.1f}" if i else "0", line) for i, line in enumerate(lines)),
    )
    return format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{}">{}</text>',
        f"{x:.1f}",
        f"{y:.1f}",
        size,
        INK,
        anchor,
        spans,
    )


def _legend(items: Sequence[LegendItem], swatches: Sequence[str], size: float = LABEL_SIZE) -> str:
    parts: list[str] = []
    for item in items:
        box = item.box
        parts.append(
            format_html(
                "{}{}",
                mark_safe(swatches[item.index]),  # noqa: S308 - built with format_html
                mark_safe(  # noqa: S308 - built with format_html
                    _multiline(
                        box.x + SWATCH + SWATCH_GAP,
                        box.y + size * 0.9,
                        item.lines,
                        size=size,
                        anchor="start",
                    )
                ),
            )
        )
    return "".join(parts)


def _swatch(box: Box, index: int, size: float = LABEL_SIZE) -> str:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" class="series-{}"/>',
        f"{box.x:.1f}",
        f"{box.y + size * 0.9 - SWATCH + 1:.1f}",
        SWATCH,
        SWATCH,
        PALETTE[index % len(PALETTE)],
        index,
    )


def _table(categories: Sequence[str], series: Sequence[Series], unit: str, label: str) -> str:
    head = format_html_join("", '<th scope="col">{}</th>', ((s.name,) for s in series))
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                category,
                format_html_join(
                    "", "<td>{}</td>", ((_format(s.values[i], unit),) for s in series)
                ),
            )
            for i, category in enumerate(categories)
        ),
    )
    return format_html(
        '<details class="chart-data"><summary>{}</summary><div class="table-wrap"><table>'
        "<thead><tr><td></td>{}</tr></thead><tbody>{}</tbody></table></div></details>",
        label,
        head,
        rows,
    )


def _figure(
    chart_id: str,
    body: str,
    height: float,
    title: str,
    description: str,
    table: str,
) -> SafeString:
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" font-family="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        f"{height:.0f}",
        chart_id,
        chart_id,
        FONT,
        chart_id,
        title,
        chart_id,
        description,
        mark_safe(body),  # noqa: S308 - every piece built with format_html
    )
    return format_html(
        '<figure class="chart-figure" id="{}">{}<figcaption><span class="chart-title">{}</span> '
        '<span class="chart-description">{}</span></figcaption>{}</figure>',
        chart_id,
        svg,
        title,
        description,
        mark_safe(table),  # noqa: S308 - built with format_html
    )


@dataclass(frozen=True)
class _Frame:
    """A vertical chart's plot area, its scale and what goes under it."""

    left: float
    top: float
    bottom: float
    ticks: list[Decimal]
    labels: CategoryLabels
    slot: float

    @property
    def right(self) -> float:
        return WIDTH - RIGHT

    def y(self, value: Number) -> float:
        low, high = float(self.ticks[0]), float(self.ticks[-1])
        return self.bottom - (float(value) - low) / (high - low) * (self.bottom - self.top)

    def x(self, index: int) -> float:
        return self.left + (index + 0.5) * self.slot


def _frame(
    categories: Sequence[str], series: Sequence[Series], unit: str, top_value: Number | None
) -> _Frame:
    values = _numbers(series)
    integer = top_value is None and _is_count(series)
    high = max([*values, top_value or 0], default=0)
    ticks = nice_ticks(min(values, default=0), high, integer=integer)
    places = max(_decimals(tick) for tick in ticks)
    tick_width = max(text_width(format_number(t, places=places), TICK_SIZE) for t in ticks)
    left = max(tick_width + 12, 32)
    top = 14 + (TICK_SIZE * LINE + 6 if unit else 0)
    slot = (WIDTH - RIGHT - left) / max(len(categories), 1)
    return _Frame(left, top, top + PLOT_HEIGHT, ticks, category_labels(categories, slot), slot)


def _axes(frame: _Frame, unit: str) -> str:
    parts: list[str] = []
    places = max(_decimals(tick) for tick in frame.ticks)
    for tick in frame.ticks:
        y = frame.y(tick)
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                f"{frame.left:.1f}",
                f"{y:.1f}",
                f"{frame.right:.1f}",
                f"{y:.1f}",
                GRID,
            )
        )
        shown = format_number(tick, places=places)
        parts.append(
            _text(frame.left - 6, y + TICK_SIZE * 0.35, shown, size=TICK_SIZE, anchor="end")
        )
    if unit:
        parts.append(_text(2, frame.top - TICK_SIZE * 1.3, unit, size=TICK_SIZE))
    zero = frame.y(0)
    parts.append(
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#6b6b6b"/>',
            f"{frame.left:.1f}",
            f"{zero:.1f}",
            f"{frame.right:.1f}",
            f"{zero:.1f}",
        )
    )
    labels = frame.labels
    for i, lines in enumerate(labels.lines):
        x = frame.x(i)
        if labels.turned:
            if i % labels.every:
                continue
            y = frame.bottom + 10
            parts.append(_text(x + 4, y, lines[0], size=LABEL_SIZE, anchor="end", turn=-45))
        else:
            parts.append(
                _multiline(
                    x, frame.bottom + 6 + LABEL_SIZE, lines, size=LABEL_SIZE, anchor="middle"
                )
            )
    return "".join(parts)


def _below(frame: _Frame, series: Sequence[Series]) -> tuple[str, float]:
    """The legend under the labels (when there is more than one series to tell apart), and the
    chart's height."""
    top = frame.bottom + 6 + frame.labels.height + (12 if frame.labels.turned else 8)
    if len(series) < 2:
        return "", top
    items, height = legend_layout(
        [s.name for s in series], left=frame.left, top=top, width=frame.right - frame.left
    )
    return _legend(items, [_swatch(item.box, item.index) for item in items]), top + height + 8


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
) -> SafeString:
    """Grouped vertical bars: one group per category, one bar per series, the value above each
    bar when it fits."""
    chart_id = _chart_id(title, categories)
    frame = _frame(categories, series, unit, None)
    bar_width = frame.slot * 0.8 / max(len(series), 1)
    parts: list[str] = [_axes(frame, unit)]
    zero = frame.y(0)
    for i, category in enumerate(categories):
        group_x = frame.left + i * frame.slot + frame.slot * 0.1
        for j, item in enumerate(series):
            value = item.values[i]
            if value is None or isinstance(value, str):
                continue
            y = frame.y(value)
            x = group_x + j * bar_width
            parts.append(
                format_html(
                    '<rect class="series-{}" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    j,
                    f"{x:.1f}",
                    f"{min(y, zero):.1f}",
                    f"{max(bar_width - 2, 1):.1f}",
                    f"{abs(zero - y):.1f}",
                    PALETTE[j % len(PALETTE)],
                    f"{category} · {item.name}",
                    _format(value, unit),
                )
            )
            shown = format_number(value)
            if text_width(shown, TICK_SIZE) <= bar_width - 2:
                above = min(y, zero) - 4 if float(value) >= 0 else max(y, zero) + TICK_SIZE + 2
                parts.append(
                    _text(x + (bar_width - 2) / 2, above, shown, size=TICK_SIZE, anchor="middle")
                )
    legend, height = _below(frame, series)
    parts.append(legend)
    table = _table(categories, series, unit, _("Data table"))
    return _figure(chart_id, "".join(parts), height, title, description, table)


def line_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    max_value: Number | None = None,
) -> SafeString:
    """One line per series across the categories (e.g. baseline, midline, endline); a missing
    value breaks the line. ``max_value`` fixes the top of the scale (e.g. 5 for a 1–5 mean)."""
    chart_id = _chart_id(title, categories)
    frame = _frame(categories, series, unit, max_value)
    parts: list[str] = [_axes(frame, unit)]
    for j, item in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        segment: list[str] = []
        segments: list[list[str]] = [segment]
        for i, value in enumerate(item.values):
            if value is None or isinstance(value, str):
                segment = []
                segments.append(segment)
                continue
            x, y = frame.x(i), frame.y(value)
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(
                format_html(
                    '<circle class="series-{}" cx="{}" cy="{}" r="4" fill="{}">'
                    "<title>{}: {}</title></circle>",
                    j,
                    f"{x:.1f}",
                    f"{y:.1f}",
                    colour,
                    f"{categories[i]} · {item.name}",
                    _format(value, unit),
                )
            )
        for points in segments:
            if len(points) > 1:
                parts.append(
                    format_html(
                        '<polyline class="series-{}" points="{}" fill="none" stroke="{}" '
                        'stroke-width="2"/>',
                        j,
                        " ".join(points),
                        colour,
                    )
                )
    legend, height = _below(frame, series)
    parts.append(legend)
    table = _table(categories, series, unit, _("Data table"))
    return _figure(chart_id, "".join(parts), height, title, description, table)


def _target_swatch(box: Box, size: float = LABEL_SIZE) -> str:
    x = box.x + SWATCH / 2
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" '
        'stroke-dasharray="4 2"/>',
        f"{x:.1f}",
        f"{box.y:.1f}",
        f"{x:.1f}",
        f"{box.y + size * LINE - 2:.1f}",
        INK,
    )


def hbar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    max_value: Number,
    targets: Sequence[Number | None] = (),
    target_label: str = "",
    unit: str = "",
) -> SafeString:
    """Horizontal bars on a fixed scale from 0 to ``max_value`` (e.g. a 1–5 assessment): one
    row per category, one bar per series, and an optional target marker across each row. The
    targets also appear as a column of the data table."""
    chart_id = _chart_id(title, categories)
    bar_height, gap = 14, 10
    bars = bar_height * max(len(series), 1)
    label_room = WIDTH / 2 - 16
    labels = [wrap_text(str(c), label_room, LABEL_SIZE) for c in categories]
    widest = max((text_width(line, LABEL_SIZE) for lines in labels for line in lines), default=0)
    label_width = min(max(widest + 16, 80), WIDTH / 2)
    plot_top, plot_right = 14.0, WIDTH - RIGHT
    # A row is as tall as its bars, or as its label's lines when the label wraps further.
    rows = [max(bars, len(lines) * LABEL_SIZE * LINE) for lines in labels]
    tops = [plot_top + sum(rows[:i]) + gap * i for i in range(len(rows))]
    plot_bottom = plot_top + sum(rows) + gap * len(rows)
    ticks = nice_ticks(0, max_value)
    scale = (plot_right - label_width) / float(ticks[-1])
    marks = list(targets) + [None] * (len(categories) - len(targets))
    places = max(_decimals(tick) for tick in ticks)
    parts: list[str] = []
    for tick in ticks:
        x = label_width + float(tick) * scale
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                f"{x:.1f}",
                plot_top,
                f"{x:.1f}",
                plot_bottom,
                GRID,
            )
        )
        shown = format_number(tick, places=places)
        parts.append(_text(x, plot_bottom + 14, shown, size=TICK_SIZE, anchor="middle"))
    for i, category in enumerate(categories):
        y = tops[i] + (rows[i] - bars) / 2
        lines = labels[i]
        first = tops[i] + rows[i] / 2 + 4 - (len(lines) - 1) * LABEL_SIZE * LINE / 2
        parts.append(_multiline(label_width - 8, first, lines, size=LABEL_SIZE, anchor="end"))
        for j, item in enumerate(series):
            amount = item.values[i]
            if amount is None or isinstance(amount, str):
                continue
            parts.append(
                format_html(
                    '<rect class="series-{}" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    j,
                    f"{label_width:.1f}",
                    f"{y + j * bar_height:.1f}",
                    f"{max(float(amount), 0) * scale:.1f}",
                    bar_height - 2,
                    PALETTE[j % len(PALETTE)],
                    f"{category} · {item.name}",
                    _format(amount, unit),
                )
            )
        target = marks[i]
        if target is not None:
            x = label_width + float(target) * scale
            parts.append(
                format_html(
                    '<line class="chart-target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                    'stroke-width="3" stroke-dasharray="4 2"><title>{}: {}</title></line>',
                    f"{x:.1f}",
                    f"{y - 3:.1f}",
                    f"{x:.1f}",
                    f"{y + bars + 1:.1f}",
                    INK,
                    f"{category} · {target_label}",
                    _format(target, unit),
                )
            )
    names = [s.name for s in series]
    with_target = bool(target_label) and any(t is not None for t in marks)
    if with_target:
        names.append(target_label)
    legend_top = plot_bottom + 14 + TICK_SIZE
    items, legend_height = legend_layout(
        names, left=label_width, top=legend_top, width=plot_right - label_width
    )
    swatches = [_swatch(item.box, item.index) for item in items[: len(series)]]
    if with_target:
        swatches.append(_target_swatch(items[-1].box))
    parts.append(_legend(items, swatches))
    height = legend_top + legend_height + 8
    columns = [*series, Series(target_label, marks)] if target_label else list(series)
    table = _table(categories, columns, unit, _("Data table"))
    return _figure(chart_id, "".join(parts), height, title, description, table)
