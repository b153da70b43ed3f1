"""Filters by query parameter, declared per view as ``filter_fields`` (parameter → lookup).

Unknown values of an integer filter are a 400, never a 500; the parameters appear in the schema.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

# Parameters whose value is an id (the others are compared as text, e.g. a status).
INTEGER_FILTERS = {"wave", "track", "call", "run", "relationship"}


class QueryParamFilter(BaseFilterBackend):
    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        fields: dict[str, str] = getattr(view, "filter_fields", {})
        for param, lookup in fields.items():
            value = request.query_params.get(param)
            if value in (None, ""):
                continue
            if param in INTEGER_FILTERS:
                if not (value.isascii() and value.isdigit()) or len(value) > 17:
                    raise ValidationError({param: [_("Give a whole number.")]})
                queryset = queryset.filter(**{lookup: int(value)})
            else:
                if "\x00" in value:  # PostgreSQL refuses NUL in text
                    raise ValidationError({param: [_("Enter a valid value.")]})
                queryset = queryset.filter(**{lookup: value[:40]})
        return queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        fields: dict[str, str] = getattr(view, "filter_fields", {})
        return [_parameter(param) for param in fields]


def _parameter(param: str) -> dict[str, Any]:
    schema: dict[str, Any] = (
        {"type": "integer", "minimum": 0, "maximum": 10**17}
        if param in INTEGER_FILTERS
        else {"type": "string", "maxLength": 40}
    )
    return {
        "name": param,
        "required": False,
        "in": "query",
        "description": f"Filter by {param}.",
        "schema": schema,
    }
