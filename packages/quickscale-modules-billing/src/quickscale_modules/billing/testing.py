"""Offline Stripe for tests and benchmarks: a local fake of Stripe's HTTP API and signed webhooks.

Nothing here talks to Stripe. :class:`FakeStripe` is a small threaded HTTP
server on 127.0.0.1 that answers with Stripe's own example objects (Stripe's
``fixtures3.json``, a copy ships in ``testing_data/``; set
``QUICKSCALE_BILLING_STRIPE_FIXTURES`` to use another file) with ids, links and
timestamps adjusted, and records every request it receives::

    with FakeStripe() as fake:           # points stripe.api_base at the fake
        customer = fake.add(make_customer("cus_1"))
        ...
        fake.requests_to("POST", "/v1/checkout/sessions")[-1].params["line_items[0][price]"]

:func:`post_event` posts an event to the webhook URL signed with Stripe's
``t=...,v1=HMAC-SHA256`` scheme. To run the fake as a process beside a development
server (the demo), see ``manage.py billing_stand_in``.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import html
import itertools
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FIXTURES_ENV = "QUICKSCALE_BILLING_STRIPE_FIXTURES"
BUNDLED_FIXTURES = Path(__file__).parent / "testing_data" / "stripe_fixtures.json"

_counter = itertools.count(1)

#: URL paths (after ``/v1/``) -> Stripe ``object`` names.
RESOURCES = {
    "customers": "customer",
    "products": "product",
    "prices": "price",
    "subscriptions": "subscription",
    "subscription_items": "subscription_item",
    "invoices": "invoice",
    "checkout/sessions": "checkout.session",
    "billing_portal/sessions": "billing_portal.session",
    "events": "event",
}


def _load_resources() -> dict[str, Any]:
    path = Path(os.environ.get(FIXTURES_ENV) or BUNDLED_FIXTURES)
    resources: dict[str, Any] = json.loads(path.read_text())["resources"]
    return resources


_RESOURCES: dict[str, Any] | None = None


def stripe_object(kind: str, **changes: Any) -> dict[str, Any]:
    """A deep copy of Stripe's example ``kind`` object (e.g. "subscription") with ``changes`` applied."""
    global _RESOURCES
    if _RESOURCES is None:
        _RESOURCES = _load_resources()
    obj: dict[str, Any] = copy.deepcopy(_RESOURCES[kind])
    obj.update(changes)
    return obj


def new_id(prefix: str) -> str:
    """A fresh Stripe-like id; the random part keeps ids unique across runs on a kept database."""
    return f"{prefix}_fake{next(_counter):06d}{secrets.token_hex(4)}"


