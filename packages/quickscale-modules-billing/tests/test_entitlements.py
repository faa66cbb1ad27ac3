from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from djstripe.models import Product, Subscription

from quickscale_modules.billing import selectors, services
from quickscale_modules.billing.adapter import get_adapter
from quickscale_modules.billing.owners import get_owner, owner_from_label
from quickscale_modules.billing.testing import FakeStripe, make_subscription
from tests.conftest import TENANT_PROVIDER
from tests.testapp.models import Team

pytestmark = pytest.mark.django_db


def subscribe(owner: Any, fake: FakeStripe, customer_for: Any, price: dict[str, Any], **kwargs: Any) -> Subscription:
    customer_id = customer_for(owner)
    data = fake.add(make_subscription(kwargs.pop("sub_id", "sub_ent"), customer_id, price, **kwargs))
    return Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())


def test_no_owner_no_customer_no_subscription(user: Any) -> None:
    assert services.get_subscription(None) is None
    assert services.get_subscription(user) is None
    assert not services.has_entitlement(user, "reports")
    assert services.get_limit(user, "projects") is None
    assert services.get_limit(user, "projects", default=1) == 1
    assert selectors.invoices_for(None) == []
    assert selectors.invoices_for(user) == []


def test_trialing_is_active(user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any) -> None:
    subscribe(user, fake_stripe, customer_for, plans["pro_month"], status="trialing")
    assert services.has_entitlement(user, "api")


def test_past_due_keeps_access_during_grace(
    user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any, settings: Any
) -> None:
    settings.QUICKSCALE_BILLING_GRACE_DAYS = 3
    ended = int(time.time()) - 2 * 86400
    subscription = subscribe(user, fake_stripe, customer_for, plans["pro_month"], status="past_due", period_end=ended)
    assert services.has_entitlement(user, "reports")
    later = dt.datetime.fromtimestamp(ended, tz=dt.UTC) + dt.timedelta(days=4)
    assert not selectors.is_active(subscription, now=later)
    settings.QUICKSCALE_BILLING_GRACE_DAYS = 1
    assert not services.has_entitlement(user, "reports")


def test_past_due_without_period_end_and_other_statuses(
    user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    subscription = subscribe(user, fake_stripe, customer_for, plans["pro_month"], status="past_due")
    data = dict(subscription.stripe_data)
    data.pop("current_period_end")
    for item in data["items"]["data"]:
        item["current_period_end"] = None
    subscription.stripe_data = data
    assert selectors.period_end(subscription) is None
    assert not selectors.is_active(subscription)
    subscription.stripe_data = {**data, "status": "unpaid"}
    assert not selectors.is_active(subscription)
    subscription.stripe_data = {**data, "status": "weird", "items": {"data": []}}
    assert selectors.subscription_product_ids(subscription) == []


def test_best_subscription_wins_and_product_metadata_entitlements(
    user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any, settings: Any
) -> None:
    customer_id = customer_for(user)
    for sub_id, status in (("sub_old", "canceled"), ("sub_new", "active"), ("sub_odd", "something_new")):
        data = fake_stripe.add(make_subscription(sub_id, customer_id, plans["pro_month"], status=status))
        Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())
    assert services.get_subscription(user).id == "sub_new"

    settings.QUICKSCALE_BILLING_PLANS = {}
    Product.objects.filter(id="prod_pro").update(
        metadata={"plan": "pro", "features": "export, sso", "limit_seats": "5", "limit_bad": "x", "per_seat": "true"}
    )
    plan = services.get_plan(user)
    assert plan is not None
    assert plan.features == {"export", "sso"}
    assert plan.limits == {"seats": 5}
    assert plan.per_seat
    assert selectors.plan_for_product("prod_missing").key == "prod_missing"


def test_decorator_mixin_feature_and_plan_gates(
    client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    assert client.get("/gated/")["Location"] == "/accounts/login/?next=/gated/"
    client.force_login(user)
    response = client.get("/gated-feature/", follow=True)
    assert response.redirect_chain[-1][0] == "/billing/pricing/"
    assert b"needs an active subscription" in response.content
    subscribe(user, fake_stripe, customer_for, plans["pro_month"])
    assert client.get("/gated-feature/").status_code == 200
    assert client.get("/gated-plan/").status_code == 302  # pro is not the "team" plan
    Subscription.objects.all().delete()
    assert client.get("/gated/").status_code == 302


def test_mixin_allows_the_right_plan(
    client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    client.force_login(user)
    subscribe(user, fake_stripe, customer_for, plans["team_month"])
    assert client.get("/gated-plan/").content == b"plan content"
    assert client.get("/gated-feature/").status_code == 302  # team plan has no "api"


def test_template_tags(rf: RequestFactory, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any) -> None:
    subscribe(user, fake_stripe, customer_for, plans["pro_month"])
    request = rf.get("/")
    request.user = user
    template = Template(
        "{% load quickscale_billing %}{% has_entitlement 'reports' as ok %}{% get_limit 'projects' as n %}"
        "{% billing_plan as plan %}{{ ok }} {{ n }} {{ plan.name }}"
    )
    assert template.render(Context({"request": request})) == "True 50 Pro"
    assert Template("{% load quickscale_billing %}{% has_entitlement 'reports' %}").render(Context({})) == "False"


def test_money_filter() -> None:
    from quickscale_modules.billing.templatetags.quickscale_billing import money

    assert money(2900, "usd") == "29.00 USD"
    assert money(500, "jpy") == "500 JPY"
    assert money(None) == "-"


def test_owner_seam(rf: RequestFactory, user: Any, settings: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    team = Team.objects.create(name="T", owner=user, seats=0)
    request = rf.get("/")
    request.user = AnonymousUser()
    assert get_owner(request) is None
    request.user = user
    assert get_owner(request) == user
    settings.QUICKSCALE_BILLING_OWNER = "team"
    assert get_owner(request) is None  # no owner provider: no team
    settings.QUICKSCALE_OWNER_PROVIDER = TENANT_PROVIDER
    assert get_owner(request) == team  # the user's first tenant
    other = Team.objects.create(name="Other", owner=user, seats=3)
    request.tenant = other  # type: ignore[attr-defined] # a project's middleware would set it
    assert get_owner(request) == other
    adapter = get_adapter()
    assert adapter.owner_email(team) == user.email
    assert adapter.owner_name(team) == "Tenant T"
    assert adapter.seat_count(team) == 1  # at least one
    assert adapter.seat_count(other) == 3
    assert adapter.seat_count(user) == 1
    assert adapter.owner_email(user) == user.email
    assert adapter.owner_name(user) == str(user)
    assert adapter.owner_choice(None) is None
    assert adapter.owner_choice(user) is None
    assert str(adapter.owner_choice(team)) == "Tenant T"
    assert owner_from_label(f"testapp.team:{team.pk}") == team
    assert owner_from_label("testapp.team:999999") is None
    assert owner_from_label("nope.nothing:1") is None
    settings.QUICKSCALE_OWNER_PROVIDER = None
    assert adapter.seat_count(team) == 1
    assert adapter.owner_email(team) == ""  # a tenant without a provider has no email
    assert adapter.owner_choices(request) == []
