"""Which slugs a team cannot have: the fixed words of the module's URL confs, read from them."""

from __future__ import annotations

import functools
from collections.abc import Iterable

#: The part of a route that is a team's slug in the module's URL confs.
SLUG_IN_ROUTE = "<slug:slug>"


def words_beside_slug(routes: Iterable[str]) -> frozenset[str]:
    """The fixed words of ``routes`` that sit where a team's slug sits.

    ``create`` in ``create/`` sits beside ``<slug:slug>/``: a team with the slug "create" would
    have its page hidden by that one. Words after the slug (``<slug:slug>/members/``) do not clash.
    """
    routes = list(routes)
    prefixes = {route.partition(SLUG_IN_ROUTE)[0] for route in routes if SLUG_IN_ROUTE in route}
    words = {
        route.removeprefix(prefix).partition("/")[0]
        for route in routes
        for prefix in prefixes
        if route.startswith(prefix)
    }
    return frozenset(word for word in words if word and "<" not in word)


@functools.cache
def reserved_slugs() -> frozenset[str]:
    """The words of the page and API URL confs beside the slug (today ``create`` and ``invitations``)."""
    from quickscale_modules.teams import urls
    from quickscale_modules.teams.api import urls as api_urls

    return frozenset().union(
        *(words_beside_slug(str(pattern.pattern) for pattern in conf.urlpatterns) for conf in (urls, api_urls))
    )
