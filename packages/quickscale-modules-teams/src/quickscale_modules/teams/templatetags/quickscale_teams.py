"""``{% load quickscale_teams %}``: ``{% team_switcher %}`` and ``{% team_has_perm team "perm" as can %}``."""

from __future__ import annotations

from typing import Any

from django import template

from quickscale_modules.teams import roles, selectors
from quickscale_modules.teams.context import current_team

register = template.Library()


@register.inclusion_tag("quickscale_teams/includes/team_switcher.html", takes_context=True)
def team_switcher(context: template.Context) -> dict[str, Any]:
    """The user's teams as links (one query), the current one (``request.team``) marked."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    memberships = selectors.memberships_of_user_list(user) if getattr(user, "is_authenticated", False) else []
    return {"memberships": memberships, "current_team": current_team(request) if request is not None else None}


@register.simple_tag(takes_context=True)
def team_has_perm(context: template.Context, team: Any, permission: str) -> bool:
    """Whether the current user's role in ``team`` grants ``permission`` (short or ``app.codename``)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or team is None:
        return False
    return bool(user.has_perm(roles.full_permission(permission), team))
