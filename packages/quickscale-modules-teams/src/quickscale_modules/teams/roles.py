"""Roles read from ``QUICKSCALE_TEAMS_ROLES``: their order (rank) and the permissions they grant."""

from __future__ import annotations

from quickscale_modules.teams.app_settings import OWNER_ROLE, app_settings

APP_LABEL = "quickscale_teams"


def role_names() -> list[str]:
    """Role names, highest first."""
    return list(app_settings.ROLES)


def role_choices() -> list[tuple[str, str]]:
    return [(name, str(spec.get("label", name.title()))) for name, spec in app_settings.ROLES.items()]


def role_label(role: str) -> str:
    spec = app_settings.ROLES.get(role)
    return str(spec.get("label", role.title())) if spec else role


def rank(role: str) -> int:
    """0 for the highest role; unknown roles rank below every known one."""
    names = role_names()
    return names.index(role) if role in names else len(names)


def outranks_or_equals(role: str, other: str) -> bool:
    """True when ``role`` is at least as high as ``other``."""
    return rank(role) <= rank(other)


def full_permission(permission: str) -> str:
    """``manage_members`` -> ``quickscale_teams.manage_members``; dotted names stay as they are."""
    return permission if "." in permission else f"{APP_LABEL}.{permission}"


def permissions_of(role: str) -> set[str]:
    """Full permission names (``app_label.codename``) the role grants."""
    spec = app_settings.ROLES.get(role) or {}
    return {full_permission(str(permission)) for permission in spec.get("permissions", [])}


def role_grants(role: str, permission: str) -> bool:
    return full_permission(permission) in permissions_of(role)


def is_owner_role(role: str) -> bool:
    return role == OWNER_ROLE


def demoted_owner_role() -> str:
    """The role a previous owner keeps after transferring ownership: the next role down."""
    names = role_names()
    return names[1] if len(names) > 1 else app_settings.DEFAULT_ROLE
