"""Every setting of the teams module, with its default, read in one place (allauth's style).

Use ``from quickscale_modules.teams.app_settings import app_settings`` and read
attributes: values are read from ``django.conf.settings`` on each access, so
``override_settings`` works in tests.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from quickscale_core.app_settings import AppSettings as BaseAppSettings

#: The default roles, highest first. Each grants the listed permissions, checked
#: with ``user.has_perm("quickscale_teams.<permission>", team)``.
DEFAULT_ROLES: dict[str, dict[str, Any]] = {
    "owner": {
        "label": _("Owner"),
        "permissions": [
            "view_team",
            "change_team",
            "delete_team",
            "manage_members",
            "manage_invitations",
            "transfer_ownership",
        ],
    },
    "admin": {
        "label": _("Admin"),
        "permissions": ["view_team", "change_team", "manage_members", "manage_invitations"],
    },
    "member": {"label": _("Member"), "permissions": ["view_team"]},
}

#: The adapter class used unless ``QUICKSCALE_TEAMS_ADAPTER`` names a subclass.
DEFAULT_ADAPTER = "quickscale_modules.teams.adapter.TeamsAdapter"

#: The role every team must keep at least one of, and the one a team's creator gets.
OWNER_ROLE = "owner"


class AppSettings(BaseAppSettings):
    prefix = "QUICKSCALE_TEAMS_"

    @property
    def ROLES(self) -> dict[str, dict[str, Any]]:  # noqa: N802 - settings are upper case
        """``QUICKSCALE_TEAMS_ROLES``: role name -> {"label", "permissions"}, highest first."""
        value: dict[str, dict[str, Any]] = self._setting("ROLES", DEFAULT_ROLES)
        return value

    @property
    def DEFAULT_ROLE(self) -> str:  # noqa: N802
        """``QUICKSCALE_TEAMS_DEFAULT_ROLE``: the role an invitation gives when none is chosen."""
        return str(self._setting("DEFAULT_ROLE", "member"))

    @property
    def INVITATION_EXPIRY_DAYS(self) -> int:  # noqa: N802
        """``QUICKSCALE_TEAMS_INVITATION_EXPIRY_DAYS``: how long an invitation link works."""
        value: int = self._setting("INVITATION_EXPIRY_DAYS", 7)
        return value

    @property
    def PERSONAL_TEAM(self) -> bool:  # noqa: N802
        """``QUICKSCALE_TEAMS_PERSONAL_TEAM``: create a personal team for each new user at signup."""
        value: bool = self._setting("PERSONAL_TEAM", False)
        return value

    @property
    def SITE_URL(self) -> str:  # noqa: N802
        """``QUICKSCALE_TEAMS_SITE_URL``: scheme and host of links in emails sent outside a request."""
        return str(self._setting("SITE_URL", "http://localhost:8000")).rstrip("/")

    @property
    def ACCEPT_URL(self) -> str:  # noqa: N802
        """``QUICKSCALE_TEAMS_ACCEPT_URL``: the accept link's path with ``{token}`` ("": the module's own page)."""
        return str(self._setting("ACCEPT_URL", ""))

    @property
    def ADAPTER(self) -> str:  # noqa: N802
        """``QUICKSCALE_TEAMS_ADAPTER``: dotted path of the adapter class (a subclass of ``adapter.TeamsAdapter``)."""
        return str(self._setting("ADAPTER", DEFAULT_ADAPTER))


app_settings = AppSettings()
