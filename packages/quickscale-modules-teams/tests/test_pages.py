from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from quickscale_core.testing import email_links, last_email_to
from quickscale_modules.teams import services
from quickscale_modules.teams.models import Invitation, InvitationStatus, Membership, Team
from quickscale_modules.teams.receivers import SESSION_TOKEN_KEY
from tests.conftest import add_member, make_user

pytestmark = pytest.mark.django_db

#: What the confirming button of a destructive action sends (the dialog's, or the confirmation page's).
CONFIRMED = {"confirmed": "yes"}


def url(name: str, team: Team, **kwargs: Any) -> str:
    return reverse(f"quickscale_teams:{name}", kwargs={"slug": team.slug, **kwargs})


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_create_team_and_see_it_listed(client: Client, owner: Any) -> None:
    client.force_login(owner)
    page = client.get(reverse("quickscale_teams:create")).content.decode()
    assert '<label for="id_name">Team name</label>' in page
    assert "Create team</button>" in page
    response = client.post(reverse("quickscale_teams:create"), {"name": "Rocket"}, follow=True)
    team = Team.objects.get(name="Rocket")
    assert response.redirect_chain[-1][0] == url("detail", team)
    assert Membership.objects.get(team=team).role == "owner"
    listing = client.get(reverse("quickscale_teams:list")).content.decode()
    assert "Rocket" in listing
    assert "Owner" in listing
    assert client.post(reverse("quickscale_teams:create"), {"name": "  "}).status_code == 200
    assert client.post(reverse("quickscale_teams:create"), {"name": "create"}, follow=True).status_code == 200
    assert Team.objects.get(name="create").slug.startswith("create-")


