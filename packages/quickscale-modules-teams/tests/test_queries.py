"""Done when: the members page and the team list run a constant number of queries with 5 and 500 members."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Membership, Team
from tests.conftest import make_user, user_fields

pytestmark = pytest.mark.django_db


def grow(team: Team, size: int, prefix: str) -> None:
    """Bring ``team`` to ``size`` members (bulk, so the setup itself stays fast)."""
    missing = size - Membership.objects.filter(team=team).count()
    users = get_user_model().objects.bulk_create(
        get_user_model()(**user_fields(f"{prefix}{n}@example.com")) for n in range(missing)
    )
    Membership.objects.bulk_create(Membership(team=team, user=user, role="member") for user in users)


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def setup(client: Client) -> Any:
    def build(size: int, prefix: str) -> tuple[Team, str]:
        owner = make_user(f"{prefix}-owner@example.com")
        team = services.create_team(owner=owner, name=f"Team {prefix}")
        second = services.create_team(owner=owner, name=f"Second {prefix}")
        grow(team, size, prefix)
        grow(second, size, prefix + "x")
        client.force_login(owner)
        return team, team.slug

    return build


def test_members_page_queries_do_not_grow_with_members(client: Client, setup: Any) -> None:
    _, small_slug = setup(5, "s")
    small_count = count(client, reverse("quickscale_teams:members", kwargs={"slug": small_slug}))
    big, big_slug = setup(500, "b")
    big_count = count(client, reverse("quickscale_teams:members", kwargs={"slug": big_slug}))
    assert Membership.objects.filter(team=big).count() == 500
    assert big_count == small_count
    assert (
        "b498@example.com"
        in client.get(reverse("quickscale_teams:members", kwargs={"slug": big_slug})).content.decode()
    )


def test_team_list_queries_do_not_grow_with_members(client: Client, setup: Any) -> None:
    setup(5, "s")
    small_count = count(client, reverse("quickscale_teams:list"))
    setup(500, "b")
    big_count = count(client, reverse("quickscale_teams:list"))
    assert big_count == small_count
    assert ">500<" in client.get(reverse("quickscale_teams:list")).content.decode()


def test_api_lists_queries_do_not_grow_with_members(client: Client, setup: Any) -> None:
    _, small_slug = setup(5, "s")
    small = (count(client, "/api/teams/"), count(client, f"/api/teams/{small_slug}/members/"))
    _, big_slug = setup(500, "b")
    big = (count(client, "/api/teams/"), count(client, f"/api/teams/{big_slug}/members/"))
    assert big == small


TEAM_PAGES = ("detail", "members", "invitations")


def repeated(queries: list[dict[str, str]]) -> list[str]:
    seen: set[str] = set()
    twice = []
    for query in queries:
        if query["sql"] in seen:
            twice.append(query["sql"])
        seen.add(query["sql"])
    return twice


def page_queries(client: Client, url: str) -> list[dict[str, str]]:
    client.get(url)  # warm-up: per-process caches (content types) fill once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return queries.captured_queries


@pytest.mark.parametrize("page", [*TEAM_PAGES, "list", "api"])
def test_every_team_page_runs_no_query_twice_and_the_same_number_at_5_and_500(
    client: Client, setup: Any, page: str
) -> None:
    counts = []
    for size, prefix in ((5, "s"), (500, "b")):
        _, slug = setup(size, prefix)
        if page == "list":
            url = reverse("quickscale_teams:list")
        elif page == "api":
            url = "/api/teams/"
        else:
            url = reverse(f"quickscale_teams:{page}", kwargs={"slug": slug})
        queries = page_queries(client, url)
        assert repeated(queries) == [], url
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_team_pages_read_the_role_from_the_membership_already_loaded(client: Client, setup: Any, page: str) -> None:
    _, slug = setup(5, "s")
    queries = page_queries(client, reverse(f"quickscale_teams:{page}", kwargs={"slug": slug}))
    role_only = [q["sql"] for q in queries if q["sql"].startswith('SELECT "quickscale_teams_membership"."role"')]
    assert role_only == []
