"""The example app: projects scoped to the team in views and API (run with the teams package's tests)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from teams_projects.models import Project

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(user_factory: Any) -> dict[str, Any]:
    owner, member = user_factory(), user_factory()
    team = services.create_team(owner=owner, name="Makers")
    Membership.objects.create(team=team, user=member, role="member")
    other = services.create_team(owner=user_factory(), name="Others")
    return {"owner": owner, "member": member, "team": team, "other": Project.objects.create(team=other, name="Theirs")}


def test_pages_create_list_edit_delete(client: Client, setup: dict[str, Any]) -> None:
    team = setup["team"]
    client.force_login(setup["owner"])
    response = client.post(reverse("teams_projects:create", kwargs={"slug": team.slug}), {"name": "Launch"})
    project = Project.objects.get(name="Launch")
    assert project.team == team
    assert response.url == project.get_absolute_url()
    listing = client.get(reverse("teams_projects:list", kwargs={"slug": team.slug})).content.decode()
    assert "Launch" in listing
    assert "Theirs" not in listing
    kwargs = {"slug": team.slug, "pk": project.pk}
    assert "Edit project" in client.get(reverse("teams_projects:detail", kwargs=kwargs)).content.decode()
    client.post(reverse("teams_projects:update", kwargs=kwargs), {"name": "Launch 2"})
    assert Project.objects.get(pk=project.pk).name == "Launch 2"
    other = {"slug": team.slug, "pk": setup["other"].pk}
    assert client.get(reverse("teams_projects:detail", kwargs=other)).status_code == 404
    assert client.post(reverse("teams_projects:delete", kwargs=kwargs)).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_member_cannot_delete_but_can_edit(client: Client, setup: dict[str, Any]) -> None:
    team = setup["team"]
    project = Project.objects.create(team=team, name="Keep")
    client.force_login(setup["member"])
    kwargs = {"slug": team.slug, "pk": project.pk}
    assert client.post(reverse("teams_projects:delete", kwargs=kwargs)).status_code == 403
    assert client.post(reverse("teams_projects:update", kwargs=kwargs), {"name": "Kept"}).status_code == 302
    assert Project.objects.get(pk=project.pk).name == "Kept"


def test_api_is_scoped(client: Client, setup: dict[str, Any]) -> None:
    team = setup["team"]
    client.force_login(setup["member"])
    base = f"/api/teams/{team.slug}/projects/"
    created = client.post(base, {"name": "Via API"}, content_type="application/json").json()
    assert Project.objects.get(pk=created["id"]).team == team
    assert [p["name"] for p in client.get(base).json()["results"]] == ["Via API"]
    assert client.get(f"{base}{setup['other'].pk}/").status_code == 404
    response = client.patch(f"{base}{created['id']}/", {"name": "Renamed"}, content_type="application/json")
    assert response.json()["name"] == "Renamed"
    assert client.delete(f"{base}{created['id']}/").status_code == 204


def test_write_permission_restricts_api_writes(
    client: Client, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from teams_projects.api import ProjectViewSet

    monkeypatch.setattr(ProjectViewSet, "team_write_permission", "manage_members")
    team = setup["team"]
    base = f"/api/teams/{team.slug}/projects/"
    client.force_login(setup["member"])
    assert client.get(base).status_code == 200
    assert client.post(base, {"name": "No"}, content_type="application/json").status_code == 403
    client.force_login(setup["owner"])
    assert client.post(base, {"name": "Yes"}, content_type="application/json").status_code == 201
