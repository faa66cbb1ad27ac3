"""The team pages, forms, messages and refusals go through gettext (rendered under a pseudo-language)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from quickscale_modules.teams import services
from quickscale_modules.teams.exceptions import TeamError
from quickscale_modules.teams.models import Team

pytestmark = pytest.mark.django_db


def url(name: str, team: Team, **kwargs: Any) -> str:
    return reverse(f"quickscale_teams:{name}", kwargs={"slug": team.slug, **kwargs})


def test_team_pages_are_translated(
    client: Client, team: Team, owner: Any, member_user: Any, pseudo_language: None
) -> None:
    services.invite(team=team, invited_by=owner, email="guest@example.com")
    client.force_login(owner)

    detail = client.get(url("detail", team)).content.decode()
    members = client.get(url("members", team)).content.decode()
    invitations = client.get(url("invitations", team)).content.decode()
    listing = client.get(reverse("quickscale_teams:list")).content.decode()
    create = client.get(reverse("quickscale_teams:create")).content.decode()

    for text in ("⟦Team settings⟧", "⟦Danger zone⟧", "⟦Leave team⟧", "⟦Delete Acme?⟧", "⟦Team name⟧", "⟦Settings⟧"):
        assert text in detail, text
    for text in ("⟦Change role⟧", "⟦Remove⟧", "⟦Owner⟧", "⟦Member⟧", "⟦Remove member@example.com from Acme?⟧"):
        assert text in members, text
    for text in ("⟦Send invitation⟧", "⟦Pending invitations⟧", "⟦Email address⟧", "⟦Revoke⟧", "⟦Resend⟧"):
        assert text in invitations, text
    assert "⟦Your teams⟧" in listing
    assert "⟦Create team⟧" in create


def test_messages_and_refusals_are_translated(client: Client, team: Team, owner: Any, pseudo_language: None) -> None:
    client.force_login(owner)

    response = client.post(url("detail", team), {"name": "Acme Two"}, follow=True)
    refused = client.post(url("leave", team), {"confirmed": "yes"}, follow=True)

    assert "⟦Team settings saved.⟧" in [str(m) for m in response.context["messages"]]
    assert "⟦Acme Two needs at least one owner: make another member owner before you leave (or delete the team).⟧" in [
        str(m) for m in refused.context["messages"]
    ]
    with pytest.raises(TeamError, match=r"⟦Give the team a name\.⟧"):
        services.create_team(owner=owner, name=" ")


def test_invitation_email_is_translated(
    team: Team, owner: Any, commit: Any, outbox: Any, pseudo_language: None
) -> None:
    with commit():
        services.invite(team=team, invited_by=owner, email="guest@example.com")

    message = outbox[-1]
    assert message.subject == "⟦You are invited to join Acme⟧"
    assert "⟦Accept the invitation here:⟧" in message.body


def test_french_catalog_ships_with_the_module(
    client: Client, team: Team, owner: Any, member_user: Any, settings: Any
) -> None:
    """locale/fr: a browser asking for French gets the team pages in French (LocaleMiddleware)."""
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    client.force_login(owner)

    detail = client.get(url("detail", team), headers={"accept-language": "fr"}).content.decode()
    members = client.get(url("members", team), headers={"accept-language": "fr"}).content.decode()

    for text in (
        "Paramètres de l\N{RIGHT SINGLE QUOTATION MARK}équipe",
        "Zone de danger",
        "Quitter l\N{RIGHT SINGLE QUOTATION MARK}équipe",
        "Supprimer Acme ?",
    ):
        assert text in detail, text
    assert "Team settings" not in detail
    assert "Changer le rôle" in members
    assert "Propriétaire" in members
    with translation.override("fr"):
        assert (
            _("Only an owner can delete the team.")
            == "Seul un propriétaire peut supprimer l\N{RIGHT SINGLE QUOTATION MARK}équipe."
        )
