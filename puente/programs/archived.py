"""The one rule for archived waves, tracks and focus areas in forms: an archived one is no longer
offered as a new choice, yet it stays selectable wherever it is already chosen (an event of an
archived wave, a filter on it, a draft that picked an archived focus area), so nothing that
refers to it breaks or silently changes.

Forms of any app call ``hide_archived(field)`` on a choice field of waves, tracks or focus areas
(a ``ModelChoiceField``, or a plain choice field given the archived values). Validation is left
as it is: only what is shown changes.
"""

from collections.abc import Collection, Iterable
from typing import Any

from django import forms


def _archived(value: Any, archived_values: Collection[str]) -> bool:
    instance = getattr(value, "instance", None)  # a ModelChoiceIteratorValue
    if instance is not None:
        return getattr(instance, "archived_at", None) is not None
    return str(value) in archived_values


class WithoutArchived:
    """A choice widget mixin that leaves archived options out, unless they are selected."""

    archived_values: Collection[str] = frozenset()

    def optgroups(self, name: str, value: Any, attrs: Any = None) -> list[Any]:
        chosen = {str(item) for item in value if item is not None and item != ""}
        groups = []
        for group_name, options, index in super().optgroups(name, value, attrs):  # type: ignore[misc]
            kept = [
                option
                for option in options
                if str(option["value"]) in chosen
                or not _archived(option["value"], self.archived_values)
            ]
            if kept:
                groups.append((group_name, kept, index))
        return groups


_HIDING: dict[type, type] = {}


def _hiding_class(widget_class: type) -> type:
    if issubclass(widget_class, WithoutArchived):
        return widget_class
    if widget_class not in _HIDING:
        _HIDING[widget_class] = type(
            f"{widget_class.__name__}WithoutArchived", (WithoutArchived, widget_class), {}
        )
    return _HIDING[widget_class]


def hide_archived(field: forms.Field, *, archived: Iterable[Any] = ()) -> forms.Field:
    """Offer ``field``'s archived choices only where already chosen. A model choice field knows
    which of its objects are archived; a plain choice field is told their values."""
    widget = field.widget
    if not isinstance(widget, forms.widgets.ChoiceWidget):
        return field
    widget.__class__ = _hiding_class(type(widget))
    widget.archived_values = frozenset(str(value) for value in archived)  # type: ignore[attr-defined]
    return field
