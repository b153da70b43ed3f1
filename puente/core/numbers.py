"""The one way Puente writes a number for people to read: pages, PDFs, emails, charts and the
sentences Puente writes ("2,0 h" never "2.0 h" in Spanish).

- in the current language's separators (Spanish: "2 500 000,5"; English: "2,500,000.5"),
  with thousands grouped;
- a whole number as a whole number ("18", never "18,0"), whatever its type (18.0, Decimal("18.00"));
- at most ``places`` decimals (2 by default), trailing zeros dropped ("4,5", not "4,50") unless
  ``fixed`` asks for exactly ``places`` ("85,00");
- changes with their sign and their unit: percentage points ("+3 pp"), percent ("−2,5 %").

Spreadsheets get numbers as numbers, not as these texts: ``core.spreadsheets`` writes CSV cells
in the reader's dialect without grouping, and XLSX cells typed.

Templates use the filters in ``core/templatetags/numbers.py`` (``{{ value|number }}``,
``{{ value|number:1 }}``, ``{{ value|change:"pp" }}``, ``{{ value|percent }}``).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext, pgettext

Number = int | float | Decimal

# Units of a change: a rate's change is in percentage points, a relative change in percent.
PERCENTAGE_POINTS = "pp"
PERCENT = "%"
MINUS = "\u2212"  # the minus sign, not a hyphen: read as "minus" by screen readers


def as_decimal(value: Number | str) -> Decimal | None:
    """The value as a Decimal (None for None, NaN, infinities and text that is not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _rounded(value: Decimal, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(
    value: Number | str | None,
    places: int = 2,
    *,
    fixed: bool = False,
    grouping: bool = True,
    empty: str = "—",
) -> str:
    """``value`` as people read it in the current language; ``empty`` for no value."""
    number = as_decimal(value) if value is not None else None
    if number is None:
        return empty
    places = max(int(places), 0)
    rounded = _rounded(number, places)
    if rounded == rounded.to_integral_value() and not fixed:
        shown: Number = int(rounded)
        decimals: int | None = None
    elif fixed:
        shown, decimals = rounded, places
    else:
        shown, decimals = rounded.normalize(), None
        if shown.as_tuple().exponent > 0:  # type: ignore[operator]  # 1E+1 → 10
            shown = shown.quantize(Decimal(1))
    text = formats.number_format(
        shown, decimal_pos=decimals, use_l10n=True, force_grouping=grouping
    )
    return MINUS + text[1:] if text.startswith("-") else text


def format_change(value: Number | str | None, unit: str = "", places: int = 2) -> str:
    """A change with its sign and its unit: "+3 pp", "−2,5 %", "+1,5 h", "0 pp"."""
    number = as_decimal(value) if value is not None else None
    if number is None:
        return "—"
    text = format_number(number, places)
    if _rounded(number, places) > 0:
        text = "+" + text
    return with_unit(text, unit)


def change_unit(unit: str) -> str:
    """The unit of a change of a figure measured in ``unit``: a rate in percent changes by
    percentage points."""
    return PERCENTAGE_POINTS if unit.strip() == PERCENT else unit.strip()


def format_percent(value: Number | str | None, places: int = 1) -> str:
    """A share already in percent: "45 %" in Spanish, "45%" in English."""
    number = as_decimal(value) if value is not None else None
    if number is None:
        return "—"
    return with_unit(format_number(number, places), PERCENT)


def with_unit(text: str, unit: str) -> str:
    """A formatted number and its unit, kept on one line (a no-break space between them)."""
    if not unit:
        return text
    if unit == PERCENT:
        # Translators: how a percentage is written: "%(number)s %%" (Spanish) or "%(number)s%%".
        return pgettext("percent", "%(number)s%%") % {"number": text}
    if unit == PERCENTAGE_POINTS:
        # Translators: the short unit of percentage points, after a change: "+3 pp".
        unit = pgettext("unit", "pp")
    return f"{text}\u00a0{unit}"


def format_hours(value: Number | str | None, places: int = 1) -> str:
    """Hours with their short unit: "2 h", "1,5 h"."""
    # Translators: the short unit of hours, after a number: "2 h".
    return with_unit(format_number(value, places), gettext("h"))
