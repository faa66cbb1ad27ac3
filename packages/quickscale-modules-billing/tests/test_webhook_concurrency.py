"""Two deliveries of one event at the same moment (issue 13.4): both answered without a 500, handled once.

Real threads, each with its own connection, against PostgreSQL (``--ds=tests.settings_postgres``,
a throwaway server; nox runs that variant). SQLite serialises writers, so it cannot show this race.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from djstripe.models import Event, WebhookEndpoint, WebhookEventTrigger
from djstripe.signals import WEBHOOK_SIGNALS

from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.testing import FakeStripe, make_event, make_subscription, sign_payload
from quickscale_modules.billing.webhooks import SETTINGS_ENDPOINT_ID

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


def deliver_at_once(body: str, deliveries: int = 2) -> list[int]:
    """POST the signed ``body`` from ``deliveries`` threads released together; their status codes."""
    header = sign_payload(body, app_settings.webhook_secret)
    start = threading.Barrier(deliveries)
    statuses: list[int] = [0] * deliveries
    errors: list[BaseException] = []

    def deliver(index: int) -> None:
        try:
            client = Client(raise_request_exception=False)
            start.wait(timeout=30)
            response = client.post(
                "/billing/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )
            statuses[index] = response.status_code
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=deliver, args=(index,)) for index in range(deliveries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return statuses


def test_simultaneous_deliveries_of_one_event_are_answered_and_handled_once(
    user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    assert connection.vendor == "postgresql"
    customer_id = customer_for(user)
    handled: list[str] = []

    def slow_handler(sender: Any, event: Event, **kwargs: Any) -> None:
        handled.append(event.id)
        time.sleep(0.3)  # keep the first delivery's transaction open while the second arrives

    signal = WEBHOOK_SIGNALS["customer.subscription.created"]
    signal.connect(slow_handler, weak=False)
    try:
        for round_ in range(ROUNDS):
            # A fresh start each round: both deliveries also find no settings endpoint row yet.
            WebhookEndpoint.objects.filter(id=SETTINGS_ENDPOINT_ID).delete()
            subscription = fake_stripe.add(make_subscription(f"sub_race{round_}", customer_id, plans["pro_month"]))
            event = make_event("customer.subscription.created", subscription)

            assert deliver_at_once(json.dumps(event)) == [200, 200]
            assert handled.count(event["id"]) == 1
            assert Event.objects.filter(id=event["id"]).count() == 1
            assert not fake_stripe.requests_to("GET", f"/v1/subscriptions/sub_race{round_}")  # from the payload
    finally:
        signal.disconnect(slow_handler)
    assert len(handled) == ROUNDS
    assert WebhookEndpoint.objects.filter(id=SETTINGS_ENDPOINT_ID).count() == 1
    triggers = WebhookEventTrigger.objects.all()
    assert len(triggers) == 2 * ROUNDS
    assert all(trigger.processed and not trigger.exception for trigger in triggers)
