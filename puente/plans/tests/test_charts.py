"""The horizontal bar chart with targets that the gap report draws (puente.core.charts)."""

from decimal import Decimal

from puente.core.charts import Series, hbar_chart, text_width


def test_hbar_chart_draws_bars_targets_and_an_escaped_table():
    svg = str(
        hbar_chart(
            title="Brechas <b>",
            description="Puntajes y metas",
            categories=["Precios & costos", "Calidad"],
            series=[Series("Empresa", [Decimal(2), None]), Series("Mentora", [4, 3])],
            max_value=5,
            targets=[Decimal(4), None],
            target_label="Meta",
        )
    )
    assert svg.count("<rect class=") == 3  # the missing value draws nothing
    assert svg.count('class="chart-target"') == 1
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "Brechas &lt;b&gt;" in svg and "<b>" not in svg
    assert "Precios &amp; costos" in svg
    # The data table carries the targets as a column.
    assert "<table>" in svg and svg.count('<th scope="row">') == 2
    assert ">Meta</th>" in svg
    # A bar of 4 on a scale of 5 is four fifths of the plot's width.
    label_width = max(text_width("Precios & costos", 12) + 16, 80)
    plot = 640 - 16 - label_width
    assert f'width="{plot * 4 / 5:.1f}"' in svg
    # The scale's ticks are the scale's points, 0 to 5.
    assert [f">{n}</text>" in svg for n in range(6)] == [True] * 6
