"""The seam between billing and whoever pays: a user or a team.

Billing never imports the teams module. With ``QUICKSCALE_BILLING_OWNER =
"team"`` the owner is ``request.team`` (set by the teams middleware); with
``"user"`` it is ``request.user``. Any model instance can be an owner.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest

from quickscale_modules.billing.app_settings import app_settings


def get_owner(request: HttpRequest) -> Model | None:
    """The billing owner of this request, or None (anonymous, or no current team)."""
    if not request.user.is_authenticated:
        return None
    if app_settings.OWNER == "team":
        team = getattr(request, "team", None)
        return team if isinstance(team, Model) else None
    user = request.user
    return user if isinstance(user, Model) else None


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
