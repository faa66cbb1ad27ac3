"""Done when: a member cannot invite or remove; an admin cannot make an owner;
the last owner cannot leave or be removed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from quickscale_modules.teams import roles, services
from quickscale_modules.teams.exceptions import TeamError, TeamPermissionError
from quickscale_modules.teams.models import Invitation, Membership, Team
from tests.conftest import add_member, make_user

pytestmark = pytest.mark.django_db


def _m(team: Team, user: Any) -> Membership:
    return Membership.objects.get(team=team, user=user)


def _roles(team: Team) -> list[tuple[int, str]]:
    return sorted(Membership.objects.filter(team=team).values_list("user_id", "role"))


def test_member_cannot_invite(team: Team, member_user: Any) -> None:
    with pytest.raises(TeamPermissionError, match="Only an owner or admin can invite"):
        services.invite(team=team, invited_by=member_user, email="x@example.com")
    assert not Invitation.objects.exists()


def test_member_cannot_remove_or_change_roles(team: Team, owner: Any, member_user: Any, admin_user: Any) -> None:
    before = _roles(team)
    with pytest.raises(TeamPermissionError, match="remove"):
        services.remove_member(membership=_m(team, admin_user), by=member_user)
    with pytest.raises(TeamPermissionError, match="change roles"):
        services.change_role(membership=_m(team, member_user), by=member_user, role="admin")
    assert _roles(team) == before


def test_member_cannot_manage_invitations(team: Team, owner: Any, member_user: Any) -> None:
    invitation = services.invite(team=team, invited_by=owner, email="x@example.com")
    with pytest.raises(TeamPermissionError):
        services.revoke_invitation(invitation=invitation, by=member_user)
    with pytest.raises(TeamPermissionError):
        services.resend_invitation(invitation=invitation, by=member_user)


def test_admin_cannot_make_an_owner(team: Team, admin_user: Any, member_user: Any) -> None:
    before = _roles(team)
    with pytest.raises(TeamPermissionError, match="above your own"):
        services.change_role(membership=_m(team, member_user), by=admin_user, role="owner")
    with pytest.raises(TeamPermissionError, match="above your own"):
        services.invite(team=team, invited_by=admin_user, email="x@example.com", role="owner")
    assert _roles(team) == before
    assert not Invitation.objects.exists()


def test_admin_cannot_demote_or_remove_an_owner(team: Team, owner: Any, admin_user: Any) -> None:
    add_member(team, "owner2@example.com", "owner")
    with pytest.raises(TeamPermissionError, match="above yours"):
        services.change_role(membership=_m(team, owner), by=admin_user, role="member")
    with pytest.raises(TeamPermissionError, match="above yours"):
        services.remove_member(membership=_m(team, owner), by=admin_user)


def test_admin_can_invite_promote_to_admin_and_remove_members(team: Team, admin_user: Any, member_user: Any) -> None:
    services.invite(team=team, invited_by=admin_user, email="x@example.com", role="admin")
    assert services.change_role(membership=_m(team, member_user), by=admin_user, role="admin").role == "admin"
    services.remove_member(membership=_m(team, member_user), by=admin_user)
    assert not Membership.objects.filter(team=team, user=member_user).exists()


def test_last_owner_cannot_leave_be_removed_or_demoted(team: Team, owner: Any, admin_user: Any) -> None:
    before = _roles(team)
    with pytest.raises(TeamError, match="needs at least one owner"):
        services.leave_team(team=team, user=owner)
    with pytest.raises(TeamError, match="needs at least one owner"):
        services.remove_member(membership=_m(team, owner), by=owner)
    with pytest.raises(TeamError, match="needs at least one owner"):
        services.change_role(membership=_m(team, owner), by=owner, role="admin")
    assert _roles(team) == before


def test_an_owner_can_leave_when_another_owner_remains(team: Team, owner: Any) -> None:
    other = add_member(team, "owner2@example.com", "owner").user
    services.change_role(membership=_m(team, other), by=owner, role="owner")
    services.leave_team(team=team, user=owner)
    assert _roles(team) == [(other.pk, "owner")]
    with pytest.raises(TeamError, match="not a member"):
        services.leave_team(team=team, user=owner)


def test_members_can_leave_and_remove_themselves(team: Team, member_user: Any, admin_user: Any) -> None:
    services.leave_team(team=team, user=member_user)
    services.remove_member(membership=_m(team, admin_user), by=admin_user)
    assert Membership.objects.filter(team=team).count() == 1


def test_transfer_ownership(team: Team, owner: Any, admin_user: Any, member_user: Any) -> None:
    with pytest.raises(TeamPermissionError, match="Only an owner"):
        services.transfer_ownership(team=team, by=admin_user, to=_m(team, member_user))
    with pytest.raises(TeamError, match="already an owner"):
        services.transfer_ownership(team=team, by=owner, to=_m(team, owner))
    services.transfer_ownership(team=team, by=owner, to=_m(team, member_user))
    assert _m(team, member_user).role == "owner"
    assert _m(team, owner).role == "admin"
    other_team = services.create_team(owner=make_user("z@example.com"), name="Other")
    stranger = Membership.objects.get(team=other_team)
    with pytest.raises(TeamError, match="Choose a member"):
        services.transfer_ownership(team=team, by=member_user, to=stranger)


def test_non_member_is_refused_and_unknown_role(team: Team, member_user: Any) -> None:
    stranger = make_user("s@example.com")
    with pytest.raises(TeamPermissionError, match="not a member"):
        services.rename_team(team=team, by=stranger, name="Hacked")
    with pytest.raises(TeamPermissionError, match="Only an owner or admin"):
        services.rename_team(team=team, by=member_user, name="Hacked")
    with pytest.raises(TeamPermissionError, match="Only an owner can delete"):
        services.delete_team(team=team, by=member_user)
    owner = Membership.objects.get(team=team, role="owner").user
    with pytest.raises(TeamError, match="not a role"):
        services.change_role(membership=_m(team, member_user), by=owner, role="emperor")
    team.refresh_from_db()
    assert team.name == "Acme"


CUSTOM_ROLES = {
    "owner": {"label": "Owner", "permissions": ["view_team", "manage_members", "manage_invitations"]},
    "editor": {"label": "Editor", "permissions": ["view_team", "projects.change_project"]},
    "viewer": {"permissions": ["view_team"]},
}


@override_settings(QUICKSCALE_TEAMS_ROLES=CUSTOM_ROLES, QUICKSCALE_TEAMS_DEFAULT_ROLE="viewer")
def test_roles_come_from_settings(team: Team, owner: Any) -> None:
    assert roles.role_names() == ["owner", "editor", "viewer"]
    assert roles.role_label("viewer") == "Viewer"
    assert roles.role_label("ghost") == "ghost"
    assert roles.rank("ghost") == 3
    assert roles.permissions_of("editor") == {"quickscale_teams.view_team", "projects.change_project"}
    assert roles.demoted_owner_role() == "editor"
    invitation = services.invite(team=team, invited_by=owner, email="x@example.com")
    assert invitation.role == "viewer"


@override_settings(QUICKSCALE_TEAMS_ROLES={"owner": {"permissions": []}}, QUICKSCALE_TEAMS_DEFAULT_ROLE="owner")
def test_single_role_demotion_falls_back_to_default() -> None:
    assert roles.demoted_owner_role() == "owner"
