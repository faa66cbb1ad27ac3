"""A project changes how teams behave by one setting, ``QUICKSCALE_TEAMS_ADAPTER``, not by copying views."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from quickscale_modules.teams import services
from quickscale_modules.teams.adapter import TeamsAdapter, get_adapter
from quickscale_modules.teams.exceptions import TeamError
from quickscale_modules.teams.models import Team
from tests.adapters import ProjectTeamsAdapter
from tests.conftest import add_member

pytestmark = pytest.mark.django_db

PROJECT_ADAPTER = "tests.adapters.ProjectTeamsAdapter"


def test_default_adapter() -> None:
    adapter = get_adapter()
    assert type(adapter) is TeamsAdapter
    assert adapter.slugify_team_name("Ünïcode Team!") == "unicode-team"
    assert adapter.slugify_team_name("!!!") == "team"
    assert adapter.slugify_team_name("x" * 300) == "x" * 100


@override_settings(QUICKSCALE_TEAMS_ADAPTER=PROJECT_ADAPTER)
def test_invitation_email_by_setting(team: Team, owner: Any, commit: Any, outbox: Any) -> None:
    assert isinstance(get_adapter(), ProjectTeamsAdapter)
    with commit():
        services.invite(team=team, invited_by=owner, email="new@example.com")
    (message,) = outbox
    assert message.subject == "[Acme Cloud] You are invited to join Acme"
    assert message.to == ["new@example.com", "audit@acme.test"]
    assert "https://teams.acme.test/teams/invitations/" in message.body


@override_settings(QUICKSCALE_TEAMS_ADAPTER=PROJECT_ADAPTER)
def test_slug_rules_by_setting(owner: Any) -> None:
    assert services.create_team(owner=owner, name="Rocket").slug == "org-rocket"
    assert services.create_team(owner=owner, name="Rocket").slug.startswith("org-rocket-")  # taken: a suffix
    brand = services.create_team(owner=owner, name="Acme").slug
    assert brand.startswith("org-acme-")  # refused by the project's rule: a suffix
    assert len(brand) == len("org-acme-") + 6


@override_settings(QUICKSCALE_TEAMS_ADAPTER="tests.adapters.RefusesEverySlug")
def test_a_slug_rule_that_refuses_everything_is_a_message(owner: Any) -> None:
    with pytest.raises(TeamError) as refusal:
        services.create_team(owner=owner, name="Rocket")
    assert refusal.value.code == "slug_unavailable"
    assert "choose another name" in str(refusal.value)
    assert not Team.objects.exists()


def test_reserved_slugs_stay_refused_whatever_the_adapter(owner: Any) -> None:
    with override_settings(QUICKSCALE_TEAMS_ADAPTER=PROJECT_ADAPTER):
        assert services.create_team(owner=owner, name="x").slug == "org-x"
    assert services.create_team(owner=owner, name="create").slug.startswith("create-")


@override_settings(QUICKSCALE_TEAMS_ADAPTER=PROJECT_ADAPTER)
def test_personal_team_name_and_redirects_by_setting(client: Client, owner: Any) -> None:
    assert services.create_personal_team(user=owner).name == "Personal workspace"
    client.force_login(owner)
    response = client.post(reverse("quickscale_teams:create"), {"name": "Rocket"})
    team = Team.objects.get(name="Rocket")
    assert response["Location"] == reverse("quickscale_teams:members", kwargs={"slug": team.slug})
    add_member(team, "other@example.com", "owner")
    response = client.post(reverse("quickscale_teams:leave", kwargs={"slug": team.slug}), {"confirmed": "yes"})
    assert response["Location"] == "/after-leaving/"


def test_billing_managers_by_setting(team: Team, owner: Any, admin_user: Any, member_user: Any) -> None:
    adapter = get_adapter()
    assert adapter.can_manage_billing(owner, team)
    assert adapter.can_manage_billing(admin_user, team)
    assert not adapter.can_manage_billing(member_user, team)
    with override_settings(QUICKSCALE_TEAMS_ADAPTER=PROJECT_ADAPTER):
        adapter = get_adapter()
        assert adapter.can_manage_billing(owner, team)
        assert not adapter.can_manage_billing(admin_user, team)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("tests.adapters.NotAnAdapter", "is not a subclass of"),
        ("tests.adapters.Missing", "does not import"),
        ("nowhere.TeamsAdapter", "does not import"),
    ],
)
def test_adapter_check(path: str, problem: str) -> None:
    with override_settings(QUICKSCALE_TEAMS_ADAPTER=path):
        errors = [message for message in checks.run_checks() if message.id == "quickscale_teams.E010"]
    assert len(errors) == 1
    assert problem in errors[0].msg
    assert "quickscale_modules.teams.adapter.TeamsAdapter" in errors[0].hint
    with override_settings(QUICKSCALE_TEAMS_ADAPTER=PROJECT_ADAPTER):
        assert not [message for message in checks.run_checks() if message.id == "quickscale_teams.E010"]


def test_invitation_url_opens_the_accept_url_setting_when_given(settings: Any) -> None:
    """A single-page app's route (the react theme's): the token in place of {token}, URL-quoted."""
    settings.QUICKSCALE_TEAMS_ACCEPT_URL = "/teams/invitations/{token}"
    settings.QUICKSCALE_TEAMS_SITE_URL = "https://app.acme.io"
    settings.ALLOWED_HOSTS = ["acme.test"]

    assert get_adapter().invitation_url("a b/c") == "https://app.acme.io/teams/invitations/a%20b%2Fc"
    request = RequestFactory().get("/", HTTP_HOST="acme.test")
    assert get_adapter().invitation_url("tok", request) == "http://acme.test/teams/invitations/tok"
