"""Seams: core's signals (deletion, export, seats), allauth's signup, demo data, checks, the permission backend."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core import checks
from django.test import Client, override_settings

from quickscale_core.signals import team_members_changed, user_data_export, user_deleting, user_deletion_blockers
from quickscale_modules.teams import services
from quickscale_modules.teams.backends import TeamPermissionBackend, forget_roles
from quickscale_modules.teams.models import Invitation, Membership, Team, TeamOwnedQuerySet
from tests.conftest import add_member, make_user

pytestmark = pytest.mark.django_db


def reasons(user: Any) -> list[str]:
    return [reason for _, found in user_deletion_blockers.send(sender=None, user=user) for reason in found]


def test_last_owner_with_members_blocks_account_deletion(team: Team, owner: Any, member_user: Any) -> None:
    assert reasons(owner) == [
        "You are the only owner of the team “Acme”, which has other members: make another member owner "
        "(or remove them) before deleting your account."
    ]
    assert reasons(member_user) == []
    add_member(team, "owner2@example.com", "owner")
    assert reasons(owner) == []


def test_deleting_a_user_removes_solo_teams_and_leaves_others(
    team: Team, owner: Any, member_user: Any, commit: Any
) -> None:
    solo = services.create_team(owner=member_user, name="Solo")
    seats: list[tuple[str, int]] = []

    def listen(sender: Any, team: Team, seats_: int | None = None, **kwargs: Any) -> None:
        seats.append((team.name, kwargs.get("seats", seats_)))

    team_members_changed.connect(listen)
    try:
        with commit():
            user_deleting.send(sender=None, user=member_user)
    finally:
        team_members_changed.disconnect(listen)
    assert not Team.objects.filter(pk=solo.pk).exists()
    assert list(Membership.objects.filter(team=team).values_list("user", flat=True)) == [owner.pk]
    assert sorted(seats) == [("Acme", 1), ("Solo", 0)]
    member_user.delete()


def test_data_export_lists_memberships(team: Team, member_user: Any) -> None:
    [(_, (section, data))] = user_data_export.send(sender=None, user=member_user)
    assert section == "teams"
    assert data[0]["team"] == "Acme"
    assert data[0]["role"] == "member"


def test_members_changed_is_sent_after_commit_with_seats(owner: Any, commit: Any) -> None:
    received: list[int] = []

    def listen(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs["seats"])

    team_members_changed.connect(listen)
    try:
        team = services.create_team(owner=owner, name="Quiet")
        assert received == []  # not before commit
        with commit():
            add = make_user("m@example.com")
            Membership.objects.create(team=team, user=add, role="member")
            services.change_role(membership=Membership.objects.get(user=add), by=owner, role="admin")
        with commit():
            services.remove_member(membership=Membership.objects.get(user=add), by=owner)
    finally:
        team_members_changed.disconnect(listen)
    assert received == [2, 1]


@override_settings(QUICKSCALE_TEAMS_PERSONAL_TEAM=True)
def test_personal_team_at_signup(client: Client) -> None:
    client.post("/accounts/signup/", {"email": "solo@example.com", "password1": "a-Long-pass-phrase-42"})
    membership = Membership.objects.select_related("team").get(user__email="solo@example.com")
    assert membership.team.personal
    assert membership.team.name == "solo's team"
    assert membership.role == "owner"
    assert services.create_personal_team(user=membership.user) == membership.team


def test_no_personal_team_by_default(client: Client) -> None:
    client.post("/accounts/signup/", {"email": "solo@example.com", "password1": "a-Long-pass-phrase-42"})
    assert not Membership.objects.filter(user__email="solo@example.com").exists()


def test_seed_demo_is_idempotent(owner: Any) -> None:
    config: Any = apps.get_app_config("quickscale_teams")
    context: dict[str, Any] = {"summary": [], "user": owner}
    config.seed_demo(context)
    config.seed_demo(context)
    assert Team.objects.filter(name="Demo Team").count() == 1
    assert context["team"].name == "Demo Team"
    assert 'Teams: the team "Demo Team" owned by owner@example.com.' in context["summary"]
    empty: dict[str, Any] = {"summary": []}
    config.seed_demo(empty)
    assert "team" not in empty


def test_permission_backend(team: Team, owner: Any, member_user: Any) -> None:
    assert owner.has_perm("quickscale_teams.manage_members", team)
    assert not member_user.has_perm("quickscale_teams.manage_members", team)
    assert member_user.has_perm("quickscale_teams.view_team", team)
    assert member_user.has_perm("quickscale_teams.view_team", Membership.objects.get(user=member_user))
    assert not member_user.has_perm("quickscale_teams.view_team")  # never a global permission
    stranger = make_user("s@example.com")
    assert not stranger.has_perm("quickscale_teams.view_team", team)
    backend = TeamPermissionBackend()
    assert backend.get_all_permissions(owner, object()) == set()
    Membership.objects.filter(user=member_user).update(role="admin")
    forget_roles(member_user)
    assert member_user.has_perm("quickscale_teams.manage_members", team)
    member_user.is_active = False
    assert not backend.has_perm(member_user, "quickscale_teams.view_team", team)


def test_team_owned_queryset(team: Team, owner: Any) -> None:
    from teams_projects.models import Project

    other = services.create_team(owner=owner, name="Other")
    Project.objects.create(team=team, name="P1")
    Project.objects.create(team=other, name="P2")
    assert isinstance(Project.objects.all(), TeamOwnedQuerySet)
    assert [p.name for p in Project.objects.for_team(team)] == ["P1"]


def test_model_strings(team: Team, owner: Any) -> None:
    invitation = services.invite(team=team, invited_by=owner, email="x@example.com")
    assert str(invitation) == "Invitation of x@example.com to Acme"
    assert invitation.role_label == "Member"
    assert str(Membership.objects.get(user=owner)) == f"{owner} in Acme (owner)"
    assert team.get_absolute_url() == "/teams/acme/"
    assert Invitation.objects.get().is_pending


def _ids(**overrides: Any) -> list[str]:
    with override_settings(**overrides):
        return [message.id for message in checks.run_checks(include_deployment_checks=True)]


def test_checks() -> None:
    assert not any(i.startswith("quickscale_teams.E") for i in _ids())
    assert "quickscale_teams.E001" in _ids(QUICKSCALE_TEAMS_ROLES={})
    assert "quickscale_teams.E001" in _ids(QUICKSCALE_TEAMS_ROLES=["owner"])
    assert "quickscale_teams.E001" not in _ids(QUICKSCALE_TEAMS_ROLES={"owner": {"label": "x"}})
    assert "quickscale_teams.E007" in _ids(QUICKSCALE_TEAMS_ROLES={"owner": {"label": "x"}})
    assert "quickscale_teams.E007" in _ids(QUICKSCALE_TEAMS_ROLES={"owner": "x"})
    assert "quickscale_teams.E002" in _ids(
        QUICKSCALE_TEAMS_ROLES={"member": {"permissions": []}, "owner": {"permissions": []}}
    )
    assert "quickscale_teams.E003" in _ids(QUICKSCALE_TEAMS_DEFAULT_ROLE="ghost")
    assert "quickscale_teams.E004" in _ids(QUICKSCALE_TEAMS_INVITATION_EXPIRY_DAYS=0)
    assert "quickscale_teams.E004" in _ids(QUICKSCALE_TEAMS_INVITATION_EXPIRY_DAYS=True)
    assert "quickscale_teams.E005" in _ids(QUICKSCALE_TEAMS_PERSONAL_TEAM="yes")
    assert "quickscale_teams.E008" in _ids(QUICKSCALE_TEAMS_ACCEPT_URL="/teams/invitations/")
    assert "quickscale_teams.E008" in _ids(QUICKSCALE_TEAMS_ACCEPT_URL="https://app/{token}")
    assert "quickscale_teams.E008" not in _ids(QUICKSCALE_TEAMS_ACCEPT_URL="/teams/invitations/{token}")
    assert "quickscale_teams.W001" in _ids(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"])
    assert "quickscale_teams.W002" in _ids(QUICKSCALE_TEAMS_SITE_URL="http://localhost:8000")
    assert "quickscale_teams.W002" not in _ids()


def test_checks_run_only_when_the_module_is_checked() -> None:
    own, other = [apps.get_app_config("quickscale_teams")], [apps.get_app_config("contenttypes")]
    with override_settings(QUICKSCALE_TEAMS_ROLES={}, QUICKSCALE_TEAMS_SITE_URL="https://www.example.com"):
        assert {"quickscale_teams.E001", "quickscale_teams.E006"} <= {
            m.id for m in checks.run_checks(app_configs=own, include_deployment_checks=True)
        }
        assert not [
            m
            for m in checks.run_checks(app_configs=other, include_deployment_checks=True)
            if m.id and m.id.startswith("quickscale_teams")
        ]


@pytest.mark.parametrize("url", ["https://www.example.com", "https://REPLACE-ME.acme.io", "http://app.example.org/"])
def test_site_url_placeholder_fails_deploy_checks(url: str) -> None:
    assert "quickscale_teams.E006" in _ids(QUICKSCALE_TEAMS_SITE_URL=url)
    assert "quickscale_teams.E006" not in _ids(QUICKSCALE_TEAMS_SITE_URL="https://app.acme.io")


def test_admin_pages(client: Client, team: Team, owner: Any, django_capture_on_commit_callbacks: Any) -> None:
    services.invite(team=team, invited_by=owner, email="x@example.com")
    admin = make_user("root@example.com")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/quickscale_teams/team/").status_code == 200
    assert client.get(f"/admin/quickscale_teams/team/{team.pk}/change/").status_code == 200
    invitation = Invitation.objects.get()
    page = client.get(f"/admin/quickscale_teams/invitation/{invitation.pk}/change/").content.decode()
    assert invitation.token_hash not in page
    assert client.get("/admin/quickscale_teams/invitation/add/").status_code == 403
    received: list[int] = []

    def listen(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs["seats"])

    team_members_changed.connect(listen)
    other = services.create_team(owner=owner, name="Other")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/admin/quickscale_teams/team/{team.pk}/delete/", {"post": "yes"})
            client.post(
                "/admin/quickscale_teams/team/",
                {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
            )
    finally:
        team_members_changed.disconnect(listen)
    assert not Team.objects.exists()
    assert received == [0, 0]


def test_selectors(team: Team, owner: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from quickscale_modules.teams import selectors

    assert list(selectors.teams_of_user(owner)) == [team]
    assert selectors.membership_for(user=AnonymousUser(), slug=team.slug) is None
    assert selectors.invitation_by_token("") is None


def test_a_failing_mail_server_does_not_break_the_invitation(
    team: Team, owner: Any, commit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.mail import EmailMultiAlternatives

    def broken(self: Any, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with commit():
        services.invite(team=team, invited_by=owner, email="x@example.com")
    assert Invitation.objects.filter(email="x@example.com").exists()  # logged, not raised
