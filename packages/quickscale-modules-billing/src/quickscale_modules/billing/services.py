"""Writes: customers, Checkout, the Customer Portal, plan sync and per-seat quantities.

The read side (``get_subscription``, ``has_entitlement``, ``get_limit``) lives
in :mod:`selectors` and is re-exported here, so projects call one module.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from djstripe.models import Customer, Event, Price, Product, Subscription
from djstripe.settings import djstripe_settings

from quickscale_core.tasks import enqueue_on_commit
from quickscale_modules.billing.adapter import get_adapter
from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.models import BillingCustomer, PendingSeatSync
from quickscale_modules.billing.owners import owner_from_label, owner_label, owner_lookup
from quickscale_modules.billing.selectors import (
    customer_for,
    get_limit,
    get_plan,
    get_subscription,
    has_entitlement,
    is_active,
    offered_price,
    plan_for_product,
    subscription_product_ids,
)

__all__ = [
    "BillingError",
    "ensure_customer",
    "get_limit",
    "get_plan",
    "get_subscription",
    "has_entitlement",
    "link_checkout_session",
    "open_portal",
    "process_pending_seat_syncs",
    "request_seat_sync",
    "revive_given_up_seat_syncs",
    "start_checkout",
    "sync_plans",
]

logger = logging.getLogger(__name__)

OWNER_METADATA_KEY = "quickscale_owner"


class BillingError(Exception):
    """A billing action failed; the message says what happened and what to do, for the user.

    ``code`` names the reason for programs (the API's status and error ``code``): ``unavailable``
    (the payment provider did not answer), ``unknown_price``, ``already_subscribed``, ``no_customer``.
    """

    def __init__(self, message: str, *, code: str = "unavailable") -> None:
        super().__init__(message)
        self.code = code


def _stripe_kwargs() -> dict[str, Any]:
    return {"api_key": djstripe_settings.STRIPE_SECRET_KEY, "stripe_version": djstripe_settings.STRIPE_API_VERSION}


def ensure_customer(owner: Model) -> BillingCustomer:
    """The owner's Stripe customer, created at Stripe (and synced locally) the first time."""
    existing = customer_for(owner)
    if existing is not None:
        return existing
    label = owner_label(owner)
    adapter = get_adapter()
    try:
        params: dict[str, Any] = {
            "name": adapter.owner_name(owner),
            "metadata": {OWNER_METADATA_KEY: label},
            "idempotency_key": f"quickscale-customer-{label}-{'live' if app_settings.live_mode else 'test'}",
        }
        email = adapter.owner_email(owner)
        if email:
            params["email"] = email
        data = stripe.Customer.create(**params, **_stripe_kwargs())
    except stripe.StripeError as exc:
        raise BillingError(_("We could not reach our payment provider; please try again in a minute.")) from exc
    Customer.sync_from_stripe_data(data, api_key=djstripe_settings.STRIPE_SECRET_KEY)
    try:
        with transaction.atomic():
            return BillingCustomer.objects.create(
                **owner_lookup(owner), customer_id=data["id"], livemode=app_settings.live_mode
            )
    except IntegrityError:  # a concurrent request created it first
        return BillingCustomer.objects.get(**owner_lookup(owner), livemode=app_settings.live_mode)


def start_checkout(owner: Model, price_id: str, *, success_url: str, cancel_url: str) -> str:
    """Create a Stripe Checkout Session for a subscription to ``price_id``; returns its URL.

    Only a price the pricing page offers (:func:`selectors.offered_prices`) is sold. Per-seat
    plans start with the owner's seat count; ``QUICKSCALE_BILLING_TRIAL_DAYS`` adds a free trial.
    """
    price = offered_price(price_id)  # what the pricing page offers, nothing else
    if price is None:
        raise BillingError(
            _("This plan is not available any more; please pick one on the pricing page."), code="unknown_price"
        )
    if is_active(get_subscription(owner)):
        raise BillingError(
            _("You already have a subscription; change it from the billing portal."), code="already_subscribed"
        )
    plan = plan_for_product(price.product.id, price.product)
    customer = ensure_customer(owner)
    label = owner_label(owner)
    subscription_data: dict[str, Any] = {"metadata": {OWNER_METADATA_KEY: label}}
    if app_settings.TRIAL_DAYS > 0:
        subscription_data["trial_period_days"] = app_settings.TRIAL_DAYS
    try:
        params: dict[str, Any] = {
            "mode": "subscription",
            "customer": customer.customer_id,
            "client_reference_id": label,
            "line_items": [{"price": price.id, "quantity": get_adapter().seat_count(owner) if plan.per_seat else 1}],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": {OWNER_METADATA_KEY: label},
            "subscription_data": subscription_data,
        }
        session = stripe.checkout.Session.create(**params, **_stripe_kwargs())
    except stripe.StripeError as exc:
        raise BillingError(_("We could not start the checkout; please try again in a minute.")) from exc
    return str(session["url"])


def open_portal(owner: Model, *, return_url: str) -> str:
    """Create a Stripe Customer Portal session (change plan, card, cancel); returns its URL."""
    customer = customer_for(owner)
    if customer is None:
        raise BillingError(_("There is no billing account yet; subscribe to a plan first."), code="no_customer")
    try:
        session = stripe.billing_portal.Session.create(
            customer=customer.customer_id, return_url=return_url, **_stripe_kwargs()
        )
    except stripe.StripeError as exc:
        raise BillingError(_("We could not open the billing portal; please try again in a minute.")) from exc
    return str(session["url"])


def sync_plans() -> dict[str, int]:
    """Copy every product and price from Stripe into dj-stripe's tables; returns the counts."""
    counts = {"products": 0, "prices": 0}
    for model, key in ((Product, "products"), (Price, "prices")):
        for data in model.api_list(api_key=djstripe_settings.STRIPE_SECRET_KEY):
            model.sync_from_stripe_data(data, api_key=djstripe_settings.STRIPE_SECRET_KEY)
            counts[key] += 1
    return counts


def link_checkout_session(event: Event) -> BillingCustomer | None:
    """On ``checkout.session.completed``: tie the session's customer to its owner if not yet tied.

    Covers sessions created outside :func:`start_checkout` (payment links, the
    Stripe CLI) that name the owner in ``client_reference_id`` or metadata.
    An unknown owner is logged and ignored.
    """
    data = event.data.get("object", {})
    customer_id = data.get("customer")
    if not customer_id or BillingCustomer.objects.filter(customer_id=customer_id).exists():
        return None
    label = (data.get("metadata") or {}).get(OWNER_METADATA_KEY) or data.get("client_reference_id") or ""
    owner = owner_from_label(str(label)) if label else None
    if owner is None:
        logger.warning("Checkout session %s: no known owner for customer %s; ignored.", data.get("id"), customer_id)
        return None
    linked, _ = BillingCustomer.objects.get_or_create(
        **owner_lookup(owner), livemode=bool(data.get("livemode")), defaults={"customer_id": customer_id}
    )
    return linked


# Per-seat quantities -------------------------------------------------------


def request_seat_sync(owner: Model, seats: int) -> list[PendingSeatSync]:
    """Record that the owner's per-seat subscription items must have ``seats`` seats, then push after commit.

    The rows survive a failure to reach Stripe; the ``sync_seats`` task (enqueued after the commit)
    sends them and is retried with backoff; ``manage.py billing_sync_seats`` (cron) sends what is left.
    """
    subscription = get_subscription(owner)
    if subscription is None or subscription.status in ("canceled", "incomplete_expired"):
        return []
    product_ids = subscription_product_ids(subscription)
    if not product_ids or not plan_for_product(product_ids[0]).per_seat:
        return []
    rows = []
    for item in (subscription.stripe_data.get("items") or {}).get("data") or []:
        # A new quantity is a new request: its tries start again.
        row, _ = PendingSeatSync.objects.update_or_create(
            subscription_item_id=item["id"], defaults={"quantity": max(int(seats), 1), "attempts": 0}
        )
        rows.append(row)
    from quickscale_modules.billing.tasks import sync_seats

    enqueue_on_commit(sync_seats)
    return rows


def process_pending_seat_syncs() -> tuple[int, int]:
    """Send every pending quantity to Stripe; returns (sent, failed). Failed rows stay for the next run.

    A row Stripe refused ``QUICKSCALE_BILLING_SEAT_SYNC_MAX_ATTEMPTS`` times is given up: an error is
    logged and it is skipped (it stays in the admin with its last error; ``billing_sync_seats
    --retry-given-up`` tries it again). It is not counted in ``failed``.
    """
    sent = failed = 0
    limit = app_settings.SEAT_SYNC_MAX_ATTEMPTS
    for row in PendingSeatSync.objects.filter(attempts__lt=limit).order_by("created"):
        try:
            data = stripe.SubscriptionItem.modify(
                row.subscription_item_id,
                quantity=row.quantity,
                proration_behavior="create_prorations",
                **_stripe_kwargs(),
            )
        except stripe.StripeError as exc:
            row.attempts += 1
            row.last_error = str(exc)[:2000]
            row.save(update_fields=["attempts", "last_error", "updated"])
            if row.attempts >= limit:
                logger.error(
                    "Seat sync of %s to %s seats given up after %s attempts: %s",
                    row.subscription_item_id,
                    row.quantity,
                    row.attempts,
                    exc,
                )
                continue
            logger.warning("Seat sync of %s failed (attempt %s): %s", row.subscription_item_id, row.attempts, exc)
            failed += 1
            continue
        # Delete only if nobody asked for another quantity meanwhile.
        PendingSeatSync.objects.filter(pk=row.pk, quantity=row.quantity).delete()
        _refresh_subscription(str(getattr(data, "subscription", "") or ""))
        sent += 1
    return sent, failed


def revive_given_up_seat_syncs() -> int:
    """Give the seat quantities that were given up a new set of tries; returns how many."""
    return PendingSeatSync.objects.filter(attempts__gte=app_settings.SEAT_SYNC_MAX_ATTEMPTS).update(attempts=0)


def _refresh_subscription(subscription_id: str) -> None:
    if not subscription_id:
        return
    try:
        data = Subscription(id=subscription_id).api_retrieve(api_key=djstripe_settings.STRIPE_SECRET_KEY)
        Subscription.sync_from_stripe_data(data, api_key=djstripe_settings.STRIPE_SECRET_KEY)
    except stripe.StripeError:
        logger.warning("Could not refresh subscription %s; the next webhook will.", subscription_id)


def on_team_members_changed(sender: Any, team: Model, seats: int, **kwargs: Any) -> None:
    """Receiver of ``quickscale_core.signals.team_members_changed``."""
    if app_settings.OWNER != "team":
        return
    request_seat_sync(team, seats)
