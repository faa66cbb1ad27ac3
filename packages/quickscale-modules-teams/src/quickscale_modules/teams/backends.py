"""``user.has_perm("quickscale_teams.<permission>", team)`` from the user's role in the team."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.utils.functional import LazyObject, empty

from quickscale_modules.teams import roles
from quickscale_modules.teams.models import Membership, Team

_CACHE = "_quickscale_team_roles"


def team_of(obj: Any) -> Team | None:
    """The team an object belongs to: a Team, a Membership, or any model with a ``team``."""
    if isinstance(obj, Team):
        return obj
    team = getattr(obj, "team", None)
    return team if isinstance(team, Team) else None


def role_in(user: Any, team: Team) -> str | None:
    """The user's role in ``team``, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault(_CACHE, {})
    if team.pk not in cache:
        cache[team.pk] = Membership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    return cache[team.pk]


def remember_role(user: Any, team: Team, role: str | None) -> None:
    """Record the user's role in ``team`` that a caller has already loaded, so ``has_perm`` does not query it again."""
    if isinstance(user, LazyObject):  # request.user: the role belongs on the user it wraps
        user = user._wrapped
        if user is empty:
            return
    if getattr(user, "is_authenticated", False):
        user.__dict__.setdefault(_CACHE, {})[team.pk] = role


def forget_roles(user: Any) -> None:
    user.__dict__.pop(_CACHE, None)


class TeamPermissionBackend(BaseBackend):
    """Grants a team's role permissions for that team object only (never global permissions)."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        team = team_of(obj)
        if team is None:
            return set()
        role = role_in(user_obj, team)
        return roles.permissions_of(role) if role else set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
