"""Webhooks processed per second, the whole way: run inside a project with billing (``manage.py shell``).

``bench/run.py`` passes this file to ``manage.py shell -c`` in its generated project, then calls
``benchmark_webhooks``. Each event is signed, checked, stored by dj-stripe (trigger and Event rows),
the subscription re-fetched from the local fake of Stripe and synced. Needs a migrated database.
"""

from __future__ import annotations

import json
import time

from django.test import Client

from quickscale_modules.billing.testing import (
    FakeStripe,
    make_customer,
    make_event,
    make_price,
    make_product,
    make_subscription,
    post_event,
)


def benchmark_webhooks(events: int = 200) -> dict[str, float]:
    """Post ``events`` signed ``customer.subscription.updated`` events; ``{"events", "seconds", "per_second"}``."""
    with FakeStripe() as fake:
        product = fake.add(make_product("prod_bench", "Bench"))
        price = fake.add(make_price("price_bench", product["id"]))
        fake.add(make_customer("cus_bench"))
        subscription = fake.add(make_subscription("sub_bench", "cus_bench", price))
        client = Client()
        started = time.perf_counter()
        for _ in range(events):
            response = post_event(client, make_event("customer.subscription.updated", subscription))
            if response.status_code != 200:
                raise RuntimeError(f"Webhook answered {response.status_code}: {response.content[:200]!r}")
        seconds = time.perf_counter() - started
    return {"events": float(events), "seconds": seconds, "per_second": events / seconds if seconds else 0.0}


def report(events: int = 200) -> None:
    """Print the result as one JSON line (what bench/run.py reads)."""
    print(json.dumps(benchmark_webhooks(events)))
