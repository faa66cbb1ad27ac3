"""Reads: the owner's subscription, plans and entitlements (HackSoft-style selectors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model
from django.utils import timezone
from djstripe.models import Invoice, Price, Product, Subscription

from quickscale_core.prepared import PreparedQuery
from quickscale_modules.billing.adapter import get_adapter
from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.billing.owners import owner_lookup

#: Statuses that give entitlements; ``past_due`` does during the grace period.
ACTIVE_STATUSES = ("active", "trialing")
_STATUS_ORDER = ("active", "trialing", "past_due", "unpaid", "incomplete", "paused", "incomplete_expired", "canceled")


@dataclass(frozen=True)
class Plan:
    """A plan: a Stripe product with its entitlements."""

    key: str
    name: str
    product_id: str
    features: frozenset[str] = frozenset()
    limits: dict[str, int] = field(default_factory=dict)
    per_seat: bool = False


_T = TypeVar("_T")
#: Where an owner instance keeps what these selectors read for it (see :func:`_memoised`).
_MEMO_ATTRIBUTE = "_quickscale_billing_memo"
#: Bumped whenever a customer or subscription row of this process changes (:func:`forget_billing_reads`).
_generation = [0]


def forget_billing_reads(*args: Any, **kwargs: Any) -> None:
    """Make every memoised read stale (a ``post_save``/``post_delete`` receiver, and for services)."""
    _generation[0] += 1


def _memoised(owner: Model, key: str, compute: Callable[[], _T]) -> _T:
    """``compute()`` once per owner instance, so one request (one ``request.user``/``request.team``) reads once.

    The pages, templates tags and entitlement checks of one request ask about the same owner several
    times; a write in this process (a ``BillingCustomer`` or ``Subscription`` saved or deleted) or a
    change of live/test mode makes the remembered value stale.
    """
    memo: dict[str, tuple[tuple[int, bool], Any]] = owner.__dict__.setdefault(_MEMO_ATTRIBUTE, {})
    stamp = (_generation[0], app_settings.live_mode)
    found = memo.get(key)
    if found is not None and found[0] == stamp:
        value: _T = found[1]
        return value
    computed = compute()
    memo[key] = (stamp, computed)
    return computed


def customer_for(owner: Model) -> BillingCustomer | None:
    """The owner's ``BillingCustomer`` in the current mode, or None (read once per owner instance)."""
    return _memoised(owner, "customer", lambda: _first(_customers[app_settings.live_mode](*_owner_key(owner))))


def _owner_key(owner: Model) -> tuple[int, str]:
    lookup = owner_lookup(owner)
    return lookup["owner_type"].pk, lookup["owner_id"]


def _first(rows: list[_T]) -> _T | None:
    return rows[0] if rows else None


#: The billing page's customer read, its SQL built once per mode (quickscale_core.prepared); one row at most.
_customers = {
    live: PreparedQuery(
        lambda type_id, owner_id, live=live: BillingCustomer.objects.filter(
            owner_type_id=type_id, owner_id=owner_id, livemode=live
        ).order_by("pk")[:1]
    )
    for live in (False, True)
}


def get_subscription(owner: Model | None) -> Subscription | None:
    """The owner's current subscription (the most relevant one when several exist), or None."""
    if owner is None:
        return None
    return _memoised(owner, "subscription", lambda: _current_subscription(owner))


def _current_subscription(owner: Model) -> Subscription | None:
    customer = customer_for(owner)
    if customer is None:
        return None
    subscriptions = list(Subscription.objects.filter(customer_id=customer.customer_id).order_by("-created"))
    if not subscriptions:
        return None

    def rank(subscription: Subscription) -> int:
        status = subscription.status
        return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)

    return min(subscriptions, key=rank)


def period_end(subscription: Subscription) -> dt.datetime | None:
    """When the current period ends (renewal date): on the subscription, or on its items (newer API versions)."""
    data = subscription.stripe_data
    stamp = data.get("current_period_end")
    if not stamp:
        items = (data.get("items") or {}).get("data") or []
        stamp = max((item.get("current_period_end") or 0 for item in items), default=0)
    return dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC) if stamp else None


def is_active(subscription: Subscription | None, now: dt.datetime | None = None) -> bool:
    """Whether the subscription gives entitlements now.

    ``active``/``trialing``: yes. ``past_due``: until the period end plus
    ``QUICKSCALE_BILLING_GRACE_DAYS``. Anything else (``canceled``, ``unpaid``,
    ``incomplete``, ``paused``): no.
    """
    if subscription is None:
        return False
    status = subscription.status
    if status in ACTIVE_STATUSES:
        return True
    if status == "past_due":
        end = period_end(subscription)
        if end is None:
            return False
        return (now or timezone.now()) <= end + dt.timedelta(days=app_settings.GRACE_DAYS)
    return False


