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
    assert response.status_code == 400
    assert "needs at least one owner" in response.json()["detail"]
    assert api.post(f"/api/teams/{team.slug}/leave/").status_code == 400
    assert api.post(f"/api/teams/{team.slug}/transfer/", {"membership": 999}, content_type=JSON).status_code == 404
    response = api.post(f"/api/teams/{team.slug}/transfer/", {"membership": target.pk}, content_type=JSON)
    assert response.json()["role"] == "owner"
    assert api.post(f"/api/teams/{team.slug}/leave/").status_code == 204
    api.force_login(member_user)
    response = api.delete(f"/api/teams/{team.slug}/members/{target.pk}/")
    assert response.status_code == 400
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
    assert response.status_code == 400
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
