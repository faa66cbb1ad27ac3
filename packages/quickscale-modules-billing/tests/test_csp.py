"""The billing pages under quickscale_core's Content-Security-Policy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings

from quickscale_modules.billing.testing import FakeStripe

pytestmark = pytest.mark.django_db


def form_action(response: object) -> str:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))["form-action"]


def test_pages_whose_forms_end_on_stripe_allow_it(logged_in_client: Client) -> None:
    """Browsers apply form-action to the redirect after the POST: Checkout and the Portal are Stripe's."""
    stripe = "'self' https://checkout.stripe.com https://billing.stripe.com"

    assert form_action(logged_in_client.get("/billing/pricing/")) == stripe
    assert form_action(logged_in_client.get("/billing/")) == stripe
    with override_settings(STRIPE_API_HOST="http://127.0.0.1:12111/"):  # the local fake's pages
        assert form_action(logged_in_client.get("/billing/pricing/")) == f"{stripe} http://127.0.0.1:12111"
    assert form_action(logged_in_client.get("/gated/")) == "'self'"  # any other page


def test_pricing_needs_no_inline_script(logged_in_client: Client, plans: Any, fake_stripe: FakeStripe) -> None:
    """The period switch is quickscale-core's static quickscale.js: the page holds no inline script
    to nonce, and its scripts come from 'self'."""
    response = logged_in_client.get("/billing/pricing/")
    html = response.content.decode()

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "data-interval-switch" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert re.search(r'<script src="[^"]*quickscale/js/quickscale\.js"', html)
