"""A project's teams adapter (imported only under tests.settings_teams, where the teams module is installed)."""

from __future__ import annotations

from typing import Any

from quickscale_modules.teams.adapter import TeamsAdapter
from quickscale_modules.teams.models import Team


class OwnersOnlyBilling(TeamsAdapter):
    """Only a team's owners manage its billing (not its admins)."""

    def can_manage_billing(self, user: Any, team: Team) -> bool:
        return bool(user.has_perm("quickscale_teams.delete_team", team))
