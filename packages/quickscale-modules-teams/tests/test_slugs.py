"""Reserved slugs come from the URL confs, so a new page beside ``<slug:slug>/`` reserves its word."""

from __future__ import annotations

from typing import Any

import pytest

from quickscale_modules.teams import services
from quickscale_modules.teams.slugs import reserved_slugs, words_beside_slug


def test_reserved_slugs_are_the_url_words_beside_the_slug() -> None:
    assert reserved_slugs() == {"create", "invitations"}


def test_words_after_the_slug_or_in_other_places_do_not_count() -> None:
    routes = ["", "new/", "export.csv", "<slug:slug>/", "<slug:slug>/members/", "api/<int:pk>/", "api/x/"]
    assert words_beside_slug(routes) == {"new", "export.csv", "api"}
    assert words_beside_slug(["teams/", "teams/stats/", "teams/<slug:slug>/", "other/"]) == {"stats"}
    assert words_beside_slug(["create/"]) == set()  # no slug route: nothing clashes


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["create", "Invitations"])
def test_a_team_never_gets_a_reserved_slug(owner: Any, name: str) -> None:
    team = services.create_team(owner=owner, name=name)
    assert team.slug.startswith(f"{name.lower()}-")
