"""The pricing and billing pages in the design system: plan cards, the period switch, human labels."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from quickscale_modules.billing.testing import FakeStripe, make_subscription

pytestmark = pytest.mark.django_db


def test_pricing_cards_with_the_period_switch(
    logged_in_client: Client, plans: Any, fake_stripe: FakeStripe, settings: Any
) -> None:
    settings.QUICKSCALE_BILLING_FEATURE_LABELS = {"api": "API access"}

    html = logged_in_client.get(reverse("quickscale_billing:pricing")).content.decode()

    assert html.count('class="plan"') == 2
    assert '<fieldset class="interval-switch" data-interval-switch hidden>' in html
    assert '<ul class="features" aria-label="Included"><li>API access</li><li>Reports</li></ul>' in html
    assert '<p class="amount">$29 <span class="amount-period">per month</span></p>' in html
    assert '<p class="amount">$290 <span class="amount-period">per year</span></p>' in html
    assert '<span class="amount-period">per seat per month</span>' in html  # the per-seat "team" plan
    assert 'data-interval="year"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script: quickscale.js switches


def test_pricing_with_a_subscription_names_the_current_plan(
    logged_in_client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    """Subscribed: the current plan's card says so (not a greyed "Subscribe"), the others link to billing."""
    from djstripe.models import Subscription

    data = fake_stripe.add(make_subscription("sub_cards", customer_for(user), plans["pro_month"], status="active"))
    Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())

    html = logged_in_client.get(reverse("quickscale_billing:pricing")).content.decode()

    assert html.count('class="plan plan-current"') == 1
    current = '<button type="button" class="button button-secondary button-block" disabled>Your current plan</button>'
    assert html.count(current) == 2  # the Pro plan's monthly and yearly prices
    change = f'<a class="button button-secondary button-block" href="{reverse("quickscale_billing:overview")}">'
    assert html.count(change + "Change plan</a>") == html.count('class="plan-price"') - 2
    assert "Subscribe monthly" not in html


def test_overview_subscription_card_and_invoices(
    logged_in_client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    from djstripe.models import Subscription

    customer_id = customer_for(user)
    data = fake_stripe.add(make_subscription("sub_page", customer_id, plans["pro_month"], status="past_due"))
    Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())

    html = logged_in_client.get(reverse("quickscale_billing:overview")).content.decode()

    assert '<span class="badge badge-warning">Past due</span>' in html
    assert "Your last payment failed." in html
    assert '<button type="submit" class="button button-secondary">Manage billing</button>' in html
    assert "No invoices yet." in html


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (2900, "usd", "$29"),
        (950, "eur", "€9.50"),
        (500, "jpy", "¥500"),
        (1234567, "chf", "12,345.67 CHF"),
        (None, "usd", "-"),
    ],
)
def test_price_amount(amount: int | None, currency: str, shown: str) -> None:
    html = Template("{% load quickscale_billing %}{{ amount|price_amount:currency }}").render(
        Context({"amount": amount, "currency": currency})
    )
    assert html == shown


def test_status_label_and_tone() -> None:
    template = Template("{% load quickscale_billing %}{{ s|status_label }}/{{ s|status_tone }}")

    assert template.render(Context({"s": "past_due"})) == "Past due/warning"
    assert template.render(Context({"s": "something_new"})) == "Something new/neutral"
    assert template.render(Context({"s": None})) == "/neutral"


def test_billing_pages_are_translated(
    logged_in_client: Client, plans: Any, fake_stripe: FakeStripe, pseudo_language: None
) -> None:
    pricing = logged_in_client.get(reverse("quickscale_billing:pricing")).content.decode()
    overview = logged_in_client.get(reverse("quickscale_billing:overview")).content.decode()

    for text in ("⟦Plans and pricing⟧", "⟦Monthly⟧", "⟦Yearly⟧", "⟦Subscribe monthly⟧", "⟦per month⟧"):
        assert text in pricing, text
    for text in ("⟦Billing⟧", "⟦You have no subscription⟧", "⟦Invoices⟧", "⟦See the plans⟧"):
        assert text in overview, text
    response = logged_in_client.post(reverse("quickscale_billing:checkout"), {"price": "price_nope"}, follow=True)
    assert "⟦This plan is not available any more; please pick one on the pricing page.⟧" in response.content.decode()


def test_french_catalog_ships_with_the_module(logged_in_client: Client, plans: Any, settings: Any) -> None:
    """locale/fr: a browser asking for French gets the pricing page in French (LocaleMiddleware)."""
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]

    html = logged_in_client.get(
        reverse("quickscale_billing:pricing"), headers={"accept-language": "fr"}
    ).content.decode()

    for text in (
        "Offres et tarifs",
        "Mensuel",
        "Annuel",
        "S\N{RIGHT SINGLE QUOTATION MARK}abonner au mois",
        "par mois",
    ):
        assert text in html, text
    assert "Subscribe monthly" not in html
