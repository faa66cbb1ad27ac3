"""The billing pages read each row once per request (docs/performance.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from djstripe.models import Subscription

from quickscale_modules.billing import selectors
from quickscale_modules.billing.testing import FakeStripe, make_subscription

pytestmark = pytest.mark.django_db


def repeated(queries: list[dict[str, str]]) -> list[str]:
    counts = Counter(query["sql"] for query in queries)
    return [sql for sql, count in counts.items() if count > 1]


@pytest.mark.parametrize("subscribed", [False, True])
def test_overview_and_pricing_run_no_query_twice(
    logged_in_client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any, subscribed: bool
) -> None:
    if subscribed:
        data = fake_stripe.add(make_subscription("sub_q", customer_for(user), plans["pro_month"]))
        Subscription.sync_from_stripe_data(Subscription(id=data["id"]).api_retrieve())
    for url in ("/billing/", "/billing/pricing/"):
        logged_in_client.get(url)  # warm-up: content types and sessions
        with CaptureQueriesContext(connection) as captured:
            assert logged_in_client.get(url).status_code == 200
        assert repeated(captured.captured_queries) == [], url
        customer_reads = [q for q in captured.captured_queries if "quickscale_billing_billingcustomer" in q["sql"]]
        assert len(customer_reads) <= 1, url


def test_reads_are_memoised_per_owner_until_a_write(user: Any, fake_stripe: FakeStripe, customer_for: Any) -> None:
    with CaptureQueriesContext(connection) as captured:
        assert selectors.customer_for(user) is None
        assert selectors.get_subscription(user) is None
        assert selectors.customer_for(user) is None
    assert len(captured.captured_queries) == 1

    customer_id = customer_for(user)  # a BillingCustomer saved in this process: the memo is stale

    found = selectors.customer_for(user)
    assert found is not None
    assert found.customer_id == customer_id
