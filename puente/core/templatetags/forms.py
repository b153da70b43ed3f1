"""``{% error_summary form %}``: what is wrong with a refused form, at its top, in one place.

Loaded as a builtin (settings.TEMPLATES). ``includes/form_fields.html`` (and so every form drawn
with ``{{ form }}``, through ``core.forms.FormRenderer``) starts with it; templates that draw their
fields by hand call it where the form starts. The summary is focused when the page loads or htmx
swaps it in (``static/js/puente.js``), links to each field in error, and holds the errors that
belong to no field (and those of hidden fields, which have nowhere else to show)."""

from dataclasses import dataclass
from typing import Any

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    label: str = ""
    anchor: str = ""  # the id of the control that a link in the summary focuses


def _anchor(field: forms.BoundField) -> str:
    """The control to focus for a field: itself, or the first of its options or parts (a group of
    radio buttons or checkboxes has no label ``for`` one element). A form whose template draws a
    field's controls itself names where they are in ``error_anchors``."""
    drawn_elsewhere = getattr(field.form, "error_anchors", {}).get(field.name)
    if drawn_elsewhere:
        return str(drawn_elsewhere)
    if field.id_for_label:
        return str(field.id_for_label)
    if not field.auto_id:
        return ""
    for widget in field.subwidgets:
        return str(widget.id_for_label or field.auto_id)
    return str(field.auto_id)


def _summary_id(context: template.Context, form: forms.BaseForm) -> str:
    """A page may hold two refused forms (two forms posted together): each summary its own id."""
    base = f"error-summary-{form.prefix}" if form.prefix else "error-summary"
    request = context.get("request")
    if request is None:
        return base
    seen = getattr(request, "_puente_error_summaries", 0) + 1
    request._puente_error_summaries = seen
    return base if seen == 1 else f"{base}-{seen}"


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context: template.Context, form: Any) -> dict[str, Any]:
    if not isinstance(form, forms.BaseForm) or not form.is_bound or not form.errors:
        return {"problems": []}
    problems = [Problem(message=str(error)) for error in form.non_field_errors()]
    fields = 0
    for field in form:
        if not field.errors:
            continue
        message = " ".join(str(error) for error in field.errors)
        if field.is_hidden:
            problems.append(Problem(message=message))
        else:
            fields += 1
            label = str(field.label or "")
            problems.append(Problem(message=message, label=label, anchor=_anchor(field)))
    return {"problems": problems, "fields": fields, "id": _summary_id(context, form)}
