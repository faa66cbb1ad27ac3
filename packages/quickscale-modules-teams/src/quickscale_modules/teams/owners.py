"""The teams module's ``quickscale_core.owners.OwnerProvider``: teams as billing owners.

The teams layer sets ``QUICKSCALE_OWNER_PROVIDER`` to :class:`TeamOwnerProvider`, so a module
that bills teams (quickscale-modules-billing) finds them through core without importing teams.
Who may manage a team's billing is the teams adapter's decision (``can_manage_billing``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.http import HttpRequest

from quickscale_core.owners import OwnerProvider
from quickscale_modules.teams import selectors
from quickscale_modules.teams.adapter import get_adapter
from quickscale_modules.teams.app_settings import OWNER_ROLE
from quickscale_modules.teams.context import current_team
from quickscale_modules.teams.models import Membership, Team


class TeamOwnerProvider:
    """Teams the user is a member of, named by their slug."""

    def owners_of(self, user: Any) -> Sequence[Team]:
        if not getattr(user, "is_authenticated", False):
            return []
        return list(selectors.teams_of_user(user).order_by("name", "pk"))

    def owner_by_key(self, user: Any, key: str) -> Team | None:
        membership = selectors.membership_for(user=user, slug=key) if key else None
        return membership.team if membership is not None else None

    def owner_key(self, owner: Model) -> str:
        return owner.slug if isinstance(owner, Team) else ""

    def display_name(self, owner: Model) -> str:
        return owner.name if isinstance(owner, Team) else str(owner)

    def can_manage_billing(self, user: Any, owner: Model) -> bool:
        return isinstance(owner, Team) and get_adapter().can_manage_billing(user, owner)

    def request_owner(self, request: HttpRequest) -> Team | None:
        return current_team(request)

    def seat_count(self, owner: Model) -> int:
        return max(Membership.objects.filter(team_id=owner.pk).count(), 1) if isinstance(owner, Team) else 1

    def contact_email(self, owner: Model) -> str:
        """The address of the team's first owner (by join date)."""
        if not isinstance(owner, Team):
            return ""
        first = Membership.objects.filter(team=owner, role=OWNER_ROLE).select_related("user").first()
        return selectors.user_email(first.user) if first is not None else ""


if TYPE_CHECKING:  # mypy proves the provider fits core's protocol, signatures included
    _fits: OwnerProvider = TeamOwnerProvider()
