"""Done when: a member of team B gets 404/403 on every page and API endpoint of team A.

The URL patterns of the module and of the example app, and every path of the
generated OpenAPI schema, are enumerated: a new endpoint is attacked
automatically, and one that is not team-scoped must be listed in
``NOT_TEAM_SCOPED`` with its own test below.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from teams_projects.models import Project

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Invitation, Membership, Team
from tests.conftest import add_member, make_user

pytestmark = pytest.mark.django_db

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
OUR_MODULES = ("quickscale_modules.teams", "teams_projects")
#: Routes that carry no team slug. Each is checked by a test of its own in this file.
NOT_TEAM_SCOPED = {
    "quickscale_teams:list",
    "quickscale_teams:create",
    "quickscale_teams:accept",
    "quickscale_teams_api:teams",
    "quickscale_teams_api:accept",
}
NOT_TEAM_SCOPED_API_PATHS = {"/api/teams/", "/api/teams/invitations/accept/"}
PAYLOAD = {"name": "Hacked", "description": "x", "role": "owner", "email": "attacker2@example.com"}


def _view_module(pattern: URLPattern) -> str:
    callback: Any = pattern.callback
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return str(view.__module__)


def module_patterns() -> list[tuple[str, list[str]]]:
    """(namespaced name, URL kwargs) of every URL pattern served by the module or the example app."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif _view_module(pattern).startswith(OUR_MODULES):
                assert pattern.name, f"unnamed pattern {pattern}"
                found.append((namespace + pattern.name, list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


@pytest.fixture
def world(django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    a_owner = make_user("a-owner@example.com")
    team_a = services.create_team(owner=a_owner, name="Team A")
    a_member = add_member(team_a, "a-member@example.com")
    add_member(team_a, "a-admin@example.com", "admin")
    pending = services.invite(team=team_a, invited_by=a_owner, email="a-invitee@example.com")
    services.invite(team=team_a, invited_by=a_owner, email="a-revoked@example.com")
    services.revoke_invitation(invitation=Invitation.objects.get(email="a-revoked@example.com"), by=a_owner)
    project_a = Project.objects.create(team=team_a, name="Secret A")

    attacker = make_user("b-owner@example.com")
    team_b = services.create_team(owner=attacker, name="Team B")
    add_member(team_b, "b-member@example.com")
    services.invite(team=team_b, invited_by=attacker, email="b-invitee@example.com")
    Project.objects.create(team=team_b, name="Project B")
    ids = {
        "members": list(Membership.objects.filter(team=team_a).values_list("pk", flat=True)),
        "invitations": list(Invitation.objects.filter(team=team_a).values_list("pk", flat=True)),
        "projects": [project_a.pk],
    }
    return {
        "team_a": team_a,
        "team_b": team_b,
        "attacker": attacker,
        "a_member": a_member,
        "pending": pending,
        "a_ids": ids,
    }


def snapshot(team: Team) -> dict[str, Any]:
    return {
        "team": list(Team.objects.filter(pk=team.pk).values()),
        "members": list(Membership.objects.filter(team=team).order_by("pk").values()),
        "invitations": list(Invitation.objects.filter(team=team).order_by("pk").values()),
        "projects": list(Project.objects.filter(team=team).order_by("pk").values()),
    }


def send(client: Client, method: str, url: str, *, api: bool) -> int:
    if method == "GET":
        return client.get(url).status_code
    if api:
        return client.generic(method, url, json.dumps(PAYLOAD), content_type="application/json").status_code
    return client.generic(method, url, urlencode(PAYLOAD), content_type="application/x-www-form-urlencoded").status_code


def attack(client: Client, urls: list[str], *, api: bool, own_slug: str) -> list[str]:
    failures = []
    for url in urls:
        # Under the attacker's own team a route may not have a method at all (405, whatever the id):
        # that reveals nothing about team A; every method the route has must still answer 404.
        allowed = (403, 404, 405) if f"/{own_slug}/" in url else (403, 404)
        for method in METHODS:
            status = send(client, method, url, api=api)
            if status not in allowed:
                failures.append(f"{method} {url} -> {status}")
    return failures


def targets(world: dict[str, Any], route: str, has_pk: bool, build: Any) -> list[str]:
    """URLs of team A's objects, the same ids under the attacker's own slug, and guessed slugs and ids."""
    a, b = world["team_a"].slug, world["team_b"].slug
    if not has_pk:
        return [build(a, None), build("team-a-2", None), build("guessed-slug", None)]
    kinds = [kind for kind in world["a_ids"] if kind in route]
    assert len(kinds) == 1, f"{route}: teach this test which objects its id names"
    ids = world["a_ids"][kinds[0]]
    urls = [build(a, pk) for pk in ids] + [build(b, pk) for pk in ids]
    urls += [build(a, 999_999), build("guessed-slug", ids[0])]
    return urls


def test_every_url_pattern_of_team_a_is_closed_to_team_b(client: Client, world: dict[str, Any], outbox: Any) -> None:
    patterns = module_patterns()
    assert len(patterns) >= 20  # the module's pages and API plus the example app
    client.force_login(world["attacker"])
    before = snapshot(world["team_a"])
    failures: list[str] = []
    for name, kwargs in patterns:
        if name in NOT_TEAM_SCOPED:
            continue
        assert "slug" in kwargs, f"{name} has no team slug: scope it or add it to NOT_TEAM_SCOPED with a test"
        extra = [k for k in kwargs if k != "slug"]
        assert extra in ([], ["pk"]), f"{name}: teach this test the URL kwargs {extra}"

        def build(slug: str, pk: int | None, name: str = name) -> str:
            return reverse(name, kwargs={"slug": slug, **({"pk": pk} if pk is not None else {})})

        failures += attack(
            client,
            targets(
                world, str(reverse(name, kwargs={k: ("x" if k == "slug" else 1) for k in kwargs})), bool(extra), build
            ),
            api="_api" in name,
            own_slug="team-b",
        )
    assert failures == []
    assert snapshot(world["team_a"]) == before
    assert outbox == []


def test_every_openapi_path_of_team_a_is_closed_to_team_b(client: Client, world: dict[str, Any], outbox: Any) -> None:
    client.force_login(world["attacker"])
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/teams/{slug}/members/{id}/" in paths
    assert "/api/teams/{slug}/projects/{id}/" in paths
    before = snapshot(world["team_a"])
    failures: list[str] = []
    for path in paths:
        if path in NOT_TEAM_SCOPED_API_PATHS or not path.startswith("/api/teams/"):
            continue  # other modules' endpoints (e.g. auth's /api/me/) are theirs to test
        assert "{slug}" in path, f"{path} has no team slug: scope it or list it in NOT_TEAM_SCOPED_API_PATHS"
        params = {part for part in path.split("/") if part.startswith("{")} - {"{slug}"}
        assert params <= {"{id}"}, f"{path}: teach this test the parameters {params}"

        def build(slug: str, pk: int | None, path: str = path) -> str:
            return path.replace("{slug}", slug).replace("{id}", str(pk))

        failures += attack(client, targets(world, path, bool(params), build), api=True, own_slug="team-b")
    assert failures == []
    assert snapshot(world["team_a"]) == before
    assert outbox == []


def test_not_team_scoped_routes_show_nothing_of_team_a(client: Client, world: dict[str, Any]) -> None:
    client.force_login(world["attacker"])
    before = snapshot(world["team_a"])
    assert "Team A" not in client.get(reverse("quickscale_teams:list")).content.decode()
    assert [team["slug"] for team in client.get("/api/teams/").json()["results"]] == ["team-b"]
    # Creating a team makes a new team of the attacker's, nothing of team A's.
    client.post(reverse("quickscale_teams:create"), {"name": "Team A"})
    assert Team.objects.filter(name="Team A").count() == 2
    assert Team.objects.get(name="Team A", memberships__user=world["attacker"]).slug != "team-a"
    assert snapshot(world["team_a"]) == before


def test_someone_elses_invitation_cannot_be_accepted(client: Client, world: dict[str, Any], commit: Any) -> None:
    team_a = world["team_a"]
    with commit():
        services.resend_invitation(
            invitation=world["pending"], by=Membership.objects.get(team=team_a, role="owner").user
        )
    from quickscale_core.testing import email_links, last_email_to

    token = email_links(last_email_to("a-invitee@example.com"))[0].rstrip("/").rsplit("/", 1)[-1]
    before = snapshot(team_a)
    client.force_login(world["attacker"])
    response = client.post(reverse("quickscale_teams:accept", kwargs={"token": token}))
    assert response.status_code == 400
    assert "another email address" in response.content.decode()
    response = client.post("/api/teams/invitations/accept/", {"token": token}, content_type="application/json")
    assert response.status_code == 409  # wrong_user: refused in this state
    assert client.post(reverse("quickscale_teams:accept", kwargs={"token": "guess"})).status_code == 400
    assert client.get(reverse("quickscale_teams:accept", kwargs={"token": "guess"})).status_code == 404
    assert snapshot(team_a) == before


def test_anonymous_visitors_are_sent_to_login(client: Client, world: dict[str, Any]) -> None:
    slug = world["team_a"].slug
    response = client.get(reverse("quickscale_teams:members", kwargs={"slug": slug}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(reverse("teams_projects:list", kwargs={"slug": slug})).status_code == 302
    assert client.get(f"/api/teams/{slug}/members/").status_code == 403
    assert client.get("/api/teams/").status_code == 403
