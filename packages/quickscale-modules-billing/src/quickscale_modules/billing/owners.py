"""The seam between billing and whoever pays: a user or a team.

Billing never imports the teams module. With ``QUICKSCALE_BILLING_OWNER =
"team"`` the owner is ``request.team`` (set by the teams middleware); with
``"user"`` it is ``request.user``. Any model instance can be an owner.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest

from quickscale_modules.billing.app_settings import app_settings

#: Session key remembering the team chosen on the billing pages (``?team=<slug>``).
SESSION_TEAM_KEY = "quickscale_billing_team"


def get_owner(request: HttpRequest) -> Model | None:
    """The billing owner of this request, or None (anonymous, or no team).

    Owner "team": ``request.team`` when a team view set it; otherwise, with the
    teams module installed, the user's team named by ``?team=<slug>`` (then
    remembered in the session), else the remembered one, else the user's first team.
    """
    if not request.user.is_authenticated:
        return None
    if app_settings.OWNER == "team":
        team = getattr(request, "team", None)
        if isinstance(team, Model):
            return team
        return _chosen_team(request)
    user = request.user
    return user if isinstance(user, Model) else None


def user_teams(user: Any) -> list[Model]:
    """The user's teams through the teams module (imported only when installed), by name."""
    if not apps.is_installed("quickscale_modules.teams"):
        return []
    from quickscale_modules.teams.selectors import teams_of_user

    return list(teams_of_user(user).order_by("name", "pk"))


def _chosen_team(request: HttpRequest) -> Model | None:
    teams = user_teams(request.user)
    session = getattr(request, "session", None)  # absent in bare RequestFactory requests
    wanted = request.GET.get("team") or request.POST.get("team")
    remembered = session.get(SESSION_TEAM_KEY) if session is not None else None
    for slug in (wanted, remembered):
        for team in teams:
            if slug and getattr(team, "slug", None) == slug:
                if wanted and session is not None:
                    session[SESSION_TEAM_KEY] = slug
                return team
    return teams[0] if teams else None


def can_manage(request: HttpRequest, owner: Model) -> bool:
    """Whether the request's user may start Checkout or open the Portal for ``owner``.

    A user manages their own billing; a team's billing needs
    ``QUICKSCALE_BILLING_TEAM_MANAGE_PERMISSION`` on the team (owners and admins by default).
    """
    if owner == request.user:
        return True
    return bool(request.user.has_perm(app_settings.TEAM_MANAGE_PERMISSION, owner))


def owner_lookup(owner: Model) -> dict[str, Any]:
    """Filter kwargs of ``BillingCustomer`` rows for ``owner``."""
    return {"owner_type": ContentType.objects.get_for_model(owner), "owner_id": str(owner.pk)}


def owner_label(owner: Model) -> str:
    """``app_label.model:pk``: how an owner is named in Stripe metadata."""
    return f"{owner._meta.label_lower}:{owner.pk}"


def owner_from_label(label: str) -> Model | None:
    """The owner named by :func:`owner_label`, or None when it no longer exists."""
    model_label, _, pk = label.rpartition(":")
    app_label, _, model_name = model_label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        found: Model = content_type.get_object_for_this_type(pk=pk)
    except (ContentType.DoesNotExist, ValueError, Exception):
        return None
    return found


def owner_email(owner: Model) -> str:
    """An email for the Stripe customer: the user's, or a team's ``billing_email``/owner's email."""
    for attr in ("email", "billing_email"):
        value = getattr(owner, attr, "")
        if value:
            return str(value)
    team_owner = getattr(owner, "owner", None) or getattr(owner, "created_by", None)
    return str(getattr(team_owner, "email", "") or "")


def seat_count(owner: Model) -> int:
    """How many seats ``owner`` uses: ``owner.seat_count`` (int or method), else its memberships, else 1."""
    value = getattr(owner, "seat_count", None)
    if callable(value):
        value = value()
    if isinstance(value, int):
        return max(value, 1)
    memberships = getattr(owner, "memberships", None)
    if memberships is not None and hasattr(memberships, "count"):
        return max(int(memberships.count()), 1)
    return 1
