"""Demo plans: local dj-stripe rows (no Stripe call) for the pricing page, and the same plans at the Stripe stand-in."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quickscale_modules.billing.testing import FakeStripe

DEMO_PLANS: list[dict[str, Any]] = [
    {
        "id": "prod_demo_starter",
        "name": "Starter",
        "metadata": {"plan": "starter", "features": "dashboard"},
        "prices": {"month": 900, "year": 9000},
    },
    {
        "id": "prod_demo_pro",
        "name": "Pro",
        "metadata": {"plan": "pro", "features": "dashboard,reports,api", "limit_projects": "50"},
        "prices": {"month": 2900, "year": 29000},
    },
]


def demo_price_id(product_id: str, interval: str) -> str:
    """``price_demo_pro_month`` for ``prod_demo_pro`` and ``month``: the same id in the database and at the stand-in."""
    return f"price_demo_{product_id.removeprefix('prod_demo_')}_{interval}"


def _product_data(plan: dict[str, Any], now: int) -> dict[str, Any]:
    return {
        "id": plan["id"], "object": "product", "active": True, "created": now, "default_price": None,
        "description": f"{plan['name']} plan (demo data)", "images": [], "livemode": False,
        "marketing_features": [], "metadata": plan["metadata"], "name": plan["name"], "package_dimensions": None,
        "shippable": None, "statement_descriptor": None, "tax_code": None, "type": "service", "unit_label": None,
        "updated": now, "url": None,
    }  # fmt: skip


def _price_data(product_id: str, interval: str, amount: int, now: int) -> dict[str, Any]:
    return {
        "id": demo_price_id(product_id, interval), "object": "price", "active": True,
        "billing_scheme": "per_unit", "created": now, "currency": "usd", "custom_unit_amount": None,
        "livemode": False, "lookup_key": None, "metadata": {}, "nickname": None, "product": product_id,
        "recurring": {"interval": interval, "interval_count": 1, "meter": None, "usage_type": "licensed",
                      "trial_period_days": None},
        "tax_behavior": "unspecified", "tiers_mode": None, "transform_quantity": None, "type": "recurring",
        "unit_amount": amount, "unit_amount_decimal": str(amount),
    }  # fmt: skip


def seed_plans() -> list[str]:
    """Create (or refresh) the demo products and prices; returns summary lines. Idempotent."""
    from djstripe.models import Price, Product  # here: the stand-in seeds DEMO_PLANS without dj-stripe's models

    now = int(time.time())
    for plan in DEMO_PLANS:
        product_data = _product_data(plan, now)
        Product.objects.update_or_create(
            id=plan["id"],
            defaults={"name": plan["name"], "active": True, "livemode": False, "metadata": plan["metadata"],
                      "stripe_data": product_data},
        )  # fmt: skip
        for interval, amount in plan["prices"].items():
            data = _price_data(plan["id"], interval, amount, now)
            Price.objects.update_or_create(
                id=data["id"],
                defaults={"product_id": plan["id"], "active": True, "currency": "usd", "livemode": False,
                          "metadata": {}, "stripe_data": data},
            )  # fmt: skip
    names = ", ".join(plan["name"] for plan in DEMO_PLANS)
    return [
        f"Billing: demo plans {names} (monthly and yearly; Checkout works with the local Stripe stand-in, "
        "manage.py billing_stand_in, or with Stripe prices of these ids)."
    ]


def seed_stand_in(fake: FakeStripe) -> None:
    """Put the demo products and prices at a Stripe stand-in, with the ids :func:`seed_plans` gives them locally,
    so its Checkout sells what the pricing page shows.
    """
    from quickscale_modules.billing.testing import make_price, make_product

    for plan in DEMO_PLANS:
        fake.add(make_product(plan["id"], plan["name"], plan["metadata"]))
        for interval, amount in plan["prices"].items():
            fake.add(make_price(demo_price_id(plan["id"], interval), plan["id"], interval, amount))
