"""The money path of the demo: the real views against the local Stripe stand-in, over real HTTP.

Django serves on ``live_server``; :class:`FakeStripe` runs in-process with the demo plans
and delivers its signed webhooks to the live server, as ``scripts/demo`` runs them.
"""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from http.cookies import SimpleCookie
from io import StringIO
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.test import Client

from quickscale_modules.billing import services
from quickscale_modules.billing.demo import seed_plans, seed_stand_in
from quickscale_modules.billing.management.commands import billing_stand_in
from quickscale_modules.billing.stand_in import start as start_stand_in
from quickscale_modules.billing.testing import FakeStripe

NOTICE = b"local stand-in for Stripe"


class Browser:
    """Just enough of a browser: cookies per run, forms posted, redirects followed and recorded."""

    def __init__(self, base_url: str, cookies: dict[str, str]) -> None:
        self.base_url = base_url
        self.cookies = dict(cookies)

    def get(self, url: str) -> tuple[list[str], str]:
        return self._open(url)

    def post(self, url: str, data: dict[str, str]) -> tuple[list[str], str]:
        return self._open(url, data)

    def _open(self, url: str, data: dict[str, str] | None = None) -> tuple[list[str], str]:
        """Returns the URLs redirected to, in order, and the final page."""
        hops: list[str] = []
        url = urljoin(self.base_url, url)
        while True:
            parts = urlsplit(url)
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            body = None
            if data is not None:
                body = urlencode(data)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request("POST" if data is not None else "GET", path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
            page = response.read().decode()
            connection.close()
            if response.status not in (301, 302, 303):
                assert response.status == 200, (url, response.status, page[:500])
                return hops, page
            url = urljoin(url, response.headers["Location"])
            hops.append(url)
            data = None


def _form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the first form posting to ``action``."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S)
    assert form, f"no form to {action}"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))


@pytest.fixture
def stand_in(live_server: Any, settings: Any) -> Iterator[FakeStripe]:
    """The stand-in as scripts/demo runs it: the demo plans, webhooks signed with the project's secret."""
    fake = FakeStripe(webhook_url=f"{live_server.url}/billing/webhook/", webhook_secret=settings.STRIPE_WEBHOOK_SECRET)
    seed_stand_in(fake)
    with fake:
        settings.STRIPE_API_HOST = fake.url
        yield fake


def test_demo_money_path_pricing_checkout_webhooks_billing_portal(
    live_server: Any, stand_in: FakeStripe, user: Any, client: Client, settings: Any
) -> None:
    seed_plans()  # what quickscale_demo puts in the database: the same ids as at the stand-in
    client.force_login(user)
    session_cookie = settings.SESSION_COOKIE_NAME
    browser = Browser(live_server.url, {session_cookie: client.cookies[session_cookie].value})

    _, pricing = browser.get("/billing/pricing/")
    assert NOTICE.decode() in pricing
    assert stand_in.url in pricing
    fields = _form_fields(pricing, "/billing/checkout/")
    assert fields["price"] == "price_demo_starter_month"
    hops, billing = browser.post("/billing/checkout/", {**fields, "price": "price_demo_pro_month"})

    # Our view sent the browser to the stand-in's Checkout page, which paid, delivered the signed
    # webhooks to our webhook URL (200 each) and returned to the success URL.
    assert re.fullmatch(rf"{re.escape(stand_in.url)}/checkout/cs_test_\w+", hops[0])
    assert hops[1:] == [f"{live_server.url}/billing/?checkout=success"]
    assert stand_in.delivered == [("checkout.session.completed", 200), ("customer.subscription.created", 200)]
    assert "<dt>Plan</dt><dd>Pro</dd>" in billing
    assert '<span class="badge badge-success">Active</span>' in billing
    assert NOTICE.decode() in billing
    plan = services.get_plan(user)
    assert plan is not None
    assert plan.key == "pro"

    hops, portal = browser.post("/billing/portal/", _form_fields(billing, "/billing/portal/"))
    assert re.fullmatch(rf"{re.escape(stand_in.url)}/portal/bps_\w+", hops[0])
    assert "Pro: active" in portal
    assert f'<a href="{live_server.url}/billing/">Return to {urlsplit(live_server.url).netloc}</a>' in portal
    _, back = browser.get(f"{live_server.url}/billing/")
    assert "<dt>Plan</dt><dd>Pro</dd>" in back

    cancel = re.search(r'action="(/portal/bps_\w+/cancel)"', portal)
    assert cancel
    hops, _ = browser.post(stand_in.url + cancel.group(1), {"subscription": "sub_other"})
    assert hops == [f"{live_server.url}/billing/"]
    assert len(stand_in.delivered) == 2  # not the customer's subscription: nothing cancelled
    hops, billing = browser.post(stand_in.url + cancel.group(1), _form_fields(portal, cancel.group(1)))
    assert hops == [f"{live_server.url}/billing/"]
    assert stand_in.delivered[-1] == ("customer.subscription.deleted", 200)
    assert '<span class="badge badge-neutral">Canceled</span> <span class="muted">(no access)</span>' in billing
    assert services.get_plan(user) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("api_host", "shown"),
    [(None, False), ("", False), ("https://api.stripe.com", False), ("http://127.0.0.1:12111", True)],
)
def test_test_mode_notice_only_with_a_stand_in(
    logged_in_client: Client, settings: Any, api_host: str | None, shown: bool
) -> None:
    if api_host is None:
        assert not hasattr(settings, "STRIPE_API_HOST")  # the test settings, like production, leave it unset
    else:
        settings.STRIPE_API_HOST = api_host
    for url in ("/billing/pricing/", "/billing/"):
        assert (NOTICE in logged_in_client.get(url).content) is shown


