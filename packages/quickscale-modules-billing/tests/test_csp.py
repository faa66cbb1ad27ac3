"""The billing pages under quickscale_core's Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

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


def test_pricing_script_carries_the_nonce(logged_in_client: Client) -> None:
    response = logged_in_client.get("/billing/pricing/")

    header = re.search(r"script-src 'self' 'nonce-([^']+)'", response["Content-Security-Policy"])
    page = re.search(r'<script nonce="([^"]+)">', response.content.decode())
    assert header
    assert page
    assert header.group(1) == page.group(1)
