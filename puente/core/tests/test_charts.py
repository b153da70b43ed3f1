"""The layout of the server-drawn charts (puente.core.charts): round ticks, legends that never
overlap, labels that wrap or turn, numbers and dates in the page's language."""

import datetime as dt
import re
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.core.charts import (
    LABEL_SIZE,
    Series,
    bar_chart,
    category_labels,
    day_label,
    format_number,
    legend_layout,
    line_chart,
    nice_ticks,
    text_width,
    wrap_text,
)

values = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=10_000_000)


def _is_round(step: Decimal) -> bool:
    digits = step.normalize().as_tuple().digits
    return digits in ((1,), (2,), (5,))


def _check(ticks: list[Decimal], low: float, high: float) -> None:
    assert 3 <= len(ticks) <= 8
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1  # evenly spaced
    step = steps.pop()
    assert step > 0 and _is_round(step), step
    assert ticks[0] <= Decimal(str(min(low, 0))) and ticks[-1] >= Decimal(str(max(high, 0)))
    assert Decimal(0) in ticks
    assert all(tick % step == 0 for tick in ticks)  # on the step's grid


@settings(max_examples=300, deadline=None)
@given(values, values)
def test_ticks_are_round_and_cover_the_data(a, b):
    low, high = min(a, b), max(a, b)
    _check(nice_ticks(low, high), low, high)


@settings(max_examples=300, deadline=None)
@given(counts, counts)
def test_counts_get_integer_ticks(a, b):
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high, integer=True)
    _check(ticks, low, high)
    assert all(tick == tick.to_integral_value() for tick in ticks)


@pytest.mark.parametrize(
    ("high", "integer", "expected"),
    [
        (105.75, False, [0, 50, 100, 150]),  # never 105,75 / 52,875
        (3204.86, False, [0, 1000, 2000, 3000, 4000]),  # never 1602,43
        (18, True, [0, 5, 10, 15, 20]),
        (1, True, [0, 1, 2]),
        (0, True, [0, 1, 2]),
        (5, False, [0, 1, 2, 3, 4, 5]),  # a 1–5 scale
    ],
)
def test_ticks_of_the_reports(high, integer, expected):
    assert nice_ticks(0, high, integer=integer) == [Decimal(n) for n in expected]


names = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=90),
    min_size=1,
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(names, st.integers(min_value=120, max_value=640))
def test_legend_items_never_overlap_and_stay_in_their_width(labels, width):
    items, height = legend_layout(labels, left=40, top=10, width=width)
    for one, other in combinations(items, 2):
        assert not one.box.overlaps(other.box), (one, other)
    for item in items:
        assert 40 <= item.box.x and item.box.x + item.box.width <= 40 + width + 0.01
        assert 10 <= item.box.y and item.box.y + item.box.height <= 10 + height + 0.01
        text = " ".join(item.lines)
        assert text.split() == labels[item.index].split() or "".join(text.split()) == "".join(
            labels[item.index].split()
        )  # nothing cut: long words are broken, never truncated


def test_the_reports_legend_that_overlapped():
    labels = ["Todas", "Primera venta a empresas", "Proveedora recurrente"]
    items, _height = legend_layout(labels, left=48, top=0, width=576)
    assert len({item.box.y for item in items}) == 1  # one row: they fit
    assert items[1].box.x + items[1].box.width < items[2].box.x
    many = [f"Proveedora recurrente del grupo {n}" for n in range(6)]
    items, height = legend_layout(many, left=48, top=0, width=576)
    assert len({item.box.y for item in items}) > 1 and height > 2 * LABEL_SIZE


def test_text_width_follows_dejavu_sans():
    assert text_width("M", 1000) == 863 and text_width("i", 1000) == 278
    assert text_width("Línea", 12) == text_width("Linea", 12)  # an accent takes no room
    assert wrap_text("Primera venta a empresas", 100, 12) == ["Primera venta a", "empresas"]
    assert all(text_width(line, 12) <= 40 for line in wrap_text("Supercalifragilístico", 40, 12))


def test_category_labels_wrap_then_turn():
    fit = category_labels(["Postulantes", "Postulaciones aceptadas", "Mentees emparejados"], 144)
    assert not fit.turned and fit.lines[1] == ["Postulaciones", "aceptadas"]
    narrow = category_labels([f"Semana del {n} de noviembre" for n in range(60)], 9.6)
    assert narrow.turned and narrow.every > 1  # thinned out: the data table has them all


@pytest.fixture
def spanish():
    with translation.override("es"):
        yield


def test_numbers_and_dates_in_spanish(spanish):
    assert format_number(2500000.5) == "2\xa0500\xa0000,5"
    assert format_number(18) == "18" and format_number(Decimal("18.0")) == "18"
    assert format_number(Decimal("4.05")) == "4,05"
    assert day_label(dt.date(2026, 11, 30)) == "30 nov"


def test_dates_in_english():
    with translation.override("en"):
        assert day_label(dt.date(2026, 11, 30)) == "Nov 30"
        assert format_number(2500000.5) == "2,500,000.5"


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end">([^<]+)</text>', svg)


def test_a_count_chart_has_integer_ticks_and_the_values_on_the_bars(spanish):
    svg = str(
        bar_chart(
            title="Participación",
            description="De las postulaciones a las relaciones completadas.",
            categories=["Postulantes", "Postulaciones aceptadas", "Mentees emparejados"],
            series=[Series("Personas", [7, "Oculto", 18])],
        )
    )
    assert _tick_labels(svg) == ["0", "5", "10", "15", "20"]
    assert ">18</text>" in svg and ">7</text>" in svg
    assert "18,0" not in svg and "9,0" not in svg
    assert 'class="chart-description">De las postulaciones' in svg


def test_a_line_chart_of_amounts_has_round_ticks_in_the_pages_language(spanish):
    svg = str(
        line_chart(
            title="Ventas mensuales",
            description="Por ronda",
            categories=["Línea de base", "Medición intermedia", "Línea de cierre"],
            series=[
                Series("Todas", [Decimal("2235.29"), Decimal("2459.07"), Decimal("2854.17")]),
                Series("Primera venta a empresas", [2350, 2642, Decimal("3204.86")]),
                Series("Proveedora recurrente", [Decimal("2071.43"), None, Decimal("2363.2")]),
            ],
            unit="USD",
        )
    )
    assert _tick_labels(svg) == ["0", "1\xa0000", "2\xa0000", "3\xa0000", "4\xa0000"]
    assert "<td>3\xa0204,86\xa0USD</td>" in svg  # the data table (a unit never wraps away)
    assert ">USD</text>" in svg


def test_the_stylesheets_style_the_caption():
    css = (Path(__file__).parents[2] / "static" / "css" / "puente.css").read_text()
    assert ".chart-description" in css


def test_a_long_area_name_wraps_whole_in_the_gap_chart():
    from puente.core.charts import hbar_chart

    name = "Registro formal, documentación legal y permisos municipales de funcionamiento " * 2
    svg = str(
        hbar_chart(
            title="Brechas",
            description="Puntajes",
            categories=[name.strip(), "Calidad"],
            series=[Series("Mentee", [2, 3])],
            max_value=5,
        )
    )
    spans = re.findall(r"<tspan[^>]*>([^<]+)</tspan>", svg)
    assert " ".join(spans).startswith(" ".join(name.split()))  # every word, none cut
