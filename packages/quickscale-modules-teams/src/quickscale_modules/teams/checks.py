"""System checks of the teams module (``manage.py check``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from quickscale_core.checks import placeholder_errors, selected, subclass_problem
from quickscale_modules.teams.app_settings import OWNER_ROLE, app_settings

BACKEND = "quickscale_modules.teams.backends.TeamPermissionBackend"
#: The app label: these checks run unless ``manage.py check`` names other apps only.
LABEL = "quickscale_teams"


@checks.register()
def check_settings(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    errors: list[checks.CheckMessage] = []
    roles = app_settings.ROLES
    if not isinstance(roles, dict) or not roles:
        errors.append(
            checks.Error(
                "QUICKSCALE_TEAMS_ROLES must be a non-empty dict of role name -> {'label', 'permissions'}.",
                hint="Start from quickscale_modules.teams.app_settings.DEFAULT_ROLES.",
                id="quickscale_teams.E001",
            )
        )
        return errors
    for name, spec in roles.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("permissions", None), list | tuple):
            errors.append(
                checks.Error(
                    f"Role {name!r} of QUICKSCALE_TEAMS_ROLES has no 'permissions' list.",
                    hint="Give each role a dict like {'label': 'Member', 'permissions': ['view_team']}.",
                    id="quickscale_teams.E007",
                )
            )
    if next(iter(roles)) != OWNER_ROLE:
        errors.append(
            checks.Error(
                f"QUICKSCALE_TEAMS_ROLES must start with the {OWNER_ROLE!r} role (roles are listed highest first).",
                hint=f"Put {OWNER_ROLE!r} first; every team keeps at least one owner.",
                id="quickscale_teams.E002",
            )
        )
    if app_settings.DEFAULT_ROLE not in roles:
        errors.append(
            checks.Error(
                f"QUICKSCALE_TEAMS_DEFAULT_ROLE {app_settings.DEFAULT_ROLE!r} is not in QUICKSCALE_TEAMS_ROLES.",
                hint="Set it to one of: " + ", ".join(map(str, roles)) + ".",
                id="quickscale_teams.E003",
            )
        )
    days = app_settings.INVITATION_EXPIRY_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        errors.append(
            checks.Error(
                "QUICKSCALE_TEAMS_INVITATION_EXPIRY_DAYS must be a whole number of days, 1 or more.",
                hint="The default is 7.",
                id="quickscale_teams.E004",
            )
        )
    if not isinstance(app_settings.PERSONAL_TEAM, bool):
        errors.append(
            checks.Error(
                "QUICKSCALE_TEAMS_PERSONAL_TEAM must be True or False.",
                hint="The default is False.",
                id="quickscale_teams.E005",
            )
        )
    accept_url = app_settings.ACCEPT_URL
    if accept_url and (not accept_url.startswith("/") or accept_url.count("{token}") != 1):
        errors.append(
            checks.Error(
                f"QUICKSCALE_TEAMS_ACCEPT_URL {accept_url!r} must be a path starting with / with {{token}} once.",
                hint='e.g. "/teams/invitations/{token}" (a single-page app\'s route), or "" for the module\'s page.',
                id="quickscale_teams.E008",
            )
        )
    if BACKEND not in getattr(settings, "AUTHENTICATION_BACKENDS", []):
        errors.append(
            checks.Warning(
                f"{BACKEND} is not in AUTHENTICATION_BACKENDS: user.has_perm(perm, team) is always False.",
                hint='Layer the module with apply_modules(globals(), "quickscale_modules.teams") or add the backend.',
                id="quickscale_teams.W001",
            )
        )
    return errors


@checks.register(deploy=True)
def check_site_url(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    placeholder = placeholder_errors(
        [("QUICKSCALE_TEAMS_SITE_URL", app_settings.SITE_URL, 'Use your public URL, e.g. "https://app.acme.io".')],
        "quickscale_teams.E006",
    )
    if placeholder:
        return placeholder
    if "localhost" in app_settings.SITE_URL or "127.0.0.1" in app_settings.SITE_URL:
        return [
            checks.Warning(
                "QUICKSCALE_TEAMS_SITE_URL points to localhost: invitations sent outside a request link there.",
                hint='Set QUICKSCALE_TEAMS_SITE_URL = "https://your.domain".',
                id="quickscale_teams.W002",
            )
        ]
    return []


@checks.register()
def check_adapter(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``QUICKSCALE_TEAMS_ADAPTER`` imports a subclass of ``TeamsAdapter``."""
    if not selected(app_configs, LABEL):
        return []
    from quickscale_modules.teams.adapter import TeamsAdapter
    from quickscale_modules.teams.app_settings import DEFAULT_ADAPTER

    path = app_settings.ADAPTER
    problem = subclass_problem(path, TeamsAdapter)
    if not problem:
        return []
    return [
        checks.Error(
            f"QUICKSCALE_TEAMS_ADAPTER = {path!r} {problem}.",
            hint=f"Point it at your subclass of TeamsAdapter, or remove it to use {DEFAULT_ADAPTER}.",
            id="quickscale_teams.E010",
        )
    ]
