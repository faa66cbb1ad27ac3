"""DRF permission: an active subscription (optionally a plan or a feature) for the request's owner."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from quickscale_modules.billing.decorators import NEEDS_SUBSCRIPTION, subscription_allows


class HasActiveSubscription(BasePermission):
    """Subclass and set ``plans``/``feature``, or use :meth:`for_feature`."""

    message = NEEDS_SUBSCRIPTION
    plans: tuple[str, ...] = ()
    feature: str | None = None

    def has_permission(self, request: Request, view: Any) -> bool:
        return subscription_allows(request, self.plans, self.feature)

    @classmethod
    def for_feature(cls, feature: str) -> type[HasActiveSubscription]:
        return type(f"HasFeature_{feature}", (cls,), {"feature": feature})
