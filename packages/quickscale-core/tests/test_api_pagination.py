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


class PagedView:
    """A view whose page rows come from ``list_page`` (the list itself is never sliced)."""

    def __init__(self, items: list[int], *, with_count: bool) -> None:
        self.items = items
        self.pages: list[tuple[int, int]] = []
        if with_count:
            self.list_count = lambda: len(items)

    def list_page(self, offset: int, limit: int) -> list[int]:
        self.pages.append((offset, limit))
        return [item * 10 for item in self.items[offset : offset + limit]]


def test_the_rows_come_from_list_page() -> None:
    items = list(range(8))
    for with_count in (True, False):
        view = PagedView(items, with_count=with_count)
        assert paginate(items, view, 1)[0] == [0, 10, 20]
        results, pagination = paginate(items, view, 3)  # the last page holds what is left
        assert results == [60, 70]
        assert pagination.get_paginated_response(results).data["count"] == 8
        assert view.pages == [(0, 3), (6, 2)]


def test_a_page_past_the_end_is_not_asked_for() -> None:
    import pytest
    from rest_framework.exceptions import NotFound

    view = PagedView(list(range(4)), with_count=True)
    with pytest.raises(NotFound):
        paginate(list(range(4)), view, 3)
    assert view.pages == []


def test_an_empty_list_asks_for_no_rows() -> None:
    view = PagedView([], with_count=True)
    results, pagination = paginate([], view, 1)
    assert results == []
    assert pagination.get_paginated_response(results).data["count"] == 0
    assert view.pages == []
