"""``{% if access|can:"manage_mentoring" %}``: templates ask about actions, never about role names.

Loaded as a builtin (settings.TEMPLATES), so no ``{% load %}`` is needed. An unknown action is an
error, not a silent False, so that a typo fails the tests instead of hiding a link."""

from typing import Any

from django import template

from puente.core.permissions import Action

register = template.Library()


@register.filter
def can(access: Any, action: str) -> bool:
    """Whether the person's access (a ``ProgramAccess``, or None) allows ``action``."""
    wanted = Action(action)
    return access is not None and access != "" and bool(access.can(wanted))