def make_customer(customer_id: str | None = None, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    customer = stripe_object("customer", id=customer_id or new_id("cus"), created=now)
    customer["discount"] = None  # the example's discount links objects the fake does not hold
    customer["invoice_settings"]["default_payment_method"] = None
    customer.update(changes)
    return customer


def make_product(product_id: str, name: str, metadata: dict[str, str] | None = None) -> dict[str, Any]:
    return stripe_object(
        "product", id=product_id, name=name, metadata=metadata or {}, default_price=None, created=int(time.time())
    )


def make_price(price_id: str, product_id: str, interval: str = "month", unit_amount: int = 2000) -> dict[str, Any]:
    price = stripe_object(
        "price",
        id=price_id,
        product=product_id,
        unit_amount=unit_amount,
        unit_amount_decimal=str(unit_amount),
        created=int(time.time()),
        transform_quantity=None,
    )
    price["recurring"]["interval"] = interval
    return price


def make_subscription(
    subscription_id: str,
    customer_id: str,
    price: dict[str, Any],
    *,
    status: str = "active",
    quantity: int = 1,
    period_end: int | None = None,
    item_id: str | None = None,
) -> dict[str, Any]:
    now = int(time.time())
    end = period_end if period_end is not None else now + 30 * 86400
    subscription = stripe_object(
        "subscription",
        id=subscription_id,
        customer=customer_id,
        status=status,
        created=now,
        start_date=now,
        billing_cycle_anchor=now,
        cancel_at=None,
        canceled_at=now if status == "canceled" else None,
        ended_at=now if status == "canceled" else None,
        cancel_at_period_end=False,
        trial_start=None,
        trial_end=None,
        pending_update=None,
        next_pending_invoice_item_invoice=None,
        pending_invoice_item_interval=None,
        pause_collection=None,
        transfer_data=None,
        billing_thresholds=None,
        latest_invoice=None,
    )
    item = copy.deepcopy(subscription["items"]["data"][0])
    item.update(
        id=item_id or new_id("si"),
        price=copy.deepcopy(price),
        quantity=quantity,
        subscription=subscription_id,
        created=now,
        current_period_start=now,
        current_period_end=end,
    )
    for key in ("plan", "billing_thresholds"):
        item.pop(key, None)
    item["discounts"] = []
    item["tax_rates"] = []
    subscription["items"]["data"] = [item]
    subscription["items"]["url"] = f"/v1/subscription_items?subscription={subscription_id}"
    subscription["current_period_end"] = end
    subscription["current_period_start"] = now
    return subscription


def make_checkout_session(
    session_id: str, customer_id: str | None, subscription_id: str | None = None, **changes: Any
) -> dict[str, Any]:
    session = stripe_object(
        "checkout.session",
        id=session_id,
        customer=customer_id,
        subscription=subscription_id,
        mode="subscription",
        status="complete" if subscription_id else "open",
        payment_status="paid" if subscription_id else "unpaid",
        payment_intent=None,
        created=int(time.time()),
        expires_at=int(time.time()) + 86400,
    )
    session.update(changes)
    return session


def make_invoice(invoice_id: str, customer_id: str, subscription_id: str | None, **changes: Any) -> dict[str, Any]:
    invoice = stripe_object(
        "invoice",
        id=invoice_id,
        customer=customer_id,
        subscription=subscription_id,
        status="paid",
        number=f"QS-{invoice_id[-6:]}",
        created=int(time.time()),
        from_invoice=None,
        last_finalization_error=None,
    )
    invoice["lines"]["data"] = []
    invoice.update(changes)
    return invoice


def make_event(event_type: str, obj: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """A Stripe event of ``event_type`` carrying ``obj`` (shape of Stripe's example event)."""
    return stripe_object(
        "event",
        id=event_id or new_id("evt"),
        type=event_type,
        data={"object": copy.deepcopy(obj)},
        created=int(time.time()),
        api_version="2026-05-27.dahlia",
    )


def sign_payload(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header value for ``payload`` (``t=<ts>,v1=<hex HMAC-SHA256>``)."""
    ts = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{ts}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={ts},v1={signature}"


def post_event(client: Any, event: dict[str, Any] | str, secret: str | None = None, url: str | None = None) -> Any:
    """POST an event (dict, or raw body) to the webhook URL, signed with ``secret`` (default: the setting).

    The delivery's processing is a task enqueued when the request commits: inside a test's
    transaction the commit callbacks run here, as they would after a real request (with the
    immediate backend the event is processed when this returns).
    """
    from django.test import TestCase
    from django.urls import reverse

    from quickscale_modules.billing.app_settings import app_settings

    body = event if isinstance(event, str) else json.dumps(event)
    header = sign_payload(body, secret if secret is not None else app_settings.webhook_secret)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            url or reverse("quickscale_billing:webhook"),
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header,
        )


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


class FakeStripe:
    """A local fake of the Stripe API (the subset billing uses), on 127.0.0.1."""

    def __init__(
        self, webhook_url: str | None = None, webhook_secret: str | None = None, state_file: str | Path | None = None
    ) -> None:
        #: Where visiting a Checkout page delivers the signed events (like Stripe would); None: don't.
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        #: A JSON file that keeps the objects across restarts (the demo's database outlives the fake); None: don't.
        self.state_file = Path(state_file) if state_file else None
        self.delivered: list[tuple[str, int]] = []  # (event type, HTTP status) of delivered events
        self._session_lines: dict[str, tuple[str, int]] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.requests: list[RecordedRequest] = []
        #: Path prefixes answered with a 500 (to test retries), e.g. ``{"/v1/subscription_items"}``.
        self.failing: set[str] = set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._previous_base: str | None = None
        self.account = stripe_object("account", id="acct_fakequickscale", created=int(time.time()))
        self.account["external_accounts"]["data"] = []
        if self.state_file is not None and self.state_file.is_file():
            state = json.loads(self.state_file.read_text())
            self.objects.update(state["objects"])
            self._session_lines.update({key: (price, quantity) for key, (price, quantity) in state["lines"].items()})

    # Lifecycle --------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self, port: int = 0) -> FakeStripe:
        import stripe

        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                fake._serve(self, "GET")

            def do_POST(self) -> None:
                fake._serve(self, "POST")

            def do_DELETE(self) -> None:
                fake._serve(self, "DELETE")

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._previous_base = stripe.api_base
        stripe.api_base = self.url
        return self

    def stop(self) -> None:
        import stripe

        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._previous_base is not None:
            stripe.api_base = self._previous_base

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # State ------------------------------------------------------------------
    def add(self, *objects: dict[str, Any]) -> dict[str, Any]:
        """Store objects (the fake answers GETs with them); returns the last one."""
        with self._lock:
            for obj in objects:
                self.objects[obj["id"]] = copy.deepcopy(obj)
                if obj.get("object") == "subscription":
                    for item in obj["items"]["data"]:
                        self.objects[item["id"]] = copy.deepcopy(item)
            self._save_state()
        return objects[-1]

    def _save_state(self) -> None:
        """Write the objects to ``state_file`` (call it with the lock held)."""
        if self.state_file is not None:
            partial = self.state_file.with_name(self.state_file.name + ".partial")
            partial.write_text(json.dumps({"objects": self.objects, "lines": self._session_lines}))
            partial.replace(self.state_file)

    def requests_to(self, method: str, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    # HTTP -------------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        params = dict(parse_qsl(body if method == "POST" else split.query, keep_blank_values=True))
        if method == "GET" and split.path.startswith("/checkout/"):
            self._checkout_page(handler, split.path.removeprefix("/checkout/"))
            return
        if split.path.startswith("/portal/"):
            self._portal_page(handler, method, split.path.removeprefix("/portal/"), params)
            return
        with self._lock:
            self.requests.append(RecordedRequest(method, split.path, params, dict(handler.headers.items())))
            if any(split.path.startswith(prefix) for prefix in self.failing):
                status, payload = 500, _error("api_error", "The fake was told to fail this path.")
            else:
                status, payload = self._route(method, split.path, params)
                if method != "GET":
                    self._save_state()
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Request-Id", f"req_{next(_counter)}")
        handler.end_headers()
        handler.wfile.write(data)

    def _route(self, method: str, path: str, params: dict[str, str]) -> tuple[int, Any]:
        if not path.startswith("/v1/"):
            return 404, _error("invalid_request_error", "Unknown path.")
        rest = path.removeprefix("/v1/")
        if rest == "account":
            return 200, self.account
        if rest.endswith("/features"):
            return 200, _list([], path)
        for prefix, kind in RESOURCES.items():
            if rest == prefix:
                return self._collection(method, kind, path, params)
            if rest.startswith(prefix + "/"):
                return self._member(method, kind, rest.removeprefix(prefix + "/"), params)
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _collection(self, method: str, kind: str, path: str, params: dict[str, str]) -> tuple[int, Any]:
        if method == "GET":
            found = [o for o in self.objects.values() if o.get("object") == kind]
            if "customer" in params:
                found = [o for o in found if o.get("customer") == params["customer"]]
            return 200, _list(found, path)
        if kind == "customer":
            obj = make_customer(
                email=params.get("email"), name=params.get("name"), metadata=_nested(params, "metadata")
            )
        elif kind == "checkout.session":
            obj = make_checkout_session(
                new_id("cs_test"),
                params.get("customer"),
                success_url=params.get("success_url"),
                cancel_url=params.get("cancel_url"),
                client_reference_id=params.get("client_reference_id"),
                metadata=_nested(params, "metadata"),
            )
            obj["url"] = f"{self.url}/checkout/{obj['id']}"
            self._session_lines[obj["id"]] = (
                params.get("line_items[0][price]", ""),
                int(params.get("line_items[0][quantity]") or 1),
            )
        elif kind == "billing_portal.session":
            obj = stripe_object(
                "billing_portal.session",
                id=new_id("bps"),
                customer=params.get("customer"),
                return_url=params.get("return_url"),
                livemode=False,
                created=int(time.time()),
            )
            obj["url"] = f"{self.url}/portal/{obj['id']}"
        else:
            return 404, _error("invalid_request_error", f"The fake cannot create {kind}.")
        self.objects[obj["id"]] = obj
        return 200, obj

    def _member(self, method: str, kind: str, object_id: str, params: dict[str, str]) -> tuple[int, Any]:
        obj = self.objects.get(object_id)
        if obj is None or obj.get("object") != kind:
            return 404, _error("invalid_request_error", f"No such {kind}: '{object_id}'", code="resource_missing")
        if method == "POST" and kind == "subscription_item" and "quantity" in params:
            obj["quantity"] = int(params["quantity"])
            for other in self.objects.values():
                if other.get("object") == "subscription":
                    for item in other["items"]["data"]:
                        if item["id"] == object_id:
                            item["quantity"] = obj["quantity"]
        return 200, obj

    # Checkout completion -------------------------------------------------------
    def complete_checkout(self, session_id: str, status: str = "active") -> list[dict[str, Any]]:
        """Pay a Checkout Session as the customer would: creates the subscription at the fake and
        returns the events Stripe would send (``checkout.session.completed``, ``customer.subscription.created``).
        """
        with self._lock:
            session = self.objects[session_id]
            price_id, quantity = self._session_lines.get(session_id, ("", 1))
            price = self.objects[price_id]
            subscription = make_subscription(
                new_id("sub"), session["customer"], price, status=status, quantity=quantity
            )
            session.update(status="complete", payment_status="paid", subscription=subscription["id"])
        self.add(subscription)
        return [
            make_event("checkout.session.completed", session),
            make_event("customer.subscription.created", subscription),
        ]

    def deliver(self, events: list[dict[str, Any]]) -> None:
        """POST events, signed, to ``webhook_url`` (what Stripe does after a payment)."""
        import urllib.error
        import urllib.request

        assert self.webhook_url, "FakeStripe(webhook_url=...) to deliver"
        assert self.webhook_secret, "FakeStripe(webhook_secret=...) to deliver"
        for event in events:
            body = json.dumps(event)
            request = urllib.request.Request(  # noqa: S310 - a local URL given by the test
                self.webhook_url,
                data=body.encode(),
                headers={
                    "Content-Type": "application/json",
                    "Stripe-Signature": sign_payload(body, self.webhook_secret),
                },
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    self.delivered.append((event["type"], response.status))
            except urllib.error.HTTPError as exc:  # recorded, like Stripe's dashboard shows failed deliveries
                exc.close()
                self.delivered.append((event["type"], exc.code))
            except OSError:
                self.delivered.append((event["type"], 0))

    def _checkout_page(self, handler: BaseHTTPRequestHandler, session_id: str) -> None:
        """The hosted Checkout page: with a webhook URL it pays at once, delivers the events and
        redirects to the session's success URL; without one it shows a page."""
        session = self.objects.get(session_id)
        if session is None or self.webhook_url is None:
            body = f"<h1>Fake Stripe Checkout</h1><p>{html.escape(session_id)}</p>"
            _send_page(handler, 200 if session else 404, "Fake Stripe Checkout", body)
            return
        if session.get("status") == "open":
            self.deliver(self.complete_checkout(session_id))
        _send_page(handler, 303, location=str(session.get("success_url") or "/"))

    # Customer Portal -------------------------------------------------------------
    def cancel_subscription(self, subscription_id: str) -> list[dict[str, Any]]:
        """Cancel a subscription at once, as the Customer Portal does; returns the event Stripe would send."""
        with self._lock:
            subscription = self.objects[subscription_id]
            now = int(time.time())
            subscription.update(status="canceled", canceled_at=now, ended_at=now)
            self._save_state()
            return [make_event("customer.subscription.deleted", subscription)]

    def _portal_page(self, handler: BaseHTTPRequestHandler, method: str, rest: str, params: dict[str, str]) -> None:
        """The hosted Customer Portal: the customer's subscriptions, "Cancel" (with a webhook URL: delivers
        ``customer.subscription.deleted`` and returns to the site) and a link back to the session's return URL."""
        session_id, _, action = rest.partition("/")
        session = self.objects.get(session_id)
        if session is None or session.get("object") != "billing_portal.session":
            _send_page(handler, 404, "Fake Stripe Customer Portal", "<h1>No such portal session</h1>")
            return
        return_url = str(session.get("return_url") or "/")
        subscriptions = [
            o
            for o in self.objects.values()
            if o.get("object") == "subscription" and o.get("customer") == session.get("customer")
        ]
        if method == "POST" and action == "cancel" and self.webhook_url:
            chosen = params.get("subscription", "")
            if any(s["id"] == chosen and s.get("status") != "canceled" for s in subscriptions):
                self.deliver(self.cancel_subscription(chosen))
            _send_page(handler, 303, location=return_url)
            return
        rows = "".join(self._portal_row(session_id, s) for s in subscriptions) or "<li>No subscription.</li>"
        body = (
            "<h1>Customer Portal</h1><p>Test mode: QuickScale's local stand-in for Stripe; no card is charged.</p>"
            f'<ul>{rows}</ul><p><a href="{html.escape(return_url)}">Return to '
            f"{html.escape(urlsplit(return_url).netloc or 'the site')}</a></p>"
        )
        _send_page(handler, 200, "Fake Stripe Customer Portal", body)

    def _portal_row(self, session_id: str, subscription: dict[str, Any]) -> str:
        item = subscription["items"]["data"][0]
        product = self.objects.get(str(item["price"]["product"]), {})
        name = html.escape(str(product.get("name") or item["price"]["product"]))
        row = f"<li>{name}: {html.escape(str(subscription.get('status')))}"
        if subscription.get("status") != "canceled" and self.webhook_url:
            row += (
                f'<form method="post" action="/portal/{html.escape(session_id)}/cancel">'
                f'<input type="hidden" name="subscription" value="{html.escape(subscription["id"])}">'
                '<button type="submit">Cancel subscription</button></form>'
            )
        return row + "</li>"


def _send_page(
    handler: BaseHTTPRequestHandler, status: int, title: str = "", body: str = "", location: str | None = None
) -> None:
    """Answer with an HTML page (or, with ``location``, an empty redirect)."""
    data = f'<!doctype html><meta charset="utf-8"><title>{title}</title>{body}'.encode() if body else b""
    handler.send_response(status)
    if location is not None:
        handler.send_header("Location", location)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _nested(params: dict[str, str], name: str) -> dict[str, str]:
    prefix = f"{name}["
    return {key[len(prefix) : -1]: value for key, value in params.items() if key.startswith(prefix)}


def _list(data: list[dict[str, Any]], url: str) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": False, "url": url}


def _error(kind: str, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "code": code}}


def iter_requests(fake: FakeStripe, method: str, path_prefix: str) -> Iterator[dict[str, str]]:
    """The form parameters of each matching request the fake received, oldest first."""
    for request in fake.requests_to(method, path_prefix):
        yield request.params


# 0.1 kept a benchmark, demo seeding and the stand-in's command line here; they moved in 1.0 (a
# benchmark: bench/webhooks.py in the repository; seeding: demo.seed_stand_in; the command:
# manage.py billing_stand_in). Their 0.1 names still work, with a DeprecationWarning, until 2.0.
from quickscale_modules.billing._deprecated import benchmark_webhooks as benchmark_webhooks  # noqa: E402
from quickscale_modules.billing._deprecated import main as main  # noqa: E402
from quickscale_modules.billing._deprecated import seed_demo_plans as seed_demo_plans  # noqa: E402

if __name__ == "__main__":  # pragma: no cover - 0.1's `python -m quickscale_modules.billing.testing`
    main()
