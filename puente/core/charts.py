"""Charts drawn on the server as SVG: one code path for pages and PDFs (WeasyPrint runs no
JavaScript). Each chart carries a <title> and <desc> for screen readers and a data table as a
fallback; a missing value (None) draws nothing and reads "no data" in the table, and a value
given as text (e.g. why a figure is hidden) draws nothing and reads that text.

Colours are presentation attributes, not inline styles, so the strict Content-Security-Policy
allows them; the classes let a stylesheet change them.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from puente.core.numbers import format_number, with_unit

Number = int | float | Decimal
# A point of a series: a number, None (no data) or a text to read instead (nothing drawn).
Point = Number | str | None

# Colour-blind-safe (Okabe–Ito), each with at least 3:1 contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56667A"]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Point]


def _chart_id(title: str, categories: Sequence[str]) -> str:
    digest = hashlib.sha256("\x1f".join([title, *categories]).encode()).hexdigest()
    return f"chart-{digest[:10]}"


def _format(value: Point, unit: str) -> str:
    if value is None:
        return _("no data")
    if isinstance(value, str):
        return value
    return with_unit(format_number(value), unit)


def _scale_max(series: Sequence[Series]) -> float:
    values = [float(v) for s in series for v in s.values if isinstance(v, int | float | Decimal)]
    top = max(values, default=0.0)
    return top if top > 0 else 1.0


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


def _axis(chart_id: str, title: str, description: str, top: float, unit: str) -> str:
    plot_bottom = HEIGHT - BOTTOM
    lines = [
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#6b6b6b"/>',
            LEFT,
            plot_bottom,
            WIDTH - RIGHT,
            plot_bottom,
        )
    ]
    for fraction in (0.5, 1.0):
        y = plot_bottom - fraction * (plot_bottom - TOP)
        lines.append(
            format_html(
                '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d0d0"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#333">{}</text>',
                LEFT,
                f"{y:.1f}",
                WIDTH - RIGHT,
                f"{y:.1f}",
                LEFT - 4,
                f"{y + 4:.1f}",
                _format(top * fraction, ""),
            )
        )
    return format_html(
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}',
        chart_id,
        title,
        chart_id,
        description,
        mark_safe("".join(lines)),  # noqa: S308 - built with format_html above
    )


def _legend(series: Sequence[Series]) -> str:
    items = []
    for index, item in enumerate(series):
        x = LEFT + index * 150
        y = HEIGHT - 14
        items.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}" class="series-{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
                x,
                y - 9,
                PALETTE[index % len(PALETTE)],
                index,
                x + 14,
                y,
                item.name,
            )
        )
    return "".join(items)


def _figure(
    chart_id: str,
    body: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
) -> SafeString:
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        mark_safe(body),  # noqa: S308 - every piece built with format_html
    )
    return format_html(
        '<figure class="chart-figure" id="{}">{}<figcaption>{}</figcaption>{}</figure>',
        chart_id,
        svg,
        title,
        mark_safe(_table(categories, series, unit, _("Data table"))),  # noqa: S308
    )


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
) -> SafeString:
    """Grouped vertical bars: one group per category, one bar per series."""
    chart_id = _chart_id(title, categories)
    top = _scale_max(series)
    plot_bottom = HEIGHT - BOTTOM
    plot_height = plot_bottom - TOP
    group_width = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar_width = group_width * 0.8 / max(len(series), 1)
    parts = [_axis(chart_id, title, description, top, unit)]
    for i, category in enumerate(categories):
        group_x = LEFT + i * group_width + group_width * 0.1
        for j, item in enumerate(series):
            value = item.values[i]
            if value is None or isinstance(value, str):
                continue
            height = float(value) / top * plot_height
            parts.append(
                format_html(
                    '<rect class="series-{}" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    j,
                    f"{group_x + j * bar_width:.1f}",
                    f"{plot_bottom - height:.1f}",
                    f"{max(bar_width - 2, 1):.1f}",
                    f"{height:.1f}",
                    PALETTE[j % len(PALETTE)],
                    f"{category} · {item.name}",
                    _format(value, unit),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#222">{}</text>',
                f"{LEFT + (i + 0.5) * group_width:.1f}",
                plot_bottom + 16,
                category,
            )
        )
    parts.append(_legend(series))
    return _figure(chart_id, "".join(parts), title, categories, series, unit)


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
    top = float(max_value) if max_value else _scale_max(series)
    plot_bottom = HEIGHT - BOTTOM
    plot_height = plot_bottom - TOP
    step = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    parts = [_axis(chart_id, title, description, top, unit)]
    for i, category in enumerate(categories):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#222">{}</text>',
                f"{LEFT + (i + 0.5) * step:.1f}",
                plot_bottom + 16,
                category,
            )
        )
    for j, item in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        segment: list[str] = []
        segments: list[list[str]] = [segment]
        for i, value in enumerate(item.values):
            if value is None or isinstance(value, str):
                segment = []
                segments.append(segment)
                continue
            x = LEFT + (i + 0.5) * step
            y = plot_bottom - float(value) / top * plot_height
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
    parts.append(_legend(series))
    return _figure(chart_id, "".join(parts), title, categories, series, unit)


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
    # Room for the longest label (about 6.6 px a character at 12 px), at most half the width.
    longest = max((len(str(c)) for c in categories), default=0)
    label_width, bar_height, gap = int(min(max(longest * 6.6 + 16, 80), WIDTH / 2)), 14, 10
    group = bar_height * max(len(series), 1) + gap
    plot_top, plot_right = TOP, WIDTH - RIGHT
    plot_bottom = plot_top + group * len(categories)
    height = plot_bottom + 24 + 28
    scale = (plot_right - label_width) / float(max_value or 1)
    marks = list(targets) + [None] * (len(categories) - len(targets))
    parts = [
        format_html(
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            chart_id,
            title,
            chart_id,
            description,
        )
    ]
    steps = int(float(max_value)) if 0 < float(max_value) <= 10 else 4
    for step in range(steps + 1):
        value = float(max_value) * step / steps
        x = label_width + value * scale
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d0d0"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#333">{}</text>',
                f"{x:.1f}",
                plot_top,
                f"{x:.1f}",
                plot_bottom,
                f"{x:.1f}",
                plot_bottom + 14,
                _format(value, ""),
            )
        )
    for i, category in enumerate(categories):
        y = plot_top + i * group
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#222">{}</text>',
                label_width - 8,
                f"{y + (group - gap) / 2 + 4:.1f}",
                category,
            )
        )
        for j, item in enumerate(series):
            amount = item.values[i]
            if amount is None or isinstance(amount, str):
                continue
            parts.append(
                format_html(
                    '<rect class="series-{}" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    j,
                    label_width,
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
                    '<line class="chart-target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#222" '
                    'stroke-width="3" stroke-dasharray="4 2"><title>{}: {}</title></line>',
                    f"{x:.1f}",
                    f"{y - 3:.1f}",
                    f"{x:.1f}",
                    f"{y + group - gap + 1:.1f}",
                    f"{category} · {target_label}",
                    _format(target, unit),
                )
            )
    legend_y = height - 14
    for j, item in enumerate(series):
        x = LEFT + j * 150
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}" class="series-{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
                x,
                legend_y - 9,
                PALETTE[j % len(PALETTE)],
                j,
                x + 14,
                legend_y,
                item.name,
            )
        )
    if target_label and any(t is not None for t in marks):
        x = LEFT + len(series) * 150
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#222" stroke-width="3" '
                'stroke-dasharray="4 2"/><text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
                x + 5,
                legend_y - 11,
                x + 5,
                legend_y + 1,
                x + 14,
                legend_y,
                target_label,
            )
        )
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        mark_safe("".join(parts)),  # noqa: S308 - every piece built with format_html
    )
    columns = [*series, Series(target_label, marks)] if target_label else list(series)
    return format_html(
        '<figure class="chart-figure" id="{}">{}<figcaption>{}</figcaption>{}</figure>',
        chart_id,
        svg,
        title,
        mark_safe(_table(categories, columns, unit, _("Data table"))),  # noqa: S308
    )
