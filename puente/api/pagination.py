"""Pages of 50 (``?page=``), up to 200 with ``?page_size=``; both strict (a 400 naming the
parameter for anything but a whole number in range; a page past the end is a 404)."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_PAGE = 10**9


def _whole(raw: str, low: int, high: int) -> int | None:
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(high)):
        return None
    number = int(raw)
    return number if low <= number <= high else None


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()  # the schema says a page is a number: "last" is not one

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        size = _whole(raw, 1, self.max_page_size)
        if size is None:
            message = _("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param, "")
        if raw == "" or raw in self.last_page_strings:
            return super().get_page_number(request, paginator)
        if _whole(raw, 1, MAX_PAGE) is None:
            message = _("Give a whole number from 1 to %(max)s.") % {"max": MAX_PAGE}
            raise ValidationError({self.page_query_param: [message]})
        return raw

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        limits = {
            self.page_query_param: {"minimum": 1, "maximum": MAX_PAGE},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(limits.get(parameter["name"], {}))
        return parameters
