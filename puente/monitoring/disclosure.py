"""Small-group suppression: which aggregate figures may leave Puente, and why the others may not.

Every place where aggregates leave the app builds its figures as ``Figure`` (a value and the people
who contributed to it) and hands them, with the relations between them, to ``protect``: the
funder's dashboard and its CSV/XLSX, the program reports (pages and PDFs), the M&E indicators
(page, export, API) and the waves side by side. Nothing else decides what is hidden.

The rule, with ``MIN_PEOPLE`` = 5:

1. **Too few people** (primary suppression). A figure is hidden when fewer than ``MIN_PEOPLE``
   people contributed to it, counted for that figure, not for its group: in a group of nine
   mentees of whom one is in a relationship, the group's meetings, hours and mean usefulness
   are that one person's, so they are hidden. A rate (a percentage, a share of yes) counts both
   sides: it is hidden when its numerator or its denominator comes from fewer than
   ``MIN_PEOPLE`` people. A figure may also carry the size of the group it describes
   (``group``): anything said of a group of fewer than ``MIN_PEOPLE`` is hidden, a 0 or a "no
   data" too, since it would tell something of each of them. Zero contributors is not "too
   few": a count of 0 in a large group, or a rate of 0 %, is shown.
2. **So that a hidden figure cannot be worked out** (complementary suppression). Figures tied
   together are declared as ``Relation`` s: a total and its parts (the "All" row and the groups
   of one column; a group's mentees and the statuses of their relationships) or a figure
   derived from others (a rate from its numerator and denominator, a change from its two ends).
   In each relation, the unknowns are the hidden figures and the parts never published (with
   someone behind them). A hidden figure would be given away if it were the only unknown of a
   relation, or if the total were shown and the unknown parts together stood for fewer than
   ``MIN_PEOPLE`` people (their sum would describe that small group). While a relation is
   unsafe, one more figure is hidden: the derived figure if it is shown, else the part shown
   with the fewest people (the "next smallest"), else the total. A total of 0 that nobody
   stands behind gives nothing away: every part is 0, which is said of everyone it counts.

This protects against subtraction within each relation, not against solving many relations at
once as a system of equations (which a determined analyst of several linked tables could try).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

MIN_PEOPLE = 5


class Hidden(StrEnum):
    FEW = "few"  # fewer than MIN_PEOPLE people contributed
    COMPLEMENT = "complement"  # hidden so that another hidden figure cannot be worked out


@dataclass
class Figure:
    """One figure and who stands behind it.

    ``value`` is what would be shown (``None``: no data); ``people`` how many people contributed
    to it (for a rate, to its numerator); ``base`` the people of a rate's denominator; ``group``
    the size of the group the figure describes, when anything said of a small group must be
    hidden (a 0 or a "no data" too). ``published=False`` marks a figure that is never shown
    and that no other relation gives away (the mentees of a group who are in no relationship):
    it is an unknown in its one relation. A figure not on the page but worked out from others
    (the numerator of a rate shown with its denominator) is published. ``hidden`` is set by
    ``protect``.
    """

    value: Any = None
    people: int = 0
    base: int | None = None
    group: int | None = None
    published: bool = True
    hidden: Hidden | None = None

    @property
    def suppressed(self) -> bool:
        return self.hidden is not None

    @property
    def shown(self) -> Any:
        """The value to publish: ``None`` when hidden or without data."""
        return None if self.hidden is not None else self.value

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def n(self) -> int:
        """How many people the figure stands for: a rate's denominator, else its contributors."""
        return self.base if self.base is not None else self.people

    @property
    def min_people(self) -> int:
        return MIN_PEOPLE

    @property
    def explanation(self) -> str:
        return explanation(self.hidden) if self.hidden is not None else ""


def people(contributors: int | Iterable[Any]) -> int:
    """A count of people from a count or from the set (or any iterable) of who they are."""
    if isinstance(contributors, int):
        return contributors
    return len(set(contributors))


def figure(
    value: Any,
    contributors: int | Iterable[Any],
    *,
    base: int | Iterable[Any] | None = None,
    group: int | None = None,
    published: bool = True,
) -> Figure:
    """A ``Figure`` from the contributors' count or set (and the base's)."""
    return Figure(
        value=value,
        people=people(contributors),
        base=None if base is None else people(base),
        group=group,
        published=published,
    )


def too_few(item: Figure) -> bool:
    return any(
        count is not None and 0 < count < MIN_PEOPLE
        for count in (item.people, item.base, item.group)
    )


@dataclass(eq=False)
class Relation:
    """``total`` is determined by ``parts``: their sum (a total and its groups) or, when
    ``derived``, a function of them from which any one can be worked back (a rate, a change)."""

    total: Figure
    parts: Sequence[Figure]
    derived: bool = False


