"""Teams as billing owners through core's protocol: the provider the layer names, and the typed team context."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from rest_framework.request import Request

from quickscale_core.owners import OwnerProvider, get_owner_provider, missing_methods
from quickscale_modules.teams.context import current_membership, current_team, set_team_context, team_membership
from quickscale_modules.teams.layer import LAYER
from quickscale_modules.teams.models import Team
from quickscale_modules.teams.owners import TeamOwnerProvider
from tests.conftest import add_member, make_user

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[1] / "src"


def test_teams_never_imports_another_module() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"quickscale_modules\.(?!teams\b)", line)
    ]
    assert offenders == []


def test_the_layer_names_the_provider_and_it_fits_the_protocol() -> None:
    assert LAYER.defaults["QUICKSCALE_OWNER_PROVIDER"] == "quickscale_modules.teams.owners.TeamOwnerProvider"
    provider = get_owner_provider()
    assert isinstance(provider, TeamOwnerProvider)
    assert isinstance(provider, OwnerProvider)
    assert missing_methods(TeamOwnerProvider) == []


def test_provider_answers(rf: RequestFactory, team: Team, owner: Any, admin_user: Any, member_user: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    provider = TeamOwnerProvider()
    zeta = Team.objects.create(name="Zeta", slug="zeta")
    add_member(zeta, "zeta-owner@example.com", "owner")
    outsider = make_user("outsider@example.com")
    assert list(provider.owners_of(owner)) == [team]
    assert list(provider.owners_of(AnonymousUser())) == []
    assert provider.owner_by_key(member_user, "acme") == team
    assert provider.owner_by_key(member_user, "zeta") is None  # not one of theirs
    assert provider.owner_by_key(member_user, "") is None
    assert provider.owner_key(team) == "acme"
    assert provider.display_name(team) == "Acme"
    assert provider.can_manage_billing(owner, team)
    assert provider.can_manage_billing(admin_user, team)
    assert not provider.can_manage_billing(member_user, team)
    assert not provider.can_manage_billing(outsider, team)
    assert provider.seat_count(team) == 3
    assert provider.contact_email(team) == owner.email
    assert provider.contact_email(Team.objects.create(name="Empty", slug="empty")) == ""
    assert provider.seat_count(Team.objects.get(slug="empty")) == 1
    # Anything that is not a team is not this provider's owner.
    assert provider.owner_key(owner) == ""
    assert provider.display_name(owner) == str(owner)
    assert not provider.can_manage_billing(owner, owner)
    assert provider.seat_count(owner) == 1
    assert provider.contact_email(owner) == ""

    request = rf.get("/")
    request.user = member_user
    assert provider.request_owner(request) is None
    set_team_context(request, "acme")
    assert provider.request_owner(request) == team


def test_typed_team_context_on_django_and_drf_requests(rf: RequestFactory, team: Team, owner: Any) -> None:
    request = rf.get("/")
    request.user = owner
    assert current_team(request) is None
    assert current_membership(request) is None
    with pytest.raises(ImproperlyConfigured, match="team_member_required"):
        team_membership(request)
    drf_request = Request(request)
    drf_request.user = owner
    membership = set_team_context(drf_request, "acme")
    assert current_team(request) == team  # set on the Django request, seen from both
    assert current_team(drf_request) == team
    assert current_membership(drf_request) == membership
    assert team_membership(request) == membership
    assert drf_request.team == team  # the attribute stays, for templates and old code


@override_settings(QUICKSCALE_OWNER_PROVIDER=None)
def test_without_the_setting_there_is_no_provider() -> None:
    assert get_owner_provider() is None
