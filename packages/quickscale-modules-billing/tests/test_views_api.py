from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from djstripe.models import Subscription

from quickscale_modules.billing.testing import FakeStripe, make_subscription

pytestmark = pytest.mark.django_db


def subscribe(user: Any, fake: FakeStripe, customer_for: Any, price: dict[str, Any]) -> str:
    customer_id = customer_for(user)
    data = fake.add(make_subscription("sub_view", customer_id, price))
    Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())
    return customer_id


def test_pricing_without_plans_and_overview_without_subscription(
    logged_in_client: Client, fake_stripe: FakeStripe
) -> None:
    assert b"No plans are available" in logged_in_client.get("/billing/pricing/").content
    page = logged_in_client.get("/billing/")
    assert b"You have no subscription" in page.content
    assert b"Manage billing" not in page.content


def test_checkout_errors_come_back_as_messages(
    logged_in_client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    response = logged_in_client.post("/billing/checkout/", {"price": "price_nope"}, follow=True)
    assert b"not available any more" in response.content
    fake_stripe.failing.add("/v1/checkout/sessions")
    response = logged_in_client.post("/billing/checkout/", {"price": "price_pro_month"}, follow=True)
    assert b"could not start the checkout" in response.content
    fake_stripe.failing = {"/v1/customers"}
    from quickscale_modules.billing.models import BillingCustomer

    BillingCustomer.objects.all().delete()
    response = logged_in_client.post("/billing/checkout/", {"price": "price_pro_month"}, follow=True)
    assert b"could not reach our payment provider" in response.content
    fake_stripe.failing.clear()
    subscribe(user, fake_stripe, customer_for, plans["pro_month"])
    response = logged_in_client.post("/billing/checkout/", {"price": "price_pro_month"}, follow=True)
    assert b"already have a subscription" in response.content
    assert logged_in_client.get("/billing/checkout/").status_code == 405


def test_portal_redirects_to_stripe(
    logged_in_client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    response = logged_in_client.post("/billing/portal/", follow=True)
    assert b"no billing account yet" in response.content
    customer_id = subscribe(user, fake_stripe, customer_for, plans["pro_month"])
    page = logged_in_client.get("/billing/")
    assert b"Manage billing" in page.content
    assert b"Renews" in page.content
    response = logged_in_client.post("/billing/portal/")
    assert response.status_code == 303
    assert response["Location"].startswith(f"{fake_stripe.url}/portal/bps_")
    params = fake_stripe.requests_to("POST", "/v1/billing_portal/sessions")[-1].params
    assert params == {"customer": customer_id, "return_url": "http://testserver/billing/"}
    fake_stripe.failing.add("/v1/billing_portal")
    response = logged_in_client.post("/billing/portal/", follow=True)
    assert b"could not open the billing portal" in response.content


def test_team_owner_without_team(logged_in_client: Client, settings: Any, plans: Any) -> None:
    settings.QUICKSCALE_BILLING_OWNER = "team"
    for url in ("/billing/checkout/", "/billing/portal/"):
        response = logged_in_client.post(url, {"price": "price_pro_month"}, follow=True)
        assert b"create or join a team first" in response.content
    assert logged_in_client.get("/api/billing/subscription/").status_code == 403


def test_trial_days_go_to_checkout(
    logged_in_client: Client, settings: Any, plans: Any, fake_stripe: FakeStripe
) -> None:
    settings.QUICKSCALE_BILLING_TRIAL_DAYS = 14
    logged_in_client.post("/billing/checkout/", {"price": "price_pro_year"})
    params = fake_stripe.requests_to("POST", "/v1/checkout/sessions")[-1].params
    assert params["subscription_data[trial_period_days]"] == "14"
    assert params["line_items[0][price]"] == "price_pro_year"


def test_api(logged_in_client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any) -> None:
    body = logged_in_client.get("/api/billing/subscription/").json()
    assert body["active"] is False
    assert body["plan"] is None
    plans_body = logged_in_client.get("/api/billing/plans/").json()
    assert [p["key"] for p in plans_body] == ["team", "pro"]
    assert {p["interval"] for p in plans_body[1]["prices"]} == {"month", "year"}

    assert logged_in_client.post("/api/billing/portal-session/").status_code == 409  # no_customer
    assert (
        logged_in_client.post(
            "/api/billing/checkout-session/", {"price": "price_x"}, content_type="application/json"
        ).status_code
        == 404
    )  # unknown_price
    assert (
        logged_in_client.post("/api/billing/checkout-session/", {}, content_type="application/json").status_code == 400
    )
    response = logged_in_client.post(
        "/api/billing/checkout-session/", {"price": "price_pro_month"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["url"].startswith(f"{fake_stripe.url}/checkout/")

    Subscription.objects.all().delete()
    from quickscale_modules.billing.models import BillingCustomer

    BillingCustomer.objects.all().delete()
    subscribe(user, fake_stripe, customer_for, plans["pro_month"])
    body = logged_in_client.get("/api/billing/subscription/").json()
    assert body["active"] is True
    assert body["plan"] == "pro"
    assert body["features"] == ["api", "reports"]
    assert body["limits"] == {"projects": 50}
    response = logged_in_client.post("/api/billing/portal-session/")
    assert response.status_code == 201
    assert "/portal/" in response.json()["url"]


def test_api_needs_login_and_permission_class(
    client: Client, rf: Any, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    from rest_framework.request import Request

    from quickscale_modules.billing.permissions import HasActiveSubscription

    assert client.get("/api/billing/plans/").status_code == 403
    request = Request(rf.get("/"))
    request.user = user
    permission = HasActiveSubscription.for_feature("api")()
    assert not permission.has_permission(request, None)
    subscribe(user, fake_stripe, customer_for, plans["pro_month"])
    assert permission.has_permission(request, None)
    assert not HasActiveSubscription.for_feature("sso")().has_permission(request, None)


def test_openapi_schema_lists_billing_endpoints(logged_in_client: Client) -> None:
    schema = logged_in_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("subscription", "plans", "checkout-session", "portal-session"):
        assert f"/api/billing/{path}/" in schema["paths"]


@pytest.mark.django_db
def test_the_api_documents_every_status_in_the_error_shape(logged_in_client: Client) -> None:
    paths = logged_in_client.get("/api/schema/?format=json").json()["paths"]
    statuses = {
        f"{method.upper()} {path}": set(op["responses"])
        for path, item in paths.items()
        if path.startswith("/api/billing/")
        for method, op in item.items()
    }
    assert statuses == {
        "GET /api/billing/subscription/": {"200", "403"},
        "GET /api/billing/plans/": {"200", "403"},
        # 404 a price no plan offers, 409 already subscribed, 503 the payment provider did not answer
        "POST /api/billing/checkout-session/": {"201", "400", "403", "404", "409", "415", "503"},
        "POST /api/billing/portal-session/": {"201", "403", "409", "503"},  # 409: no billing account yet
    }
    for path in ("/api/billing/subscription/", "/api/billing/plans/", "/api/billing/checkout-session/"):
        assert logged_in_client.options(path).status_code == 200
    response = logged_in_client.post("/api/billing/checkout-session/", {"price": 5}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"price": ["Not a valid string."]}
