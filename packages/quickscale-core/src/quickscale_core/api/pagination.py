"""``PageNumberPagination`` whose ``page`` parameter is what the schema says: an integer from 1.

DRF's reads an empty ``?page=`` as page 1 and ``?page=last`` as the last page, so a request the schema
forbids (``page`` is an integer) was answered 200. Here anything but digits is a 404 "Invalid page", as
a page past the end already is. The ``quickscale_core.api`` layer makes it ``DEFAULT_PAGINATION_CLASS``.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

DIGITS = re.compile(r"[0-9]+")


class PageNumberPagination(pagination.PageNumberPagination):
    last_page_strings = ()

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> Any:
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not DIGITS.fullmatch(value):
            raise NotFound(self.invalid_page_message.format(page_number=value, message="Not a page number."))
        return value

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
