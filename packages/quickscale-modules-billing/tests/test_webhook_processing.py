"""The webhook's delivery row and its processing task (issue 15): nothing lost, processed once, in order.

The request stores a narrow :class:`WebhookDelivery` with its task; the task records dj-stripe's trigger
and Event and applies ``customer.subscription.*`` events from their payload, leaving dj-stripe's rows as
its own sync of that payload would.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import stripe
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from djstripe.models import Event, Subscription, SubscriptionItem, WebhookEventTrigger
from djstripe.signals import WEBHOOK_SIGNALS

from quickscale_core import signals as core_signals
from quickscale_core.models import TaskFailure
from quickscale_core.testing import run_db_worker
from quickscale_modules.billing import services, webhooks
from quickscale_modules.billing.models import AppliedStripeEvent, WebhookDelivery
from quickscale_modules.billing.testing import FakeStripe, make_event, make_subscription, post_event, sign_payload

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def stored(user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any) -> dict[str, Any]:
    """A subscription already stored locally (dj-stripe's sync), as after checkout."""
    customer_id = customer_for(user)
    subscription = fake_stripe.add(make_subscription("sub_stored", customer_id, plans["pro_month"]))
    Subscription.sync_from_stripe_data(stripe.convert_to_stripe_object(subscription))
    return {"customer_id": customer_id, "subscription": subscription, "price": plans["pro_month"]}


def changed(subscription: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``subscription`` with ``changes`` (and the first item's quantity with ``quantity``)."""
    data = copy.deepcopy(subscription)
    quantity = changes.pop("quantity", None)
    data.update(changes)
    if quantity is not None:
        data["items"]["data"][0]["quantity"] = quantity
    return data


def with_created(event: dict[str, Any], created: int) -> dict[str, Any]:
    return {**event, "created": created}


def columns(row: Any) -> dict[str, Any]:
    """A stored row's values, without dj-stripe's bookkeeping columns (row id, created/updated stamps)."""
    skipped = {"djstripe_id", "djstripe_created", "djstripe_updated"}
    return {
        field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields if field.name not in skipped
    }


def snapshot(subscription_id: str) -> dict[str, Any]:
    subscription = Subscription.objects.get(id=subscription_id)
    items = SubscriptionItem.objects.filter(subscription_id=subscription_id).order_by("id")
    return {
        "subscription": columns(subscription),
        "items": [{**columns(item), "tax_rates": list(item.tax_rates.values_list("id", flat=True))} for item in items],
    }


def test_the_request_stores_a_delivery_and_its_task_and_writes_nothing_else(
    client: Client, settings: Any, stored: Any, fake_stripe: FakeStripe
) -> None:
    settings.TASKS = DATABASE_TASKS
    from django_tasks_db.models import DBTaskResult

    event = make_event("customer.subscription.updated", changed(stored["subscription"], status="past_due"))
    body = json.dumps(event)
    response = client.post(
        "/billing/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload(body, "whsec_quickscale_test_secret"),
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert delivery.body == body
    assert delivery.event_id == event["id"]
    assert delivery.signature.startswith("t=")
    assert delivery.headers["Stripe-Signature"] == delivery.signature
    assert delivery.remote_ip == "203.0.113.9"
    assert delivery.trigger_id is None
    task = DBTaskResult.objects.get()
    assert task.task_path == "quickscale_modules.billing.webhooks.process_delivery"
    assert task.args_kwargs == {"args": [str(delivery.pk)], "kwargs": {}}
    assert not WebhookEventTrigger.objects.exists()
    assert not Event.objects.exists()

    run_db_worker()

    assert not WebhookDelivery.objects.exists()  # deleted in the commit that recorded the trigger and Event
    trigger = WebhookEventTrigger.objects.get()
    assert trigger.valid
    assert trigger.processed
    assert not trigger.exception
    assert trigger.body == body
    assert trigger.remote_ip == "203.0.113.9"
    assert trigger.headers["Stripe-Signature"] == delivery.signature
    assert trigger.webhook_endpoint_id == webhooks.SETTINGS_ENDPOINT_ID
    assert trigger.event_id == event["id"]
    assert Subscription.objects.get(id="sub_stored").status == "past_due"
    assert not fake_stripe.requests_to("GET", "/v1/subscriptions/")  # applied from the payload


@pytest.mark.parametrize("secret", ["whsec_not_the_right_one", None])
def test_bad_input_writes_no_delivery(client: Client, stored: Any, secret: str | None) -> None:
    if secret is None:
        response = post_event(client, "{not json")
    else:
        response = post_event(client, make_event("customer.subscription.updated", stored["subscription"]), secret)
    assert response.status_code == 400
    assert "\n" not in response.content.decode()
    assert not WebhookDelivery.objects.exists()
    assert not WebhookEventTrigger.objects.exists()


def test_duplicate_deliveries_and_task_retries_are_processed_once(client: Client, settings: Any, stored: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    handled: list[str] = []

    def count(sender: Any, event: Event, **kwargs: Any) -> None:
        handled.append(event.id)

    WEBHOOK_SIGNALS["customer.subscription.updated"].connect(count, weak=False, dispatch_uid="test_count")
    try:
        event = make_event("customer.subscription.updated", changed(stored["subscription"], status="past_due"))
        assert post_event(client, event).status_code == 200
        assert post_event(client, event).status_code == 200  # Stripe delivers it again
        first, _second = WebhookDelivery.objects.order_by("received_at")
        run_db_worker()
        # A task run again for a delivery already processed (a retry after a lost acknowledgement).
        assert webhooks.process_delivery.call(str(first.pk)) == ""
    finally:
        WEBHOOK_SIGNALS["customer.subscription.updated"].disconnect(dispatch_uid="test_count")
    assert handled == [event["id"]]
    assert Event.objects.filter(id=event["id"]).count() == 1
    triggers = WebhookEventTrigger.objects.all()
    assert len(triggers) == 2  # one per delivery, as dj-stripe records every request
    assert all(trigger.processed and trigger.event_id == event["id"] for trigger in triggers)
    assert not WebhookDelivery.objects.exists()


def test_a_failing_handler_is_recorded_and_the_retry_processes_it(client: Client, settings: Any, stored: Any) -> None:
    raising = {"on": True}

    def fail(sender: Any, event: Event, **kwargs: Any) -> None:
        if raising["on"]:
            raise RuntimeError("the handler failed")

    signal = WEBHOOK_SIGNALS["customer.subscription.updated"]
    signal.connect(fail, weak=False, dispatch_uid="test_fail")
    try:
        event = make_event("customer.subscription.updated", changed(stored["subscription"], status="past_due"))
        assert post_event(Client(raise_request_exception=False), event).status_code == 200
        delivery = WebhookDelivery.objects.get()
        trigger = WebhookEventTrigger.objects.get()
        assert delivery.trigger_id == trigger.pk
        assert trigger.valid
        assert not trigger.processed
        assert trigger.exception == "the handler failed"
        assert "RuntimeError" in trigger.traceback
        assert not Event.objects.exists()  # rolled back with the partial work
        assert Subscription.objects.get(id="sub_stored").status == "active"
        failure = TaskFailure.objects.get()
        assert failure.task_path == "quickscale_modules.billing.webhooks.process_delivery"
        assert failure.args == [str(delivery.pk)]

        raising["on"] = False  # the admin's "Run again" on the failed task
        webhooks.process_delivery.call(*failure.args)
    finally:
        signal.disconnect(dispatch_uid="test_fail")
    trigger.refresh_from_db()
    assert trigger.processed
    assert not trigger.exception
    assert not trigger.traceback
    assert trigger.event_id == event["id"]
    assert WebhookEventTrigger.objects.count() == 1  # the same trigger, not a second one
    assert not WebhookDelivery.objects.exists()
    assert Subscription.objects.get(id="sub_stored").status == "past_due"


def test_an_older_event_delivered_later_does_not_overwrite_newer_state(client: Client, user: Any, stored: Any) -> None:
    received: list[str] = []

    def on_changed(sender: Any, status: str, **kwargs: Any) -> None:
        received.append(status)

    core_signals.subscription_changed.connect(on_changed, weak=False, dispatch_uid="test_order")
    try:
        older = with_created(
            make_event("customer.subscription.updated", changed(stored["subscription"], status="past_due")), 1_000
        )
        newer = with_created(
            make_event("customer.subscription.updated", changed(stored["subscription"], status="canceled")), 1_060
        )
        assert post_event(client, newer).status_code == 200
        assert post_event(client, older).status_code == 200
    finally:
        core_signals.subscription_changed.disconnect(dispatch_uid="test_order")
    assert Subscription.objects.get(id="sub_stored").status == "canceled"
    assert services.get_subscription(user).status == "canceled"
    assert received == ["canceled"]  # the stale event is not told to other modules either
    assert Event.objects.filter(id=older["id"]).exists()  # stored (and its trigger processed), not applied
    assert WebhookEventTrigger.objects.filter(processed=True).count() == 2
    applied = AppliedStripeEvent.objects.get(object_id="sub_stored")
    assert (applied.event_id, applied.event_created) == (newer["id"], 1_060)

    later = with_created(
        make_event("customer.subscription.updated", changed(stored["subscription"], status="active")), 1_060
    )
    assert post_event(client, later).status_code == 200  # the same second: the later delivery applies
    assert Subscription.objects.get(id="sub_stored").status == "active"


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "past_due"},
        {"cancel_at_period_end": True, "metadata": {"seats": "3"}},
        {"quantity": 4, "livemode": False, "description": None},
    ],
    ids=["status", "cancel and metadata", "quantity"],
)
def test_the_payload_is_applied_as_djstripe_syncs_it(
    client: Client, stored: Any, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any]
) -> None:
    data = changed(stored["subscription"], **changes)
    event = make_event("customer.subscription.updated", data)

    def no_generic_sync(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the stored subscription is updated in place, not by dj-stripe's sync")

    with monkeypatch.context() as patched:
        patched.setattr(Subscription, "sync_from_stripe_data", no_generic_sync)
        assert post_event(client, event).status_code == 200
    assert WebhookEventTrigger.objects.get().processed
    ours = snapshot("sub_stored")

    Subscription.sync_from_stripe_data(stripe.convert_to_stripe_object(data))  # dj-stripe's own, same payload
    assert snapshot("sub_stored") == ours
    assert ours["subscription"]["stripe_data"] == data


def test_a_subscription_not_stored_yet_goes_through_djstripes_sync_of_the_payload(
    client: Client, user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any
) -> None:
    customer_id = customer_for(user)
    data = make_subscription("sub_new", customer_id, plans["pro_month"])
    assert post_event(client, make_event("customer.subscription.created", data)).status_code == 200
    assert not fake_stripe.requests_to("GET", "/v1/subscriptions/")  # no re-fetch: the payload is the object
    ours = snapshot("sub_new")
    Subscription.sync_from_stripe_data(stripe.convert_to_stripe_object(data))
    assert snapshot("sub_new") == ours
    assert services.get_subscription(user).id == "sub_new"


def test_a_new_item_falls_back_to_djstripes_sync(client: Client, stored: Any) -> None:
    """A plan change brings a new item: dj-stripe's sync of the payload stores it (and keeps the old one)."""
    upgraded = make_subscription("sub_stored", stored["customer_id"], stored["price"], quantity=2)
    assert post_event(client, make_event("customer.subscription.updated", upgraded)).status_code == 200
    ours = snapshot("sub_stored")
    assert len(ours["items"]) == 2
    Subscription.sync_from_stripe_data(stripe.convert_to_stripe_object(upgraded))
    assert snapshot("sub_stored") == ours


def test_other_event_types_keep_djstripes_handlers() -> None:
    from djstripe.event_handlers import handle_customer_subscription_event

    for event_type in webhooks.SUBSCRIPTION_EVENTS:
        receivers = [ref() for _key, ref, *_rest in WEBHOOK_SIGNALS[event_type].receivers]
        assert handle_customer_subscription_event not in receivers
        assert webhooks.apply_subscription_event in receivers
    customer_receivers = [ref() for _key, ref, *_rest in WEBHOOK_SIGNALS["customer.updated"].receivers]
    assert webhooks.apply_subscription_event not in customer_receivers
    assert customer_receivers  # dj-stripe's own


@pytest.mark.django_db(transaction=True)
def test_the_delivery_and_its_task_row_are_written_together(settings: Any) -> None:
    """``insert_with_task`` writes the rows ``save()`` and the backend's ``enqueue`` write, both or neither
    (on PostgreSQL in one statement)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from quickscale_core.tasks import insert_with_task

    settings.TASKS = DATABASE_TASKS

    def new_delivery(event_id: str) -> WebhookDelivery:
        return WebhookDelivery(
            body="{}",
            signature="t=1,v1=x",
            headers={"User-Agent": "Stripe/1.0"},
            remote_ip="127.0.0.1",
            event_id=event_id,
            received_at=timezone.now(),
        )

    skipped = {"id", "enqueued_at"}
    for event_id in ("evt_one", "evt_two"):  # the SQL compiled by Django, then the same SQL remembered
        delivery = new_delivery(event_id)
        with CaptureQueriesContext(connection) as queries:
            assert insert_with_task(delivery, webhooks.process_delivery, str(delivery.pk))
        inserts = [query for query in queries.captured_queries if "INSERT" in query["sql"]]
        assert len(inserts) == (1 if connection.vendor == "postgresql" else 2)
        ours = DBTaskResult.objects.get()
        webhooks.process_delivery.enqueue(str(delivery.pk))
        theirs = DBTaskResult.objects.exclude(pk=ours.pk).get()
        assert {k: v for k, v in columns(ours).items() if k not in skipped} == {
            k: v for k, v in columns(theirs).items() if k not in skipped
        }
        stored = WebhookDelivery.objects.get(pk=delivery.pk)
        assert columns(stored) == columns(delivery)
        DBTaskResult.objects.all().delete()

    # Both or neither: a second delivery with the same primary key fails, and its task row is not kept.
    with pytest.raises(IntegrityError):
        insert_with_task(delivery, webhooks.process_delivery, str(delivery.pk))
    assert not DBTaskResult.objects.exists()
    WebhookDelivery.objects.all().delete()
