"""Subscription and failed-payment webhooks are told to other modules through core's signals, after commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from quickscale_core import signals
from quickscale_modules.billing.testing import FakeStripe, make_event, make_invoice, make_subscription, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def received() -> Any:
    seen: list[tuple[str, dict[str, Any]]] = []

    def on_changed(sender: Any, **kwargs: Any) -> None:
        seen.append(("subscription_changed", kwargs))

    def on_failed(sender: Any, **kwargs: Any) -> None:
        seen.append(("payment_failed", kwargs))

    signals.subscription_changed.connect(on_changed, dispatch_uid="test_changed")
    signals.payment_failed.connect(on_failed, dispatch_uid="test_failed")
    yield seen
    signals.subscription_changed.disconnect(dispatch_uid="test_changed")
    signals.payment_failed.disconnect(dispatch_uid="test_failed")


def test_webhooks_send_core_signals_for_the_owner(
    client: Client,
    user: Any,
    plans: Any,
    fake_stripe: FakeStripe,
    customer_for: Any,
    received: Any,
) -> None:
    customer_id = customer_for(user)
    subscription = fake_stripe.add(make_subscription("sub_sig", customer_id, plans["pro_month"]))
    failed = fake_stripe.add(make_invoice("in_sig000001", customer_id, "sub_sig", status="open"))
    # post_event runs the commit callbacks itself: the processing task, then the signals it sends.
    assert post_event(client, make_event("customer.subscription.created", subscription)).status_code == 200
    assert post_event(client, make_event("invoice.payment_failed", failed)).status_code == 200
    assert [name for name, _kwargs in received] == ["subscription_changed", "payment_failed"]
    changed, failure = received[0][1], received[1][1]
    assert changed["owner"] == user
    assert changed["status"] == subscription["status"]
    assert changed["plan"]
    assert failure["owner"] == user
    assert failure["url"] == "/billing/"
