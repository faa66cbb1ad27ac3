"""``PageNumberPagination`` whose ``page`` parameter is what the schema says: an integer from 1.

DRF's reads an empty ``?page=`` as page 1 and ``?page=last`` as the last page, so a request the schema
forbids (``page`` is an integer) was answered 200. Here anything but digits is a 404 "Invalid page", as
a page past the end already is. A query parameter the list does not document is refused the same way
(the schema lists a list's parameters: ``page`` and those the view names in ``query_parameters``), so a
misspelt filter is not silently ignored. The ``quickscale_core.api`` layer makes it
``DEFAULT_PAGINATION_CLASS``.

A list view whose queryset is costly to count (an aggregate annotation makes ``COUNT`` wrap the grouped
query in a subquery) may define ``list_count()`` returning the same number from a plain query; the page
count then comes from it (still one query). A view may also define ``list_page(offset, limit)`` returning
that slice of its queryset as a list (e.g. from a :class:`~quickscale_core.prepared.PreparedQuery`): the
page's rows then come from it instead of slicing the queryset (still one query).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, partial
from typing import Any

from django.core.paginator import Page, Paginator
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

DIGITS = re.compile(r"[0-9]+")


class CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A ``Paginator`` whose item count is ``counter()`` instead of counting ``object_list``, and whose
    page rows are ``pager(offset, limit)`` instead of a slice of ``object_list`` when a pager is given."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        counter: Callable[[], int] | None = None,
        pager: Callable[[int, int], list[Any]] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.counter = counter
        self.pager = pager

    @cached_property
    def count(self) -> int:
        return self.counter() if self.counter is not None else int(super().count)

    def page(self, number: Any) -> Any:
        if self.pager is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # An empty list's first page asks for no rows (slicing the queryset would not query either).
        return Page(self.pager(bottom, top - bottom) if top > bottom else [], number, self)


class PageNumberPagination(pagination.PageNumberPagination):
    last_page_strings = ()

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        known = {self.page_query_param, *getattr(view, "query_parameters", ())}
        if self.page_size_query_param:
            known.add(self.page_size_query_param)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise NotFound(
                f"Unknown query parameter {unknown[0]!r}: this list takes {', '.join(sorted(known))}.",
                code="unknown_parameter",
            )
        counter, pager = getattr(view, "list_count", None), getattr(view, "list_page", None)
        if counter is not None or pager is not None:
            self.django_paginator_class = partial(CountedPaginator, counter=counter, pager=pager)  # type: ignore[assignment]
        return super().paginate_queryset(queryset, request, view)

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