def sums(total: Figure, parts: Iterable[Figure]) -> Relation:
    return Relation(total, list(parts))


def derives(result: Figure, *inputs: Figure) -> Relation:
    return Relation(result, list(inputs), derived=True)


def columns(total_row: Sequence[Figure], rows: Sequence[Sequence[Figure]]) -> list[Relation]:
    """Each column of ``rows`` (the groups) adds up to the same column of ``total_row``."""
    return [sums(total, [row[index] for row in rows]) for index, total in enumerate(total_row)]


def _unknown(item: Figure) -> bool:
    return item.hidden is not None or (not item.published and item.people > 0)


def _members(relation: Relation) -> list[Figure] | None:
    """The members that matter, or None when the relation tells nothing (a figure in it, shown
    as "no data", carries no number to subtract)."""
    total = relation.total
    if total.value is None and total.hidden is None:
        return None
    if relation.derived:
        if any(p.value is None and p.hidden is None for p in relation.parts):
            return None
        return [total, *relation.parts]
    return [total, *(p for p in relation.parts if p.value is not None or p.hidden is not None)]


def unsafe(relation: Relation) -> bool:
    """Whether a hidden figure of ``relation`` can be worked out from the others shown."""
    members = _members(relation)
    if members is None or len(members) < 2:
        return False
    total = relation.total
    if not relation.derived and total.hidden is None and total.value == 0 and not total.people:
        # A total of nobody says that every part is nobody: true of everyone it counts, not a
        # small group's own figure (hiding it would protect nothing).
        return False
    if not any(m.hidden is not None for m in members):
        return False
    unknown = [m for m in members if _unknown(m)]
    if len(unknown) == 1:
        return True
    if any(m is relation.total for m in unknown):
        return False
    return sum(m.people for m in unknown) < MIN_PEOPLE


def _next_to_hide(relation: Relation) -> Figure | None:
    total = relation.total
    total_can = total.hidden is None and total.published and total.value is not None
    if relation.derived and total_can:
        return total
    candidates = [
        p
        for p in relation.parts
        if p.hidden is None and p.published and p.value is not None and p.people > 0
    ]
    if candidates:
        return min(candidates, key=lambda p: p.people)  # min keeps the first of equals
    return total if total_can else None


def protect(figures: Iterable[Figure], relations: Iterable[Relation] = ()) -> None:
    """Hide (set ``hidden`` on) the figures that may not be shown: first those with too few
    people, then, relation by relation, what would let a hidden one be worked out."""
    relations = list(relations)
    everything: dict[int, Figure] = {}
    for item in figures:
        everything[id(item)] = item
    for relation in relations:
        for item in (relation.total, *relation.parts):
            everything[id(item)] = item
    for item in everything.values():
        # A figure never shown is checked too: a relation must not give it away either.
        if item.hidden is None and too_few(item):
            item.hidden = Hidden.FEW
    changed = True
    while changed:
        changed = False
        for relation in relations:
            while unsafe(relation):
                target = _next_to_hide(relation)
                if target is None:
                    break
                target.hidden = Hidden.COMPLEMENT
                changed = True


# --- Words ----------------------------------------------------------------------------------


def explanation(reason: Hidden | str) -> str:
    """Why a figure is hidden and when it appears, in a sentence (pages and README sheets)."""
    if reason == Hidden.FEW:
        return _("Hidden: fewer than %(n)s people contributed (appears when %(n)s do)") % {
            "n": MIN_PEOPLE
        }
    return _("Hidden so that another hidden figure cannot be worked out")


def mark(item: Figure) -> str:
    """The short mark a hidden figure reads in a CSV or XLSX cell (explained by ``legend``)."""
    if item.hidden == Hidden.FEW:
        return _("fewer than %(n)s") % {"n": MIN_PEOPLE}
    return _("withheld")


def cell(item: Figure) -> Any:
    """What a spreadsheet cell holds for a figure: its value, its mark, or nothing (no data)."""
    return mark(item) if item.hidden is not None else item.value


def point(item: Figure) -> Any:
    """A chart's point for a figure: its value, or why it is hidden (drawn as nothing, read in
    the chart's data table), or None without data."""
    return item.explanation if item.hidden is not None else item.value


def legend() -> list[tuple[str, str]]:
    """Each mark with what it means, for an export's README."""
    few, complement = Figure(hidden=Hidden.FEW), Figure(hidden=Hidden.COMPLEMENT)
    return [
        (mark(few), explanation(Hidden.FEW)),
        (
            mark(complement),
            _(
                "Hidden so that another hidden figure cannot be worked out from the totals or "
                "from the other figures of the table; it may appear when its group grows."
            ),
        ),
        (
            _("empty"),
            _("No data: nobody was counted (no answers, meetings or attendance yet)."),
        ),
    ]
