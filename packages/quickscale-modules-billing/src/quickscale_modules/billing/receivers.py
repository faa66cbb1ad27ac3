"""Receivers of core's account seams: deletion blockers, deletion and data export (owner "user")."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from quickscale_modules.billing import selectors
from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.billing.owners import owner_lookup


def block_deletion_with_active_subscription(sender: Any, user: Model, **kwargs: Any) -> list[str]:
    if app_settings.OWNER != "user" or not selectors.is_active(selectors.get_subscription(user)):
        return []
    return ["You have an active subscription: cancel it on the billing page (Manage billing) first."]


def forget_user(sender: Any, user: Model, **kwargs: Any) -> None:
    """Drop the link from the user to its Stripe customer (Stripe keeps its own records for accounting)."""
    BillingCustomer.objects.filter(**owner_lookup(user)).delete()


def export_user_billing(sender: Any, user: Model, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    subscription = selectors.get_subscription(user)
    end = selectors.period_end(subscription) if subscription else None
    return (
        "billing",
        {
            "customer_ids": list(
                BillingCustomer.objects.filter(**owner_lookup(user)).values_list("customer_id", flat=True)
            ),
            "subscription": {
                "id": subscription.id,
                "status": subscription.status,
                "current_period_end": end.isoformat() if end else None,
            }
            if subscription
            else None,
            "invoices": [
                {"id": invoice.id, "number": invoice.number, "total": invoice.total, "status": invoice.status}
                for invoice in selectors.invoices_for(user)
            ],
        },
    )
