from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from quickscale_core.testing import postgres
from quickscale_modules.billing.testing import FakeStripe, make_customer, make_price, make_product

POSTGRES_ONLY = "postgres"
WITH_TEAMS = "teams"
TENANT_PROVIDER = "tests.testapp.owners.TenantOwnerProvider"


def pytest_report_header(config: pytest.Config) -> str:
    return f"tests marked {POSTGRES_ONLY!r} run on PostgreSQL: pytest --ds=tests.settings_postgres (nox runs it)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests leave the SQLite run; the PostgreSQL variant skips all without the binaries.

    Tests marked ``teams`` run only with the teams module installed (tests.settings_teams), and only they.
    """
    from django.apps import apps
    from django.conf import settings

    teams_run = apps.is_installed("quickscale_modules.teams")
    kept = [item for item in items if (item.get_closest_marker(WITH_TEAMS) is not None) == teams_run]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept

    missing = getattr(settings, "QUICKSCALE_TEST_POSTGRES_MISSING", None)  # only tests/settings_postgres.py sets it
    if missing:
        postgres.skip_or_fail(items, missing)
        return
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        deselected = [item for item in items if item.get_closest_marker(POSTGRES_ONLY)]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not item.get_closest_marker(POSTGRES_ONLY)]


@pytest.fixture(autouse=True)
def _no_real_stripe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Safety net: a test without the fake reaches a closed local port, never api.stripe.com."""
    import stripe

    monkeypatch.setattr(stripe, "api_base", "http://127.0.0.1:9")
    monkeypatch.setattr(stripe, "max_network_retries", 0)


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    with FakeStripe() as fake:
        yield fake


@pytest.fixture
def plans(db: None, fake_stripe: FakeStripe) -> dict[str, Any]:
    """The "pro" and per-seat "team" plans, at the fake and in dj-stripe's tables."""
    from djstripe.models import Price, Product

    pro = fake_stripe.add(make_product("prod_pro", "Pro", {"plan": "pro"}))
    team = fake_stripe.add(make_product("prod_team", "Team", {"plan": "team"}))
    prices = {
        "pro_month": fake_stripe.add(make_price("price_pro_month", "prod_pro", "month", 2900)),
        "pro_year": fake_stripe.add(make_price("price_pro_year", "prod_pro", "year", 29000)),
        "team_month": fake_stripe.add(make_price("price_team_month", "prod_team", "month", 900)),
    }
    for product in (pro, team):
        Product.sync_from_stripe_data(product)
    for price in prices.values():
        Price.sync_from_stripe_data(price)
    return prices


@pytest.fixture
def customer_for(fake_stripe: FakeStripe) -> Any:
    """Link an owner to a new customer held by the fake (as start_checkout would)."""
    from djstripe.models import Customer

    from quickscale_modules.billing.models import BillingCustomer
    from quickscale_modules.billing.owners import owner_lookup

    def link(owner: Any, customer_id: str | None = None) -> str:
        data = fake_stripe.add(make_customer(customer_id))
        Customer.sync_from_stripe_data(data)
        BillingCustomer.objects.create(**owner_lookup(owner), customer_id=data["id"])
        return str(data["id"])

    return link


@pytest.fixture
def tenant_owner(settings: Any) -> None:
    """Owner "team" with a project's own tenant model (tests/testapp) as core's owner provider."""
    settings.QUICKSCALE_BILLING_OWNER = "team"
    settings.QUICKSCALE_OWNER_PROVIDER = TENANT_PROVIDER
