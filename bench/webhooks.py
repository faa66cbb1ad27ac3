"""Webhooks, run inside a project with billing (``manage.py shell``): three measurements.

``bench/run.py`` passes this file to ``manage.py shell -c`` in its generated project, then calls one of:

- :func:`report` (``benchmark_webhooks``): signed ``customer.subscription.updated`` events processed inside
  the request (the immediate tasks backend): each is checked, stored as a delivery row, then recorded as
  dj-stripe's trigger and Event and applied to the stored subscription from its payload;
- :func:`report_receiver` (``benchmark_receiver``): the request alone with the database tasks backend
  (verify, store the delivery row, enqueue its processing, answer 200) against a minimal receiver, a bare view
  that stores the payload in one row and answers 200 (issue 15: ours within 2x);
- :func:`report_processing` (``benchmark_processing``): how many stored deliveries two ``db_worker``
  processes turn into triggers and Events per second (issue 15: at least 100 on PostgreSQL).

Needs a migrated database.
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
import time
import types
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.testing import (
    FakeStripe,
    make_customer,
    make_event,
    make_price,
    make_product,
    make_subscription,
    post_event,
    sign_payload,
)

MINIMAL_TABLE = "bench_webhook_payload"


def _fake_subscription(fake: FakeStripe) -> dict[str, Any]:
    product = fake.add(make_product("prod_bench", "Bench"))
    price = fake.add(make_price("price_bench", product["id"]))
    fake.add(make_customer("cus_bench"))
    return fake.add(make_subscription("sub_bench", "cus_bench", price))


def benchmark_webhooks(events: int = 200) -> dict[str, float]:
    """Post ``events`` signed ``customer.subscription.updated`` events; ``{"events", "seconds", "per_second"}``."""
    with FakeStripe() as fake:
        subscription = _fake_subscription(fake)
        client = Client()
        started = time.perf_counter()
        for _ in range(events):
            response = post_event(client, make_event("customer.subscription.updated", subscription))
            if response.status_code != 200:
                raise RuntimeError(f"Webhook answered {response.status_code}: {response.content[:200]!r}")
        seconds = time.perf_counter() - started
    return {"events": float(events), "seconds": seconds, "per_second": events / seconds if seconds else 0.0}


@csrf_exempt
def minimal_receiver(request: HttpRequest) -> HttpResponse:
    """The baseline: store the payload in one row and acknowledge, nothing else."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {MINIMAL_TABLE} (body) VALUES (%s)", [request.body.decode()])  # noqa: S608
    return HttpResponse("ok")


def _urlconf_with_minimal_receiver() -> types.ModuleType:
    module = types.ModuleType("bench_webhook_urls")
    base = importlib.import_module(settings.ROOT_URLCONF)
    module.urlpatterns = [path("bench/minimal-receiver/", minimal_receiver), *base.urlpatterns]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module


def _signed(subscription: dict[str, Any]) -> tuple[str, str]:
    body = json.dumps(make_event("customer.subscription.updated", subscription))
    return body, sign_payload(body, app_settings.webhook_secret)


