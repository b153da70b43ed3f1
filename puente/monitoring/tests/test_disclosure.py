"""The suppression rule on its own: too few people, complements, rates, and a property test that no
hidden cell of a table can be worked out by subtraction from what its row or column shows."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.monitoring.disclosure import (
    MIN_PEOPLE,
    Figure,
    Hidden,
    columns,
    derives,
    figure,
    legend,
    mark,
    protect,
    sums,
    unsafe,
)


def count(n: int, group: int | None = None) -> Figure:
    """A count of people: each one counted is one contributor."""
    return Figure(n, n, group=group)


def test_a_figure_with_five_contributors_stays_visible():
    five = count(5)
    protect([five])
    assert five.hidden is None and five.shown == 5


def test_too_few_contributors_hide_a_figure_whatever_the_size_of_its_group():
    # The group has nine mentees (base), but one person's answers make the mean.
    mean = Figure(value=2.07, people=1, group=9)
    size = count(9)
    protect([mean, size])
    assert mean.hidden == Hidden.FEW and mean.shown is None
    assert size.hidden is None


def test_contributors_as_a_set_are_counted_once():
    meetings = figure(12, ["ana", "ana", "ana", "luis"])
    assert meetings.people == 2
    protect([meetings])
    assert meetings.hidden == Hidden.FEW


def test_rates_count_their_numerator_and_their_denominator():
    two_of_twenty = Figure(10, people=2, base=20)
    none_of_twenty = Figure(0, people=0, base=20)
    four_of_four = Figure(100, people=4, base=4)
    seven_of_nine = Figure(78, people=7, base=9)
    protect([two_of_twenty, none_of_twenty, four_of_four, seven_of_nine])
    assert two_of_twenty.hidden == Hidden.FEW
    assert none_of_twenty.hidden is None  # 0 % of twenty people tells of no one in particular
    assert four_of_four.hidden == Hidden.FEW
    assert seven_of_nine.hidden is None


def test_anything_said_of_a_small_population_is_hidden_a_zero_too():
    zero_of_three = count(0, group=3)
    zero_of_nine = count(0, group=9)
    no_data_of_three = Figure(None, 0, group=3)
    protect([zero_of_three, zero_of_nine, no_data_of_three])
    assert zero_of_three.hidden == Hidden.FEW
    assert zero_of_nine.hidden is None
    assert no_data_of_three.hidden == Hidden.FEW


def test_one_cell_under_five_forces_a_second_so_the_total_does_not_give_it_away():
    groups = [count(3), count(12), count(7)]
    total = count(22)
    protect([], [sums(total, groups)])
    assert groups[0].hidden == Hidden.FEW
    # 22 − 12 − 7 would be 3: the next smallest (7) is hidden too, the total stays.
    assert groups[2].hidden == Hidden.COMPLEMENT
    assert groups[1].hidden is None and total.hidden is None
    visible = [g.shown for g in groups if g.shown is not None]
    assert total.shown - sum(visible) == 3 + 7  # only the two together, never the 3 alone


def test_hidden_cells_adding_up_to_fewer_than_five_take_a_third():
    groups = [count(1), count(2), count(9), count(30)]
    total = count(42)
    protect([], [sums(total, groups)])
    assert [g.hidden for g in groups] == [Hidden.FEW, Hidden.FEW, Hidden.COMPLEMENT, None]


def test_a_total_hidden_takes_a_part_with_it():
    # The total is hidden to protect something elsewhere; its parts would add up to it.
    total = Figure(20, 20, hidden=Hidden.COMPLEMENT)
    parts = [count(8), count(12)]
    protect([], [sums(total, parts)])
    assert parts[0].hidden == Hidden.COMPLEMENT and parts[1].hidden is None


def test_a_part_never_published_protects_like_a_hidden_one():
    # Nine mentees: 1 active (hidden), 0 completed, 8 in no relationship (never shown): the
    # active one cannot be worked out from the nine.
    mentees, active, completed = count(9), count(1), count(0)
    unmatched = Figure(8, 8, published=False)
    protect([], [sums(mentees, [active, completed, unmatched])])
    assert active.hidden == Hidden.FEW and mentees.hidden is None and completed.hidden is None
    # With everyone matched, the unpublished part stands for nobody: the next smallest goes.
    mentees, active, completed = count(6), count(1), count(5)
    unmatched = Figure(0, 0, published=False)
    protect([], [sums(mentees, [active, completed, unmatched])])
    assert completed.hidden == Hidden.COMPLEMENT and mentees.hidden is None


def test_a_rate_goes_with_its_hidden_numerator_and_a_change_with_its_end():
    held, planned = Figure(9, people=6), Figure(12, people=8)
    rate = Figure(75, people=6, base=8)
    held.hidden = Hidden.COMPLEMENT
    protect([], [derives(rate, held, planned)])
    assert rate.hidden == Hidden.COMPLEMENT and planned.hidden is None
    baseline, endline = Figure(2.5, 6), Figure(4.0, 3)
    change = Figure(1.5, 3)
    protect([], [derives(change, baseline, endline)])
    assert endline.hidden == Hidden.FEW and change.hidden == Hidden.FEW
    assert baseline.hidden is None


def test_a_relation_with_no_data_tells_nothing():
    baseline, endline, change = Figure(None, 0), Figure(4.0, 3), Figure(None, 0)
    protect([], [derives(change, baseline, endline)])
    assert baseline.hidden is None and change.hidden is None


def test_marks_and_their_legend():
    few, other = Figure(1, 1, hidden=Hidden.FEW), Figure(9, 9, hidden=Hidden.COMPLEMENT)
    assert mark(few) == "fewer than 5" and mark(other) == "withheld"
    marks = [m for m, _text in legend()]
    assert "fewer than 5" in marks and "withheld" in marks
    assert "appears when 5 do" in few.explanation
    assert "cannot be worked out" in other.explanation


# --- Property: no hidden cell can be derived from its row or column -------------------------


def _table(cells: list[list[int]]):
    """Figures for a table of counts with its row totals, column totals and grand total, and
    the relations between them (each row, each column, the totals row and column)."""
    grid = [[count(n) for n in row] for row in cells]
    row_totals = [count(sum(row)) for row in cells]
    column_totals = [count(sum(column)) for column in zip(*cells, strict=True)]
    grand = count(sum(sum(row) for row in cells))
    relations = [sums(total, row) for total, row in zip(row_totals, grid, strict=True)]
    relations += columns(column_totals, grid)
    relations += [sums(grand, row_totals), sums(grand, column_totals)]
    return grid, row_totals, column_totals, grand, relations


def _lines(grid, row_totals, column_totals, grand):
    lines = [(total, row) for total, row in zip(row_totals, grid, strict=True)]
    lines += [(total, [row[j] for row in grid]) for j, total in enumerate(column_totals)]
    return lines + [(grand, row_totals), (grand, column_totals)]


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_hidden_cell_can_be_derived_from_the_visible_totals_of_its_row_or_column(cells):
    grid, row_totals, column_totals, grand, relations = _table(cells)
    protect([], relations)
    for figure_ in [*(c for row in grid for c in row), *row_totals, *column_totals, grand]:
        if 0 < figure_.value < MIN_PEOPLE:
            assert figure_.hidden is not None  # every small figure is hidden
    for total, parts in _lines(grid, row_totals, column_totals, grand):
        hidden = [p for p in parts if p.hidden is not None]
        if total.hidden is None:
            # The total minus the cells shown gives the sum of the hidden ones: never one cell
            # alone, and never fewer than MIN_PEOPLE people together.
            assert len(hidden) != 1
            if hidden:
                assert sum(p.value for p in hidden) >= MIN_PEOPLE
                derived = total.value - sum(p.value for p in parts if p.hidden is None)
                assert derived == sum(p.value for p in hidden)
        elif total.value:
            # A hidden total is not the sum of cells all shown.
            assert hidden
    assert not any(unsafe(relation) for relation in relations)


def test_property_example_exactly_one_cell_under_five():
    grid, row_totals, column_totals, grand, relations = _table([[3, 8, 9], [6, 7, 10]])
    protect([], relations)
    assert grid[0][0].hidden == Hidden.FEW
    # Its row and its column each lose a second cell, and those cells' own lines a third…
    assert grid[0][1].hidden == Hidden.COMPLEMENT  # next smallest in the row (8)
    assert grid[1][0].hidden == Hidden.COMPLEMENT  # next smallest in the column (6)
    assert grid[1][1].hidden == Hidden.COMPLEMENT  # the rectangle closes
    assert grand.hidden is None
    assert all(t.hidden is None for t in [*row_totals, *column_totals])