def subscription_product_ids(subscription: Subscription) -> list[str]:
    items = (subscription.stripe_data.get("items") or {}).get("data") or []
    ids = []
    for item in items:
        product = (item.get("price") or {}).get("product")
        if isinstance(product, dict):
            product = product.get("id")
        if product:
            ids.append(str(product))
    return ids


def plan_for_product(product_id: str, product: Product | None = None) -> Plan:
    """The plan of a product: settings (``QUICKSCALE_BILLING_PLANS``) win over the product's metadata.

    Metadata keys: ``plan`` (plan key), ``features`` (comma separated),
    ``limit_<name>`` (integers), ``per_seat`` ("true").
    """
    if product is None:
        product = Product.objects.filter(id=product_id).first()
    metadata: dict[str, Any] = dict((product.metadata if product else None) or {})
    key = str(metadata.get("plan") or product_id)
    features = {f.strip() for f in str(metadata.get("features", "")).split(",") if f.strip()}
    limits = {}
    for meta_key, value in metadata.items():
        if meta_key.startswith("limit_"):
            try:
                limits[meta_key.removeprefix("limit_")] = int(value)
            except (TypeError, ValueError):
                continue
    per_seat = str(metadata.get("per_seat", "")).lower() in ("1", "true", "yes")
    configured = app_settings.PLANS.get(key, {})
    if configured:
        features = set(configured.get("features", features))
        limits = {**limits, **dict(configured.get("limits", {}))}
        per_seat = bool(configured.get("per_seat", per_seat))
    return Plan(
        key=key,
        name=get_adapter().plan_name(key, product),
        product_id=product_id,
        features=frozenset(features),
        limits=limits,
        per_seat=per_seat,
    )


def get_plan(owner: Model | None) -> Plan | None:
    """The plan the owner is entitled to now (None without an active subscription)."""
    subscription = get_subscription(owner)
    if not is_active(subscription):
        return None
    assert subscription is not None
    product_ids = subscription_product_ids(subscription)
    return plan_for_product(product_ids[0]) if product_ids else None


def has_entitlement(owner: Model | None, feature: str) -> bool:
    """Whether the owner's active plan includes ``feature``."""
    plan = get_plan(owner)
    return plan is not None and feature in plan.features


def get_limit(owner: Model | None, name: str, default: int | None = None) -> int | None:
    """The owner's limit ``name`` on its active plan, else ``default``."""
    plan = get_plan(owner)
    if plan is None:
        return default
    return plan.limits.get(name, default)


def has_plan(owner: Model | None, plans: tuple[str, ...] = ()) -> bool:
    """Whether the owner has an active subscription (to one of ``plans`` keys when given)."""
    plan = get_plan(owner)
    return plan is not None and (not plans or plan.key in plans)


@dataclass(frozen=True)
class PricedPlan:
    plan: Plan
    product: Product
    prices: dict[str, Price]  # interval ("month", "year") -> price

    @property
    def feature_labels(self) -> list[str]:
        """The plan's features as the pricing page lists them (the adapter's labels, sorted by key)."""
        adapter = get_adapter()
        return [adapter.feature_label(feature) for feature in sorted(self.plan.features)]


def offered_prices() -> list[Price]:
    """The prices the pricing page offers, and so the only ones Checkout sells.

    Of each active product, the first active recurring price (oldest row) per interval;
    products by name. :func:`list_plans` groups them, ``start_checkout`` refuses any other.
    """
    offered: list[Price] = []
    seen: set[tuple[str, str]] = set()
    prices = (
        Price.objects.filter(active=True, product__active=True)
        .select_related("product")
        .order_by("product__name", "product__id", "djstripe_id")
    )
    for price in prices:
        interval = (price.recurring or {}).get("interval")
        if interval and (price.product.id, str(interval)) not in seen:
            seen.add((price.product.id, str(interval)))
            offered.append(price)
    return offered


def offered_price(price_id: str) -> Price | None:
    """The offered price with this Stripe id, or None when the pricing page does not offer it."""
    return next((price for price in offered_prices() if price.id == price_id), None)


def list_plans() -> list[PricedPlan]:
    """The pricing page: the offered prices grouped by product and interval, in the adapter's order.

    The default order is cheapest first (``BillingAdapter.order_plans``).
    """
    grouped: dict[str, PricedPlan] = {}
    for price in offered_prices():
        product = price.product
        if product.id not in grouped:
            grouped[product.id] = PricedPlan(plan=plan_for_product(product.id, product), product=product, prices={})
        grouped[product.id].prices[str(price.recurring["interval"])] = price
    return get_adapter().order_plans(list(grouped.values()))


def invoices_for(owner: Model | None, limit: int = 24) -> list[Invoice]:
    if owner is None:
        return []
    customer = customer_for(owner)
    if customer is None:
        return []
    return list(Invoice.objects.filter(customer_id=customer.customer_id).order_by("-created")[:limit])
