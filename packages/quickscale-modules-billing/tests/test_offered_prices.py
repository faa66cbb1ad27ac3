"""Checkout sells exactly what the pricing page offers (issue 13.1), through the page and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from djstripe.models import Price, Product

from quickscale_modules.billing import selectors
from quickscale_modules.billing.testing import FakeStripe, make_price, make_product

pytestmark = pytest.mark.django_db

REFUSED = "This plan is not available any more; please pick one on the pricing page."
OFFERED = {"price_pro_month", "price_pro_year", "price_team_month"}


@pytest.fixture
def not_offered(plans: Any, fake_stripe: FakeStripe) -> dict[str, str]:
    """Prices the pricing page does not list, though Stripe would still sell each of them."""
    archived = fake_stripe.add({**make_product("prod_legacy", "Legacy", {"plan": "legacy"}), "active": False})
    Product.sync_from_stripe_data(archived)
    prices = {
        "archived product": make_price("price_legacy_month", "prod_legacy", "month", 1900),
        # The team plan has no yearly price on offer; this one would be listed if it were active.
        "inactive price": {**make_price("price_team_year", "prod_team", "year", 9000), "active": False},
        "second monthly price": make_price("price_pro_month_2", "prod_pro", "month", 3900),
    }
    for price in prices.values():
        Price.sync_from_stripe_data(fake_stripe.add(price))
    return {case: price["id"] for case, price in prices.items()}


CASES = ["archived product", "inactive price", "second monthly price"]


@pytest.mark.parametrize("case", CASES)
def test_checkout_page_refuses_a_price_the_pricing_page_does_not_offer(
    logged_in_client: Client, not_offered: dict[str, str], fake_stripe: FakeStripe, case: str
) -> None:
    price_id = not_offered[case]
    pricing = reverse("quickscale_billing:pricing")
    assert price_id.encode() not in logged_in_client.get(pricing).content

    response = logged_in_client.post(reverse("quickscale_billing:checkout"), {"price": price_id})
    assert response.status_code == 302
    assert response["Location"] == pricing
    assert REFUSED.encode() in logged_in_client.get(pricing).content
    assert not fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    assert not fake_stripe.requests_to("POST", "/v1/customers")


@pytest.mark.parametrize("case", CASES)
def test_checkout_api_refuses_a_price_the_pricing_page_does_not_offer(
    logged_in_client: Client, not_offered: dict[str, str], fake_stripe: FakeStripe, case: str
) -> None:
    price_id = not_offered[case]
    listed = {price["id"] for plan in logged_in_client.get("/api/billing/plans/").json() for price in plan["prices"]}
    assert price_id not in listed

    response = logged_in_client.post(
        "/api/billing/checkout-session/", {"price": price_id}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": REFUSED, "code": "unknown_price", "errors": {}}
    assert not fake_stripe.requests_to("POST", "/v1/checkout/sessions")


def test_checkout_sells_exactly_the_prices_the_pricing_page_lists(
    logged_in_client: Client, not_offered: dict[str, str], fake_stripe: FakeStripe
) -> None:
    listed = {price.id for plan in selectors.list_plans() for price in plan.prices.values()}
    assert listed == OFFERED
    page = logged_in_client.get(reverse("quickscale_billing:pricing")).content
    for price in Price.objects.all():
        assert (price.id.encode() in page) is (price.id in listed), price.id
        response = logged_in_client.post(
            "/api/billing/checkout-session/", {"price": price.id}, content_type="application/json"
        )
        assert response.status_code == (201 if price.id in listed else 404), price.id
    sold = {request.params["line_items[0][price]"] for request in fake_stripe.requests_to("POST", "/v1/checkout/")}
    assert sold == OFFERED
    assert {price.id for price in selectors.offered_prices()} == OFFERED
