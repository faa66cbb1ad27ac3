"""A project's billing adapter, chosen by ``QUICKSCALE_BILLING_ADAPTER`` only."""

from __future__ import annotations

from typing import Any, ClassVar

from djstripe.models import Product

from quickscale_modules.billing.adapter import BillingAdapter


class ProjectBillingAdapter(BillingAdapter):
    labels: ClassVar[dict[str, str]] = {"api": "API access", "reports": "Monthly reports"}

    def plan_name(self, key: str, product: Product | None) -> str:
        return f"{super().plan_name(key, product)} plan"

    def feature_label(self, feature: str) -> str:
        return self.labels.get(feature, feature)

    def order_plans(self, plans: list[Any]) -> list[Any]:
        return sorted(plans, key=lambda item: item.plan.key)  # alphabetical: "pro" before "team"


class NotAnAdapter:
    pass
