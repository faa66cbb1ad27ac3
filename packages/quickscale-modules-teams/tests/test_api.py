from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from quickscale_core.testing import email_links, last_email_to
from quickscale_modules.teams.models import Invitation, InvitationStatus, Membership, Team
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def api(client: Client, owner: Any) -> Client:
    client.force_login(owner)
    return client


def test_create_list_retrieve_rename_delete(api: Client, owner: Any) -> None:
    response = api.post("/api/teams/", {"name": "Rocket"}, content_type=JSON)
    assert response.status_code == 201
    slug = response.json()["slug"]
    assert api.post("/api/teams/", {"name": ""}, content_type=JSON).status_code == 400
    assert [t["slug"] for t in api.get("/api/teams/").json()["results"]] == [slug]
    assert api.get("/api/teams/").json()["results"][0] == {
        "slug": slug,
        "name": "Rocket",
        "personal": False,
        "role": "owner",
        "member_count": 1,
    }
    assert api.get(f"/api/teams/{slug}/").json()["name"] == "Rocket"
    assert api.patch(f"/api/teams/{slug}/", {"name": "Rocket 2"}, content_type=JSON).json()["name"] == "Rocket 2"
    assert api.put(f"/api/teams/{slug}/", {"name": "Rocket 3"}, content_type=JSON).json()["name"] == "Rocket 3"
    assert api.patch(f"/api/teams/{slug}/", {"name": "  "}, content_type=JSON).status_code == 400
    assert api.delete(f"/api/teams/{slug}/").status_code == 204
    assert not Team.objects.filter(slug=slug).exists()


