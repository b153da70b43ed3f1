"""Numbers in templates, through the one formatter (``puente.core.numbers``).

``{{ value|number }}`` (up to 2 decimals), ``{{ value|number:1 }}``, ``{{ value|number:"2f" }}``
(exactly 2), ``{{ value|number|unit:"%" }}``, ``{{ value|change:indicator.unit }}``,
``{{ value|percent }}``, ``{{ value|hours }}``. No
value reads "—"; give another with ``default_if_none`` before the filter if needed.
"""

from typing import Any

from django import template

from puente.core import numbers

register = template.Library()


def _places(arg: Any, default: int) -> tuple[int, bool]:
    if arg in (None, ""):
        return default, False
    text = str(arg).lstrip("-")  # floatformat's "-1" reads as "at most 1"
    fixed = text.endswith("f")
    return int(text.rstrip("f")), fixed


@register.filter
def number(value: Any, arg: Any = None) -> str:
    places, fixed = _places(arg, 2)
    return numbers.format_number(value, places, fixed=fixed)


@register.filter
def change(value: Any, unit: Any = "") -> str:
    """A change of a figure measured in ``unit``, with its sign and unit (of a "%" figure: in
    percentage points)."""
    return numbers.format_change(value, numbers.change_unit(str(unit or "")))


@register.filter
def unit(text: Any, unit: Any = "") -> str:
    """A formatted number followed by its unit ("45 %", "12 000 COP"); "—" stays alone."""
    text = str(text)
    if text == "—" or not unit:
        return text
    return numbers.with_unit(text, str(unit))


@register.filter
def percent(value: Any, arg: Any = None) -> str:
    places, _fixed = _places(arg, 1)
    return numbers.format_percent(value, places)


@register.filter
def hours(value: Any, arg: Any = None) -> str:
    places, _fixed = _places(arg, 1)
    return numbers.format_hours(value, places)
