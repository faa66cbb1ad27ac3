from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import stripe
from django.test import Client
from djstripe.models import Subscription

from quickscale_core.signals import user_data_export, user_deleting, user_deletion_blockers
from quickscale_modules.billing import services
from quickscale_modules.billing.demo import seed_stand_in
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.billing.testing import FakeStripe, make_subscription, post_event, sign_payload

pytestmark = pytest.mark.django_db


def test_complete_checkout_gives_the_events_stripe_sends(
    logged_in_client: Client, user: Any, plans: Any, fake_stripe: FakeStripe
) -> None:
    response = logged_in_client.post("/billing/checkout/", {"price": "price_pro_year"})
    session_id = response["Location"].rsplit("/", 1)[1]
    events = fake_stripe.complete_checkout(session_id)
    assert [e["type"] for e in events] == ["checkout.session.completed", "customer.subscription.created"]
    for event in events:
        assert post_event(logged_in_client, event).status_code == 200
    assert services.get_plan(user).key == "pro"
    assert b"Pro" in logged_in_client.get("/billing/").content


def test_hosted_checkout_delivers_signed_webhooks_and_redirects(plans: Any) -> None:
    received: list[tuple[str, str]] = []

    class Receiver(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append((body, self.headers["Stripe-Signature"]))
            self.send_response(200 if len(received) == 1 else 500)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook/"
        with FakeStripe(webhook_url=url, webhook_secret="whsec_e2e") as fake:
            seed_stand_in(fake)
            customer = stripe.Customer.create(api_key="sk_test_x")
            session = stripe.checkout.Session.create(
                api_key="sk_test_x",
                customer=customer.id,
                mode="subscription",
                line_items=[{"price": "price_demo_pro_month", "quantity": 1}],
                success_url="http://shop.test/billing/",
                cancel_url="http://shop.test/pricing/",
            )
            import urllib.error
            import urllib.request

            class NoRedirect(urllib.request.HTTPRedirectHandler):
                def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                    return None

            opener = urllib.request.build_opener(NoRedirect)
            with pytest.raises(urllib.error.HTTPError) as redirect:
                opener.open(session.url)
            redirect.value.close()
            assert redirect.value.code == 303
            assert redirect.value.headers["Location"] == "http://shop.test/billing/"
            assert [t for t, _ in fake.delivered] == ["checkout.session.completed", "customer.subscription.created"]
            assert [s for _, s in fake.delivered] == [200, 500]
            body, header = received[0]
            timestamp = header.split(",")[0].removeprefix("t=")
            assert header == sign_payload(body, "whsec_e2e", int(timestamp))
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(f"{fake.url}/checkout/cs_missing")
            missing.value.close()
            assert missing.value.code == 404
            portal = stripe.billing_portal.Session.create(
                api_key="sk_test_x", customer=customer.id, return_url="http://shop.test/billing/"
            )
            with urllib.request.urlopen(portal.url) as page:
                assert b'<a href="http://shop.test/billing/">Return to shop.test</a>' in page.read()
    finally:
        server.shutdown()
        server.server_close()


def test_fake_answers_unknown_paths_with_stripe_errors(fake_stripe: FakeStripe) -> None:
    with pytest.raises(stripe.InvalidRequestError):
        stripe.Invoice.retrieve("in_missing", api_key="sk_test_x")
    with pytest.raises(stripe.InvalidRequestError):
        stripe.Refund.retrieve("re_1", api_key="sk_test_x")
    with pytest.raises(stripe.InvalidRequestError):
        stripe.Invoice.create(api_key="sk_test_x")
    assert stripe.Subscription.list(api_key="sk_test_x", customer="cus_none").data == []


def test_account_seams(user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any) -> None:
    assert [r for _, r in user_deletion_blockers.send(sender=None, user=user) if r] == []
    customer_id = customer_for(user)
    data = fake_stripe.add(make_subscription("sub_seam", customer_id, plans["pro_month"]))
    Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())
    reasons = [r for _, r in user_deletion_blockers.send(sender=None, user=user) if r]
    assert reasons == [["You have an active subscription: cancel it on the billing page (Manage billing) first."]]
    _, exported = next(r for _, r in user_data_export.send(sender=None, user=user) if r[0] == "billing")
    assert exported["customer_ids"] == [customer_id]
    assert exported["subscription"]["status"] == "active"
    user_deleting.send(sender=None, user=user)
    assert not BillingCustomer.objects.exists()
    _, exported = next(r for _, r in user_data_export.send(sender=None, user=user) if r[0] == "billing")
    assert exported["subscription"] is None


def test_layer_sets_api_host_only_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from quickscale_modules.billing import layer

    monkeypatch.delenv("STRIPE_API_HOST", raising=False)
    assert "STRIPE_API_HOST" not in importlib.reload(layer).LAYER.defaults
    monkeypatch.setenv("STRIPE_API_HOST", "http://127.0.0.1:12111")
    assert importlib.reload(layer).LAYER.defaults["STRIPE_API_HOST"] == "http://127.0.0.1:12111"
    monkeypatch.delenv("STRIPE_API_HOST")
    importlib.reload(layer)