@pytest.mark.django_db  # some checks read the database
def test_stripe_api_host_is_warned_about_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    assert "djstripe.W002" not in [m.id for m in checks.run_checks()]
    settings.STRIPE_API_HOST = "http://127.0.0.1:12111"
    assert "djstripe.W002" in [m.id for m in checks.run_checks()]


def test_portal_page_without_webhooks_or_session(fake_stripe: FakeStripe) -> None:
    import stripe

    session = stripe.billing_portal.Session.create(
        api_key="sk_test_x", customer="cus_none", return_url="http://shop.test/billing/"
    )
    browser = Browser(fake_stripe.url, {})
    _, page = browser.get(session.url)
    assert "No subscription." in page
    assert "cancel" not in page
    assert 'href="http://shop.test/billing/"' in page
    assert browser.post(f"{session.url}/cancel", {"subscription": "sub_x"}) == ([], page)  # nothing to cancel
    with pytest.raises(AssertionError, match="404"):
        browser.get("/portal/bps_missing")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, FakeStripe]]:
    """The address and stand-in the command started; it returns at once instead of serving until stopped."""
    started: list[tuple[str, FakeStripe]] = []

    def record_and_stop(fake: FakeStripe) -> None:
        started.append((fake.url, fake))
        fake.stop()

    monkeypatch.setattr(billing_stand_in, "wait_until_stopped", record_and_stop)
    return started


def test_stand_in_command_serves_the_demo_plans_to_the_site(
    settings: Any, served: list[tuple[str, FakeStripe]]
) -> None:
    """``manage.py billing_stand_in`` as scripts/demo runs it: the port of STRIPE_API_HOST, the project's secret."""
    port = _free_port()
    settings.STRIPE_API_HOST = f"http://127.0.0.1:{port}"
    out, err = StringIO(), StringIO()
    call_command("billing_stand_in", stdout=out, stderr=err)
    [(url, fake)] = served
    assert url == f"http://127.0.0.1:{port}"
    assert fake.webhook_url == "http://127.0.0.1:8000/billing/webhook/"
    assert fake.webhook_secret == settings.STRIPE_WEBHOOK_SECRET
    assert {"price_demo_pro_month", "price_demo_starter_year", "prod_demo_pro"} <= set(fake.objects)
    assert out.getvalue() == f"Stripe stand-in on {url}; webhooks to {fake.webhook_url}\n"
    assert err.getvalue() == ""


def test_stand_in_command_options_and_a_site_not_pointed_at_it(
    settings: Any, served: list[tuple[str, FakeStripe]], tmp_path: Any
) -> None:
    settings.STRIPE_API_HOST = ""
    port = _free_port()
    err = StringIO()
    call_command(
        "billing_stand_in",
        f"--port={port}",
        "--webhook-url=http://127.0.0.1:8001/hook/",
        "--secret=whsec_other",
        f"--state={tmp_path / 'state.json'}",
        stdout=StringIO(),
        stderr=err,
    )
    [(url, fake)] = served
    assert (url, fake.webhook_url, fake.webhook_secret) == (
        f"http://127.0.0.1:{port}",
        "http://127.0.0.1:8001/hook/",
        "whsec_other",
    )
    assert (tmp_path / "state.json").is_file()
    assert f"set STRIPE_API_HOST=http://127.0.0.1:{port} for the site" in err.getvalue()