def test_create_refusal_is_shown_on_the_form(client: Client, owner: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from quickscale_modules.teams.exceptions import TeamError

    def refuse(**kwargs: Any) -> Team:
        raise TeamError("No more teams for you.")

    monkeypatch.setattr(services, "create_team", refuse)
    client.force_login(owner)
    assert "No more teams for you." in client.post(reverse("quickscale_teams:create"), {"name": "X"}).content.decode()


def test_empty_team_list(client: Client, owner: Any) -> None:
    client.force_login(owner)
    assert "not in a team yet" in client.get(reverse("quickscale_teams:list")).content.decode()


def test_settings_page_rename_transfer_leave_delete(client: Client, team: Team, owner: Any, member_user: Any) -> None:
    client.force_login(owner)
    page = client.get(url("detail", team)).content.decode()
    assert "Save settings</button>" in page
    assert "Transfer ownership</button>" in page
    assert "Delete team</button>" in page
    client.post(url("detail", team), {"name": "Acme Two"})
    team.refresh_from_db()
    assert team.name == "Acme Two"
    response = client.post(url("leave", team), CONFIRMED, follow=True)
    assert any("needs at least one owner" in m for m in messages_of(response))
    target = Membership.objects.get(team=team, user=member_user)
    assert client.post(url("transfer", team), {"membership": "nope"}).status_code == 302
    client.post(url("transfer", team), {"membership": target.pk})
    assert Membership.objects.get(team=team, user=owner).role == "admin"
    assert client.post(url("leave", team), CONFIRMED).url == reverse("quickscale_teams:list")
    client.force_login(member_user)
    assert client.post(url("delete", team), CONFIRMED).url == reverse("quickscale_teams:list")
    assert not Team.objects.filter(pk=team.pk).exists()


def test_member_sees_read_only_settings_and_gets_403_for_admin_actions(
    client: Client, team: Team, member_user: Any, admin_user: Any
) -> None:
    client.force_login(member_user)
    page = client.get(url("detail", team)).content.decode()
    assert "Save settings" not in page
    assert "Invitations</a>" not in page
    assert client.post(url("detail", team), {"name": "Hacked"}).status_code == 403
    assert client.get(url("invitations", team)).status_code == 403
    admin = Membership.objects.get(user=admin_user)
    assert client.post(url("member_remove", team, pk=admin.pk), CONFIRMED).status_code == 403
    assert client.post(url("member_role", team, pk=admin.pk), {"role": "member"}).status_code == 403
    assert client.post(url("delete", team)).status_code == 403  # refused before asking
    assert client.post(url("delete", team), CONFIRMED).status_code == 403
    assert Team.objects.filter(pk=team.pk, name="Acme").exists()


def test_members_page_change_role_and_remove(client: Client, team: Team, admin_user: Any, member_user: Any) -> None:
    client.force_login(admin_user)
    page = client.get(url("members", team)).content.decode()
    assert "member@example.com" in page
    assert "Change role</button>" in page
    assert '<option value="owner"' not in page  # an admin cannot give the owner role
    assert 'aria-label="Remove owner@example.com"' not in page  # nor remove an owner
    assert 'aria-label="Remove admin@example.com"' not in page  # leaving is on the settings page
    assert 'aria-label="Remove member@example.com"' in page
    target = Membership.objects.get(user=member_user)
    client.post(url("member_role", team, pk=target.pk), {"role": "admin"})
    assert Membership.objects.get(pk=target.pk).role == "admin"
    response = client.post(url("member_role", team, pk=target.pk), {"role": "emperor"}, follow=True)
    assert "Choose one of the listed roles." in messages_of(response)
    response = client.post(url("member_role", team, pk=target.pk), {"role": "owner"})
    assert response.status_code == 403
    client.post(url("member_remove", team, pk=target.pk), CONFIRMED)
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_invitations_page_send_resend_revoke(client: Client, team: Team, owner: Any, outbox: Any) -> None:
    client.force_login(owner)
    page = client.get(url("invitations", team)).content.decode()
    assert '<label for="id_email">Email address</label>' in page
    assert "Send invitation</button>" in page
    with_commit = client.post(url("invitations", team), {"email": "guest@example.com", "role": "member"}, follow=True)
    assert "Invitation sent to guest@example.com." in messages_of(with_commit)
    invitation = Invitation.objects.get()
    assert "guest@example.com" in client.get(url("invitations", team)).content.decode()
    client.post(url("invitation_resend", team, pk=invitation.pk))
    client.post(url("invitation_revoke", team, pk=invitation.pk), CONFIRMED)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    response = client.post(url("invitation_revoke", team, pk=invitation.pk), CONFIRMED, follow=True)
    assert any("already revoked" in m for m in messages_of(response))
    response = client.post(url("invitations", team), {"email": "owner@example.com", "role": "member"})
    assert "already a member" in " ".join(messages_of(response))


def _invite_link(team: Team, owner: Any, commit: Any, email: str) -> str:
    with commit():
        services.invite(team=team, invited_by=owner, email=email)
    return next(link for link in email_links(last_email_to(email)) if "/teams/invitations/" in link)


def test_logged_in_invitee_accepts(client: Client, team: Team, owner: Any, commit: Any) -> None:
    link = _invite_link(team, owner, commit, "guest@example.com")
    path = link.removeprefix("https://teams.acme.test")
    guest = make_user("guest@example.com")
    client.force_login(guest)
    page = client.get(path).content.decode()
    assert "Accept invitation</button>" in page
    assert "owner@example.com invited you" in page
    response = client.post(path)
    assert response.url == url("detail", team)
    assert Membership.objects.get(team=team, user=guest).role == "member"
    # Coming back to the link lands on the team.
    assert client.get(path).url == url("detail", team)
    assert client.post(path).url == url("detail", team)


def test_used_or_revoked_link_page(client: Client, team: Team, owner: Any, commit: Any) -> None:
    link = _invite_link(team, owner, commit, "guest@example.com")
    path = link.removeprefix("https://teams.acme.test")
    services.revoke_invitation(invitation=Invitation.objects.get(), by=owner)
    client.force_login(make_user("guest@example.com"))
    assert "can no longer be accepted" in client.get(path).content.decode()
    client.logout()
    assert "can no longer be accepted" in client.get(path).content.decode()
    assert SESSION_TOKEN_KEY not in client.session
    assert client.get(reverse("quickscale_teams:accept", kwargs={"token": "nope"})).status_code == 404


def test_logged_out_invitee_logs_in_and_lands_accepted(client: Client, team: Team, owner: Any, commit: Any) -> None:
    link = _invite_link(team, owner, commit, "guest@example.com")
    path = link.removeprefix("https://teams.acme.test")
    guest = make_user("guest@example.com")
    page = client.get(path).content.decode()
    assert "Log in to accept" in page
    assert "Sign up to accept" in page
    login_url = reverse("account_login") + "?next=" + path.replace("/", "%2F")
    assert login_url in page
    response = client.post(login_url, {"login": "guest@example.com", "password": "pw"}, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", team)
    assert f"You joined {team.name}." in messages_of(response)
    assert Membership.objects.filter(team=team, user=guest).exists()
    assert SESSION_TOKEN_KEY not in client.session


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_logged_out_invitee_signs_up_verifies_and_lands_accepted(
    client: Client, team: Team, owner: Any, commit: Any, outbox: Any
) -> None:
    link = _invite_link(team, owner, commit, "newbie@example.com")
    path = link.removeprefix("https://teams.acme.test")
    client.get(path)
    signup = reverse("account_signup") + "?next=" + path
    with commit():  # the verification email is sent by a task after the commit
        client.post(signup, {"email": "newbie@example.com", "password1": "a-Long-pass-phrase-42"})
    assert not Membership.objects.filter(team=team, user__email="newbie@example.com").exists()
    confirm = next(link for link in email_links(last_email_to("newbie@example.com")) if "confirm-email" in link)
    client.post(confirm.removeprefix("http://testserver"))
    # Verified now; logging in (if the confirmation did not) accepts the invitation kept in the session.
    response = client.post(
        reverse("account_login") + "?next=" + path,
        {"login": "newbie@example.com", "password": "a-Long-pass-phrase-42"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("detail", team)
    assert Membership.objects.filter(team=team, user__email="newbie@example.com").exists()
    assert f"You joined {team.name}." in messages_of(response)


def test_login_with_another_address_keeps_the_invitation_for_later(
    client: Client, team: Team, owner: Any, commit: Any
) -> None:
    link = _invite_link(team, owner, commit, "guest@example.com")
    client.get(link.removeprefix("https://teams.acme.test"))
    other = make_user("other@example.com")
    response = client.post(reverse("account_login"), {"login": "other@example.com", "password": "pw"}, follow=True)
    assert any("another email address" in m for m in messages_of(response))
    assert SESSION_TOKEN_KEY in client.session
    assert not Membership.objects.filter(team=team, user=other).exists()


def test_login_after_revocation_drops_the_token(client: Client, team: Team, owner: Any, commit: Any) -> None:
    link = _invite_link(team, owner, commit, "guest@example.com")
    client.get(link.removeprefix("https://teams.acme.test"))
    services.revoke_invitation(invitation=Invitation.objects.get(), by=owner)
    make_user("guest@example.com")
    response = client.post(reverse("account_login"), {"login": "guest@example.com", "password": "pw"}, follow=True)
    assert any("withdrawn" in m for m in messages_of(response))
    assert SESSION_TOKEN_KEY not in client.session


def test_team_switcher_marks_the_current_team(client: Client, team: Team, owner: Any) -> None:
    services.create_team(owner=owner, name="Zeta")
    add_member(team, "x@example.com")
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = owner
    request.team = team  # type: ignore[attr-defined]
    html = Template("{% load quickscale_teams %}{% team_switcher %}").render(Context({"request": request}))
    assert 'aria-current="page">Acme</a>' in html
    assert ">Zeta</a>" in html
    assert "Create team" in html
    anonymous = Template("{% load quickscale_teams %}{% team_switcher %}").render(Context({}))
    assert "Acme" not in anonymous
    perm = Template('{% load quickscale_teams %}{% team_has_perm team "manage_members" as can %}{{ can }}')
    assert perm.render(Context({"request": request, "team": team})) == "True"
    assert perm.render(Context({"team": team})) == "False"


@override_settings(ACCOUNT_EMAIL_VERIFICATION="optional")
def test_invitee_signed_in_before_verifying_joins_on_confirmation(
    client: Client, team: Team, owner: Any, commit: Any, outbox: Any
) -> None:
    link = _invite_link(team, owner, commit, "newbie@example.com")
    path = link.removeprefix("https://teams.acme.test")
    client.get(path)
    with commit():  # the verification email is sent by a task after the commit
        response = client.post(
            reverse("account_signup") + "?next=" + path,
            {"email": "newbie@example.com", "password1": "a-Long-pass-phrase-42"},
            follow=True,
        )
    assert any("Verify your email address newbie@example.com first" in m for m in messages_of(response))
    assert SESSION_TOKEN_KEY in client.session
    confirm = next(link for link in email_links(last_email_to("newbie@example.com")) if "confirm-email" in link)
    client.post(confirm.removeprefix("http://testserver"))
    assert Membership.objects.filter(team=team, user__email="newbie@example.com").exists()
    assert SESSION_TOKEN_KEY not in client.session


def test_team_header_and_tabs_follow_renames_roles_and_permissions(
    client: Client, team: Team, owner: Any, member_user: Any
) -> None:
    """The header and tabs are kept per process (core's shellcache): keyed on everything they show."""
    client.force_login(owner)
    page = client.get(url("members", team)).content.decode()
    assert "<h1>Acme</h1>" in page
    assert "Your role: Owner" in page
    assert "Invitations</a>" in page
    client.post(url("detail", team), {"name": "Acme Two"})
    page = client.get(url("members", team)).content.decode()
    assert "<h1>Acme Two</h1>" in page

    client.force_login(member_user)  # the same team: another role, no invitations tab
    page = client.get(url("members", team)).content.decode()
    assert "<h1>Acme Two</h1>" in page
    assert "Your role: Member" in page
    assert "Invitations</a>" not in page
    assert 'aria-current="page">Members</a>' in page
    assert 'aria-current="page">Settings</a>' in client.get(url("detail", team)).content.decode()
