from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quickscale_modules.billing import services
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.billing.testing import (
    FakeStripe,
    make_checkout_session,
    make_event,
    make_subscription,
    post_event,
)

pytestmark = pytest.mark.django_db


def test_pricing_to_active_subscription_and_back(
    logged_in_client: Any, user: Any, plans: Any, fake_stripe: FakeStripe
) -> None:
    assert logged_in_client.get(reverse("gated")).status_code == 302

    page = logged_in_client.get(reverse("quickscale_billing:pricing"))
    assert page.status_code == 200
    assert b"price_pro_year" in page.content

    response = logged_in_client.post(reverse("quickscale_billing:checkout"), {"price": "price_pro_month"})
    assert response.status_code == 303
    created = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    assert len(created) == 1
    params = created[0].params
    customer = BillingCustomer.objects.get()
    assert customer.owner == user
    assert params["customer"] == customer.customer_id
    assert params["line_items[0][price]"] == "price_pro_month"
    assert params["line_items[0][quantity]"] == "1"
    assert params["mode"] == "subscription"
    assert params["success_url"] == "http://testserver/billing/?checkout=success"
    assert params["cancel_url"] == "http://testserver/billing/pricing/"
    session_id = response["Location"].rsplit("/", 1)[1]
    assert response["Location"] == f"{fake_stripe.url}/checkout/{session_id}"

    subscription = make_subscription("sub_1", customer.customer_id, plans["pro_month"])
    fake_stripe.add(subscription)
    session = fake_stripe.add(make_checkout_session(session_id, customer.customer_id, "sub_1"))
    assert post_event(logged_in_client, make_event("checkout.session.completed", session)).status_code == 200
    assert post_event(logged_in_client, make_event("customer.subscription.created", subscription)).status_code == 200

    assert services.get_subscription(user).id == "sub_1"
    assert services.has_entitlement(user, "reports")
    assert not services.has_entitlement(user, "unknown")
    assert services.get_limit(user, "projects") == 50
    assert logged_in_client.get(reverse("gated")).status_code == 200
    overview = logged_in_client.get(reverse("quickscale_billing:overview"))
    assert b"Pro" in overview.content
    assert b'<span class="badge badge-success">Active</span>' in overview.content

    canceled = make_subscription("sub_1", customer.customer_id, plans["pro_month"], status="canceled")
    fake_stripe.add(canceled)
    assert post_event(logged_in_client, make_event("customer.subscription.deleted", canceled)).status_code == 200
    assert not services.has_entitlement(user, "reports")
    assert logged_in_client.get(reverse("gated")).status_code == 302
