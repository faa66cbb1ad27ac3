"""The layer's pagination: a list view's ``list_count()`` gives the item count instead of counting the list."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from quickscale_core.api.pagination import PageNumberPagination


class CountedView:
    def __init__(self, count: int) -> None:
        self.count = count
        self.calls = 0

    def list_count(self) -> int:
        self.calls += 1
        return self.count


def paginate(items: list[int], view: object, page: int) -> tuple[list[int] | None, PageNumberPagination]:
    pagination = PageNumberPagination()
    pagination.page_size = 3
    request = Request(APIRequestFactory().get("/", {"page": page}))
    return pagination.paginate_queryset(items, request, view), pagination


def test_the_count_comes_from_list_count_once() -> None:
    view = CountedView(4)  # the list has 9 items; the hook says 4: 2 pages, the second ends at item 4
    results, pagination = paginate(list(range(9)), view, 2)
    assert results == [3]
    assert pagination.get_paginated_response(results).data["count"] == 4
    assert pagination.get_paginated_response(results).data["next"] is None
    assert view.calls == 1


def test_without_the_hook_the_list_is_counted() -> None:
    results, pagination = paginate(list(range(9)), object(), 2)
    assert results == [3, 4, 5]
    assert pagination.get_paginated_response(results).data["count"] == 9
    assert pagination.get_paginated_response(results).data["next"] is not None