def benchmark_receiver(events: int = 200) -> dict[str, Any]:
    """Median request time of our webhook (database tasks backend: enqueue only) vs the minimal receiver."""
    if "database" not in str(getattr(settings, "QUICKSCALE_TASKS_BACKEND", "")):
        raise RuntimeError("Run the receiver benchmark with TASKS_BACKEND=database (the request only enqueues).")
    from django_tasks_db.models import DBTaskResult
    from djstripe.models import WebhookEventTrigger

    from quickscale_modules.billing.models import WebhookDelivery

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MINIMAL_TABLE} (body TEXT NOT NULL)")
    first = WebhookEventTrigger.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_delivery = WebhookDelivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    tasks_before = set(DBTaskResult.objects.values_list("pk", flat=True))
    ours, minimal = [], []
    with FakeStripe() as fake, override_settings(ROOT_URLCONF=_urlconf_with_minimal_receiver().__name__):
        subscription = _fake_subscription(fake)
        client = Client()
        for index in range(events + 20):  # the first 20 of each warm up (endpoint row, caches)
            for url, times in (("/billing/webhook/", ours), ("/bench/minimal-receiver/", minimal)):
                body, signature = _signed(subscription)
                started = time.perf_counter()
                response = client.post(url, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:200]!r}")
                if index >= 20:
                    times.append(elapsed)
    # Nothing left for a worker: the tasks enqueued here would otherwise run in the next benchmarks' workers.
    DBTaskResult.objects.exclude(pk__in=tasks_before).delete()
    WebhookEventTrigger.objects.filter(pk__gt=first).delete()
    WebhookDelivery.objects.filter(pk__gt=first_delivery).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MINIMAL_TABLE}")  # noqa: S608
    ours_ms, minimal_ms = statistics.median(ours) * 1000, statistics.median(minimal) * 1000
    return {
        "events": events,
        "ours_ms": round(ours_ms, 3),
        "minimal_ms": round(minimal_ms, 3),
        "ratio": round(ours_ms / minimal_ms, 2),
        "target": "<= 2.0",
        "met": ours_ms / minimal_ms <= 2.0,
    }


def benchmark_processing(events: int = 300, workers: int = 2, interval: float = 0.1) -> dict[str, Any]:
    """Events per second that ``workers`` ``db_worker`` processes turn into Events (stored, then processed).

    The workers start first and idle; the deliveries are stored in one transaction, so every task becomes
    visible at once on commit; the clock runs from that commit until the last delivery is processed (its
    row is deleted in the commit that records its trigger and Event).
    """
    from djstripe.models import WebhookEventTrigger

    from quickscale_modules.billing.models import WebhookDelivery

    if "database" not in str(getattr(settings, "QUICKSCALE_TASKS_BACKEND", "")):
        raise RuntimeError("Run the processing benchmark with TASKS_BACKEND=database.")
    with FakeStripe() as fake:
        subscription = _fake_subscription(fake)
        env = {**os.environ, "STRIPE_API_HOST": fake.url, "TASKS_BACKEND": "database"}
        command = [sys.executable, "manage.py", "db_worker", "--interval", str(interval)]
        processes = [
            subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(workers)
        ]
        try:
            time.sleep(8)  # Django starts in each worker; they poll an empty queue meanwhile
            for process in processes:
                if process.poll() is not None:
                    raise RuntimeError(f"db_worker exited with {process.returncode} before the benchmark started")
            client = Client()
            first = WebhookEventTrigger.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            first_delivery = WebhookDelivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            with transaction.atomic():
                for _ in range(events):
                    body, signature = _signed(subscription)
                    response = client.post(
                        "/billing/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
                    )
                    if response.status_code != 200:
                        raise RuntimeError(f"Webhook answered {response.status_code}: {response.content[:200]!r}")
                # The tasks are enqueued on commit (one row each), while the workers already take them.
                started = time.perf_counter()
            pending = WebhookDelivery.objects.filter(pk__gt=first_delivery, trigger_id__isnull=True)
            deadline = started + 600
            while pending.exists():
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{pending.count()} of {events} events not processed after 600 s")
                time.sleep(0.02)
            seconds = time.perf_counter() - started
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    failed = WebhookDelivery.objects.filter(pk__gt=first_delivery).count()
    failed += WebhookEventTrigger.objects.filter(pk__gt=first).exclude(exception="").count()
    if failed:
        raise RuntimeError(f"{failed} of {events} events failed to process (see the triggers' exception)")
    return {
        "events": events,
        "workers": workers,
        "seconds": round(seconds, 2),
        "per_second": round(events / seconds, 1),
        "target": ">= 100",
        "met": events / seconds >= 100,
    }


def report(events: int = 200) -> None:
    """Print the result as one JSON line (what bench/run.py reads)."""
    print(json.dumps(benchmark_webhooks(events)))


def report_receiver(events: int = 200) -> None:
    print(json.dumps(benchmark_receiver(events)))


def report_processing(events: int = 300, workers: int = 2) -> None:
    print(json.dumps(benchmark_processing(events, workers)))
