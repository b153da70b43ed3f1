"""The bar and line charts of puente.core.charts, as the health and M&E pages draw them."""

from puente.core.charts import Series, bar_chart, line_chart


def test_bar_chart_has_title_description_bars_and_an_escaped_table():
    svg = str(
        bar_chart(
            title="Held <vs> planned",
            description="Per wave",
            categories=["Ola 1", "Ola <2>"],
            series=[Series("Planned", [10, 4]), Series("Held", [7, None])],
        )
    )
    assert 'role="img"' in svg
    assert "<title id=" in svg and "Held &lt;vs&gt; planned" in svg
    assert "<desc id=" in svg and "Per wave" in svg
    assert svg.count('<rect class="series-') == 3  # the missing value draws no bar
    assert "<table>" in svg and "Ola &lt;2&gt;" in svg and "<2>" not in svg
    assert "no data" in svg


def test_line_chart_breaks_at_a_missing_value():
    svg = str(
        line_chart(
            title="Confianza",
            description="Baseline, midline, endline",
            categories=["Baseline", "Midline", "Endline"],
            series=[Series("All", [2.5, None, 4]), Series("Quito", [2, 3, 4])],
        )
    )
    assert svg.count("<polyline") == 1  # "All" has no two neighbouring points; "Quito" has
    assert svg.count("<circle") == 5
