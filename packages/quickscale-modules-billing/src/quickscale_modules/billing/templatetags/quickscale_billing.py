"""Template tags: ``{% load quickscale_billing %}``.

``{% has_entitlement "reports" as can_report %}``, ``{% billing_plan as plan %}``,
``{% get_limit "projects" as max_projects %}``; the owner is the request's. Filters for the pages:
``money``, ``price_amount`` (``$29``), ``status_label`` and ``status_tone`` (a badge's text and colour).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

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


#: Symbols shown before an amount; other currencies show their code after it.
CURRENCY_SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "inr": "₹", "cad": "CA$", "aud": "A$"}

#: Stripe's subscription and invoice statuses as people read them, and the badge tone of each.
STATUS_LABELS = {
    "active": _("Active"),
    "trialing": _("Trial"),
    "past_due": _("Past due"),
    "unpaid": _("Unpaid"),
    "incomplete": _("Incomplete"),
    "incomplete_expired": _("Expired"),
    "paused": _("Paused"),
    "canceled": _("Canceled"),
    "paid": _("Paid"),
    "open": _("Open"),
    "draft": _("Draft"),
    "void": _("Void"),
    "uncollectible": _("Uncollectible"),
}
STATUS_TONES = {
    "active": "success",
    "trialing": "info",
    "paid": "success",
    "past_due": "warning",
    "unpaid": "danger",
    "incomplete": "warning",
    "open": "warning",
    "uncollectible": "danger",
}


@register.filter
def price_amount(amount: int | None, currency: str = "") -> str:
    """A price as a pricing page shows it: ``2900, "usd"`` -> ``$29``, ``950, "eur"`` -> ``€9.50``."""
    if amount is None:
        return "-"
    code = (currency or "").lower()
    from djstripe.settings import djstripe_settings

    value = int(amount) if code in djstripe_settings.ZERO_DECIMAL_CURRENCIES else int(amount) / 100
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{symbol}{number}" if symbol else f"{number} {code.upper()}".strip()


@register.filter
def status_label(status: str | None) -> str:
    """``"past_due"`` -> ``"Past due"`` (translated); unknown statuses are capitalised."""
    key = str(status or "")
    return str(STATUS_LABELS.get(key) or key.replace("_", " ").capitalize())


@register.filter
def status_tone(status: str | None) -> str:
    """The badge class suffix of a status: ``success``, ``warning``, ``danger``, ``info`` or ``neutral``."""
    return STATUS_TONES.get(str(status or ""), "neutral")
