"""0.1 names of ``quickscale_modules.billing.testing`` that are not the test fake: kept, warning, until 2.0.

- ``seed_demo_plans(fake)``: now :func:`quickscale_modules.billing.demo.seed_stand_in`.
- ``main()`` and ``python -m quickscale_modules.billing.testing``: now ``manage.py billing_stand_in``.
- ``benchmark_webhooks()``: a benchmark of this repository now (``bench/webhooks.py``, run by ``nox -s bench``).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quickscale_modules.billing.testing import FakeStripe


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"quickscale_modules.billing.testing.{old} is deprecated and goes in QuickScale 2.0: use {new}.",
        DeprecationWarning,
        stacklevel=3,
    )


def seed_demo_plans(fake: FakeStripe) -> None:
    """Deprecated: :func:`quickscale_modules.billing.demo.seed_stand_in`."""
    from quickscale_modules.billing.demo import seed_stand_in

    _deprecated("seed_demo_plans", "quickscale_modules.billing.demo.seed_stand_in")
    seed_stand_in(fake)


def main(argv: list[str] | None = None) -> None:
    """Deprecated: ``python manage.py billing_stand_in`` (same options, defaults from the project's settings)."""
    import argparse
    import os

    from quickscale_modules.billing import stand_in
    from quickscale_modules.billing.management.commands.billing_stand_in import wait_until_stopped

    _deprecated("main (python -m quickscale_modules.billing.testing)", "python manage.py billing_stand_in")
    parser = argparse.ArgumentParser(description="Deprecated: use python manage.py billing_stand_in.")
    parser.add_argument("--port", type=int, default=stand_in.DEFAULT_PORT)
    parser.add_argument("--webhook-url", default="http://127.0.0.1:8000/billing/webhook/")
    parser.add_argument("--secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET", ""))
    parser.add_argument("--state", help="a JSON file that keeps customers and subscriptions across restarts")
    args = parser.parse_args(argv)
    try:
        fake = stand_in.start(port=args.port, webhook_url=args.webhook_url, secret=args.secret, state=args.state)
    except OSError as exc:
        parser.exit(1, f"Fake Stripe: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); pick another --port.\n")
    print(f"Fake Stripe on {fake.url}; webhooks to {args.webhook_url}", flush=True)
    wait_until_stopped(fake)


def benchmark_webhooks(events: int = 200) -> dict[str, float]:
    """Deprecated: the benchmark is ``bench/webhooks.py`` in the QuickScale repository (``nox -s bench``).

    Posts ``events`` signed ``customer.subscription.updated`` events through the webhook view, the
    subscription re-fetched from a local fake; needs a migrated database.
    """
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

    _deprecated("benchmark_webhooks", "bench/webhooks.py of the QuickScale repository")
    with FakeStripe() as fake:
        price = fake.add(make_price("price_bench", fake.add(make_product("prod_bench", "Bench"))["id"]))
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
