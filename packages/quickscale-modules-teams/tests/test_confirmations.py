"""Destructive actions ask first: one POST without confirmation changes nothing; confirming does it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Invitation, InvitationStatus, Membership, Team

pytestmark = pytest.mark.django_db

CONFIRMED = {"confirmed": "yes"}


def url(name: str, team: Team, **kwargs: Any) -> str:
    return reverse(f"quickscale_teams:{name}", kwargs={"slug": team.slug, **kwargs})


def asks(response: Any, question: str, button: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert question in html
    assert f'name="confirmed" value="yes" class="button button-danger">{button}</button>' in html


def test_delete_team_asks_first(client: Client, team: Team, owner: Any) -> None:
    client.force_login(owner)

    asks(client.post(url("delete", team)), "Delete Acme?", "Delete team")
    assert Team.objects.filter(pk=team.pk).exists()

    assert client.post(url("delete", team), CONFIRMED).url == reverse("quickscale_teams:list")
    assert not Team.objects.filter(pk=team.pk).exists()


def test_leave_team_asks_first(client: Client, team: Team, member_user: Any) -> None:
    client.force_login(member_user)

    asks(client.post(url("leave", team)), "Leave Acme?", "Leave team")
    assert Membership.objects.filter(team=team, user=member_user).exists()

    client.post(url("leave", team), CONFIRMED)
    assert not Membership.objects.filter(team=team, user=member_user).exists()


def test_remove_member_asks_first(client: Client, team: Team, owner: Any, member_user: Any) -> None:
    target = Membership.objects.get(user=member_user)
    client.force_login(owner)

    response = client.post(url("member_remove", team, pk=target.pk))

    asks(response, "Remove member@example.com from Acme?", "Remove member")
    assert f'href="{url("members", team)}"' in response.content.decode()  # Cancel goes back
    assert Membership.objects.filter(pk=target.pk).exists()

    client.post(url("member_remove", team, pk=target.pk), CONFIRMED)
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_revoke_invitation_asks_first(client: Client, team: Team, owner: Any) -> None:
    invitation = services.invite(team=team, invited_by=owner, email="guest@example.com")
    client.force_login(owner)

    asks(
        client.post(url("invitation_revoke", team, pk=invitation.pk)),
        "Revoke the invitation of guest@example.com?",
        "Revoke invitation",
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING

    client.post(url("invitation_revoke", team, pk=invitation.pk), CONFIRMED)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED


def test_pages_offer_a_dialog_and_danger_buttons(client: Client, team: Team, owner: Any, member_user: Any) -> None:
    Invitation.objects.all().delete()
    services.invite(team=team, invited_by=owner, email="guest@example.com")
    client.force_login(owner)

    detail = client.get(url("detail", team)).content.decode()
    members = client.get(url("members", team)).content.decode()
    invitations = client.get(url("invitations", team)).content.decode()

    for html, action in ((detail, url("delete", team)), (detail, url("leave", team))):
        assert f'<form method="post" action="{action}" class="inline-form js-confirm">' in html
    assert detail.count("<dialog") == 2
    assert "Delete Acme?" in detail
    assert 'class="button button-danger button-small" aria-label="Remove member@example.com">Remove</button>' in members
    assert "Remove member@example.com from Acme?" in members
    assert 'aria-label="Revoke invitation to guest@example.com">Revoke</button>' in invitations
    assert 'aria-current="page">Members</a>' in members


def test_refused_role_action_shows_the_reason(client: Client, team: Team, owner: Any, admin_user: Any) -> None:
    """An admin may not remove an owner: the 403 page says why, in the design system."""
    target = Membership.objects.get(user=owner)
    client.force_login(admin_user)

    response = client.post(url("member_remove", team, pk=target.pk), CONFIRMED)

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot change a member whose role (Owner) is above yours." in html
    assert 'class="error-page"' in html
    assert Membership.objects.filter(pk=target.pk).exists()


def test_member_without_the_role_gets_the_reason(client: Client, team: Team, member_user: Any) -> None:
    client.force_login(member_user)

    response = client.get(url("invitations", team))

    assert response.status_code == 403
    assert "Your role (Member) in Acme does not allow this." in response.content.decode()