def test_members_roles_transfer_leave(api: Client, team: Team, owner: Any, member_user: Any) -> None:
    members = api.get(f"/api/teams/{team.slug}/members/").json()["results"]
    assert [m["email"] for m in members] == ["owner@example.com", "member@example.com"]
    target = Membership.objects.get(user=member_user)
    response = api.patch(f"/api/teams/{team.slug}/members/{target.pk}/", {"role": "admin"}, content_type=JSON)
    assert response.json()["role"] == "admin"
    response = api.put(f"/api/teams/{team.slug}/members/{target.pk}/", {"role": "ghost"}, content_type=JSON)
    assert response.status_code == 400
    own = Membership.objects.get(user=owner)
    response = api.patch(f"/api/teams/{team.slug}/members/{own.pk}/", {"role": "member"}, content_type=JSON)
    assert response.status_code == 409
    assert "needs at least one owner" in response.json()["detail"]
    assert api.post(f"/api/teams/{team.slug}/leave/").status_code == 409
    assert api.post(f"/api/teams/{team.slug}/transfer/", {"membership": 999}, content_type=JSON).status_code == 404
    response = api.post(f"/api/teams/{team.slug}/transfer/", {"membership": target.pk}, content_type=JSON)
    assert response.json()["role"] == "owner"
    assert api.post(f"/api/teams/{team.slug}/leave/").status_code == 204
    api.force_login(member_user)
    response = api.delete(f"/api/teams/{team.slug}/members/{target.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "last_owner"


def test_member_gets_403_for_admin_actions(client: Client, team: Team, owner: Any, member_user: Any) -> None:
    client.force_login(member_user)
    own = Membership.objects.get(user=owner)
    assert client.get(f"/api/teams/{team.slug}/").status_code == 200
    assert client.get(f"/api/teams/{team.slug}/members/{own.pk}/").status_code == 200
    assert client.delete(f"/api/teams/{team.slug}/members/{own.pk}/").status_code == 403
    assert client.patch(f"/api/teams/{team.slug}/", {"name": "X"}, content_type=JSON).status_code == 403
    assert client.get(f"/api/teams/{team.slug}/invitations/").status_code == 403
    response = client.post(f"/api/teams/{team.slug}/invitations/", {"email": "x@example.com"}, content_type=JSON)
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invitations_and_accept(api: Client, team: Team, outbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/teams/{team.slug}/invitations/", {"email": "guest@example.com"}, content_type=JSON)
    assert response.status_code == 201
    data = response.json()
    assert data["role"] == "member"
    assert data["invited_by"] == "owner@example.com"
    assert "token" not in data
    assert "token_hash" not in data
    link = email_links(last_email_to("guest@example.com"))[0]
    assert link.startswith("http://testserver/teams/invitations/")
    pk = data["id"]
    assert api.get(f"/api/teams/{team.slug}/invitations/{pk}/").json()["email"] == "guest@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/api/teams/{team.slug}/invitations/{pk}/resend/").status_code == 200
    token = email_links(last_email_to("guest@example.com"))[0].rstrip("/").rsplit("/", 1)[-1]
    guest = make_user("guest@example.com")
    api.force_login(guest)
    response = api.post("/api/teams/invitations/accept/", {"token": token}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["role"] == "member"
    response = api.post("/api/teams/invitations/accept/", {"token": token}, content_type=JSON)
    assert response.status_code == 409
    assert response.json()["code"] == "used"


def test_revoke_by_api(api: Client, team: Team) -> None:
    pk = api.post(f"/api/teams/{team.slug}/invitations/", {"email": "g@example.com"}, content_type=JSON).json()["id"]
    assert [i["id"] for i in api.get(f"/api/teams/{team.slug}/invitations/").json()["results"]] == [pk]
    assert api.delete(f"/api/teams/{team.slug}/invitations/{pk}/").status_code == 204
    assert Invitation.objects.get(pk=pk).status == InvitationStatus.REVOKED
    assert api.get(f"/api/teams/{team.slug}/invitations/{pk}/").status_code == 404


def test_schema_documents_the_endpoints(api: Client) -> None:
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in (
        "/api/teams/",
        "/api/teams/{slug}/",
        "/api/teams/{slug}/members/{id}/",
        "/api/teams/{slug}/invitations/{id}/resend/",
        "/api/teams/invitations/accept/",
    ):
        assert path in paths


def test_options_answers_the_metadata_of_every_teams_endpoint(api: Client, team: Team, member_user: Any) -> None:
    """Regression: OPTIONS /api/teams/{slug}/ was a 500 (DRF's metadata asked the view for its object by
    ``pk``, a keyword the URL does not have). Every endpoint of the module answers OPTIONS."""
    invitation = api.post(f"/api/teams/{team.slug}/invitations/", {"email": "new@example.com"}, content_type=JSON)
    member = Membership.objects.get(user=member_user)
    paths = [
        "/api/teams/",
        "/api/teams/invitations/accept/",
        f"/api/teams/{team.slug}/",
        f"/api/teams/{team.slug}/leave/",
        f"/api/teams/{team.slug}/transfer/",
        f"/api/teams/{team.slug}/members/",
        f"/api/teams/{team.slug}/members/{member.pk}/",
        f"/api/teams/{team.slug}/invitations/",
        f"/api/teams/{team.slug}/invitations/{invitation.json()['id']}/",
        f"/api/teams/{team.slug}/invitations/{invitation.json()['id']}/resend/",
    ]
    for path in paths:
        response = api.options(path)
        assert response.status_code == 200, (path, response.content)
    rename = api.options(f"/api/teams/{team.slug}/").json()["actions"]["PUT"]
    assert rename["name"]["required"] is True
    assert "name" in api.options("/api/teams/").json()["actions"]["POST"]
    assert "membership" in api.options(f"/api/teams/{team.slug}/transfer/").json()["actions"]["POST"]


def test_put_needs_the_whole_team_and_patch_part_of_it(api: Client, team: Team) -> None:
    response = api.put(f"/api/teams/{team.slug}/", {}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["This field is required."]}
    assert api.patch(f"/api/teams/{team.slug}/", {}, content_type=JSON).status_code == 200


def test_refusals_in_the_error_shape(api: Client, team: Team) -> None:
    response = api.post(f"/api/teams/{team.slug}/leave/")
    assert response.status_code == 409
    assert response.json() == {"detail": response.json()["detail"], "code": "last_owner", "errors": {}}
    response = api.post("/api/teams/invitations/accept/", {"token": "guess"}, content_type=JSON)
    assert response.status_code == 404
    assert response.json()["code"] == "invalid_token"
    response = api.post(f"/api/teams/{team.slug}/invitations/", {"email": "a@example.com", "role": "ghost"},
                        content_type=JSON)  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"role"}
    response = api.post(f"/api/teams/{team.slug}/transfer/", {"membership": "1"}, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"membership"}


def test_the_schema_documents_every_status_and_links_the_operations(api: Client) -> None:
    schema = api.get("/api/schema/?format=json").json()
    operations = {
        f"{method.upper()} {path}": op
        for path, item in schema["paths"].items()
        if path.startswith("/api/teams/")
        for method, op in item.items()
    }
    assert len(operations) >= 20  # the module's, and the test app's team-scoped viewset
    for name, op in operations.items():
        statuses = set(op["responses"])
        assert "403" in statuses, name  # signed out, or the role does not allow it
        if "{slug}" in name:
            assert "404" in statuses, name  # not a member: the team does not exist for you
        if "requestBody" in op:
            assert {"400", "415"} <= statuses, name
        module_write = "/projects/" not in name and name.split()[0] in {"PUT", "PATCH", "DELETE"}
        if module_write or name.endswith(("leave/", "transfer/", "resend/")):
            assert "409" in statuses, name  # the services refuse in some states (the last owner)
    created = operations["POST /api/teams/"]["responses"]["201"]["links"]
    assert created["teams_retrieve"]["parameters"] == {"slug": "$response.body#/slug"}
    listed = operations["GET /api/teams/{slug}/members/"]["responses"]["200"]["links"]
    assert listed["teams_members_destroy"]["parameters"] == {
        "slug": "$request.path.slug",
        "id": "$response.body#/results/0/id",
    }
    slug = operations["GET /api/teams/{slug}/"]["parameters"][0]["schema"]
    assert slug == {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
