"""``SubscriptionRequiredMixin``: the class-based view form of ``subscription_required``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase

from quickscale_modules.billing.decorators import denied_response, subscription_allows


class SubscriptionRequiredMixin:
    """Set ``subscription_plans = ("pro",)`` and/or ``subscription_feature = "reports"`` to narrow it."""

    subscription_plans: tuple[str, ...] = ()
    subscription_feature: str | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not subscription_allows(request, self.subscription_plans, self.subscription_feature):
            return denied_response(request)
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response
