"""Template tags: ``{% load quickscale_billing %}``.

``{% has_entitlement "reports" as can_report %}``, ``{% billing_plan as plan %}``,
``{% get_limit "projects" as max_projects %}``; the owner is the request's.
"""

from __future__ import annotations

from typing import Any

from django import template

from quickscale_modules.billing import selectors
from quickscale_modules.billing.owners import get_owner

register = template.Library()


def _owner(context: template.Context) -> Any:
    request = context.get("request")
    return get_owner(request) if request is not None else None


@register.simple_tag(takes_context=True)
def has_entitlement(context: template.Context, feature: str) -> bool:
    return selectors.has_entitlement(_owner(context), feature)


@register.simple_tag(takes_context=True)
def get_limit(context: template.Context, name: str) -> int | None:
    return selectors.get_limit(_owner(context), name)


@register.filter
def money(amount: int | None, currency: str = "") -> str:
    """Stripe's smallest-unit amount as money: ``{{ invoice.total|money:invoice.currency }}`` -> ``29.00 USD``."""
    if amount is None:
        return "-"
    code = (currency or "").lower()
    from djstripe.settings import djstripe_settings

    value = f"{int(amount):d}" if code in djstripe_settings.ZERO_DECIMAL_CURRENCIES else f"{int(amount) / 100:.2f}"
    return f"{value} {code.upper()}".strip()


@register.simple_tag(takes_context=True)
def billing_plan(context: template.Context) -> selectors.Plan | None:
    return selectors.get_plan(_owner(context))
