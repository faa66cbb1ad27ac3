"""A project's own tenant model as billing owner: an ``OwnerProvider`` written without the teams module.

It implements core's protocol by hand (no base class), as a project replacing teams would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.http import HttpRequest

from tests.testapp.models import Team


class TenantOwnerProvider:
    """Tenants (``testapp.Team``) owned by one user each, keyed by their id; seats set by hand."""

    def owners_of(self, user: Any) -> Sequence[Team]:
        if not getattr(user, "is_authenticated", False):
            return []
        return list(Team.objects.filter(owner=user).order_by("name", "pk"))

    def owner_by_key(self, user: Any, key: str) -> Team | None:
        if not key.isdigit() or not getattr(user, "is_authenticated", False):
            return None
        return Team.objects.filter(owner=user, pk=int(key)).first()

    def owner_key(self, owner: Model) -> str:
        return str(owner.pk)

    def display_name(self, owner: Model) -> str:
        return f"Tenant {owner}"

    def can_manage_billing(self, user: Any, owner: Model) -> bool:
        return isinstance(owner, Team) and owner.owner_id == getattr(user, "pk", None)

    def request_owner(self, request: HttpRequest) -> Team | None:
        """A project's middleware would set ``request.tenant`` (here: the tests do)."""
        tenant = getattr(request, "tenant", None)
        return tenant if isinstance(tenant, Team) else None

    def seat_count(self, owner: Model) -> int:
        return owner.seats if isinstance(owner, Team) else 1

    def contact_email(self, owner: Model) -> str:
        return str(owner.owner.email) if isinstance(owner, Team) else ""


class NotAProvider:
    """Lacks most of the protocol: the ``quickscale_core.E004`` check names what is missing."""

    def owners_of(self, user: Any) -> Sequence[Model]:
        return []
