"""The seams with quickscale-modules-auth, run with ``pytest --ds=tests.settings_auth``."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from quickscale_modules.teams.models import Membership, Team
from tests.conftest import add_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("quickscale_modules.auth"), reason="needs --ds=tests.settings_auth"),
]


def test_last_owner_cannot_delete_account_until_ownership_moves(team: Team, owner: Any) -> None:
    from quickscale_modules.auth import services as auth_services

    other = add_member(team, "second@example.com")
    with pytest.raises(auth_services.AccountDeletionBlockedError, match="only owner of the team “Acme”"):
        auth_services.delete_account(owner)
    Membership.objects.filter(pk=other.pk).update(role="owner")
    auth_services.delete_account(owner)
    assert list(Membership.objects.filter(team=team).values_list("user__email", flat=True)) == ["second@example.com"]


def test_export_includes_teams(team: Team, owner: Any) -> None:
    from quickscale_modules.auth import services as auth_services

    assert auth_services.export_user_data(owner)["teams"][0]["slug"] == "acme"