def test_stand_in_command_refusals(settings: Any, served: list[tuple[str, FakeStripe]]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(CommandError, match=r"cannot listen on 127\.0\.0\.1:\d+ .*pick another --port"):
            call_command("billing_stand_in", f"--port={taken.getsockname()[1]}", stdout=StringIO())
    settings.STRIPE_WEBHOOK_SECRET = ""
    with pytest.raises(CommandError, match="set STRIPE_WEBHOOK_SECRET"):
        call_command("billing_stand_in", f"--port={_free_port()}", stdout=StringIO())
    assert served == []


def test_stand_in_command_default_webhook_url_follows_the_url_conf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(billing_stand_in, "reverse", lambda name: "/pay/webhook/")
    assert billing_stand_in._default_webhook_url() == "http://127.0.0.1:8000/pay/webhook/"

    def not_mounted(name: str) -> str:
        raise billing_stand_in.NoReverseMatch(name)

    monkeypatch.setattr(billing_stand_in, "reverse", not_mounted)
    assert billing_stand_in._default_webhook_url() == "http://127.0.0.1:8000/billing/webhook/"


def test_stand_in_stops_on_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = start_stand_in(port=0, webhook_url="http://127.0.0.1:9/", secret="whsec_x")

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(billing_stand_in, "_block", interrupted)
    billing_stand_in.wait_until_stopped(fake)
    with pytest.raises(AssertionError, match="start"):
        fake.url  # noqa: B018 - stopped: no address any more


def test_deprecated_names_of_1_0_still_work(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, served: list[tuple[str, FakeStripe]]
) -> None:
    from quickscale_modules.billing import testing

    with FakeStripe() as fake, pytest.warns(DeprecationWarning, match="use quickscale_modules.billing.demo"):
        testing.seed_demo_plans(fake)
    assert "price_demo_pro_month" in fake.objects
    port = _free_port()
    with pytest.warns(DeprecationWarning, match="use python manage.py billing_stand_in"):
        testing.main(["--port", str(port), "--secret", "whsec_x"])
    assert served[0][0] == f"http://127.0.0.1:{port}"
    assert (
        capsys.readouterr().out == f"Fake Stripe on http://127.0.0.1:{port}; webhooks to "
        "http://127.0.0.1:8000/billing/webhook/\n"
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(SystemExit) as exit_, pytest.warns(DeprecationWarning, match="billing_stand_in"):
            testing.main(["--port", str(taken.getsockname()[1]), "--secret", "whsec_x"])
    assert exit_.value.code == 1
    assert "cannot listen on 127.0.0.1:" in capsys.readouterr().err


def test_state_file_keeps_customers_and_subscriptions_across_restarts(tmp_path: Any) -> None:
    import stripe

    state = tmp_path / "stand-in.json"
    with FakeStripe(state_file=state) as fake:
        seed_stand_in(fake)
        customer = stripe.Customer.create(api_key="sk_test_x", email="payer@example.com")
        session = stripe.checkout.Session.create(
            api_key="sk_test_x",
            customer=customer.id,
            mode="subscription",
            line_items=[{"price": "price_demo_pro_month", "quantity": 2}],
            success_url="http://shop.test/billing/",
            cancel_url="http://shop.test/pricing/",
        )
        subscription_id = fake.complete_checkout(session.id)[1]["data"]["object"]["id"]
    with FakeStripe(state_file=state) as restarted:
        assert stripe.Customer.retrieve(customer.id, api_key="sk_test_x").email == "payer@example.com"
        assert stripe.Subscription.retrieve(subscription_id, api_key="sk_test_x").status == "active"
        restarted.cancel_subscription(subscription_id)
    with FakeStripe(state_file=state):
        assert stripe.Subscription.retrieve(subscription_id, api_key="sk_test_x").status == "canceled"
        assert stripe.checkout.Session.retrieve(session.id, api_key="sk_test_x").subscription == subscription_id
