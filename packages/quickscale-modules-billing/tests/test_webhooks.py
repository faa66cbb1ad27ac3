from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils.module_loading import import_string
from djstripe.models import Customer, Event, Subscription, WebhookEndpoint, WebhookEventTrigger

from quickscale_core.models import TaskFailure
from quickscale_core.testing import run_db_worker
from quickscale_modules.billing import services
from quickscale_modules.billing.models import WebhookDelivery
from quickscale_modules.billing.testing import (
    FakeStripe,
    make_checkout_session,
    make_customer,
    make_event,
    make_subscription,
    post_event,
    sign_payload,
)
from quickscale_modules.billing.webhooks import SETTINGS_ENDPOINT_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(user: Any, plans: Any, fake_stripe: FakeStripe, customer_for: Any) -> dict[str, Any]:
    customer_id = customer_for(user)
    subscription = fake_stripe.add(make_subscription("sub_hook", customer_id, plans["pro_month"]))
    return {"customer_id": customer_id, "subscription": subscription}


def test_wrong_signature_is_400_and_stores_nothing(client: Client, subscribed: Any) -> None:
    event = make_event("customer.subscription.created", subscribed["subscription"])
    response = post_event(client, event, secret="whsec_not_the_right_one")
    assert response.status_code == 400
    assert not WebhookEventTrigger.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert not Event.objects.exists()
    assert not Subscription.objects.exists()


def test_missing_signature_header_is_400(client: Client) -> None:
    response = client.post("/billing/webhook/", data="{}", content_type="application/json")
    assert response.status_code == 400
    assert not WebhookEventTrigger.objects.exists()


def test_malformed_json_is_400(client: Client) -> None:
    response = post_event(client, "{not json")
    assert response.status_code == 400
    assert not WebhookEventTrigger.objects.exists()
    assert not Event.objects.exists()


def test_no_webhook_secret_configured_is_400(client: Client, settings: Any, subscribed: Any) -> None:
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = post_event(client, make_event("customer.subscription.created", subscribed["subscription"]), secret="x")
    assert response.status_code == 400
    assert b"STRIPE_WEBHOOK_SECRET" in response.content


def test_replay_is_processed_once(client: Client, user: Any, subscribed: Any, fake_stripe: FakeStripe) -> None:
    event = make_event("customer.subscription.created", subscribed["subscription"])
    assert post_event(client, event).status_code == 200
    fetches = len(fake_stripe.requests_to("GET", "/v1/subscriptions/sub_hook"))
    before = Subscription.objects.get(id="sub_hook").stripe_data

    # Stripe changed the subscription since; a replay of the old event must not re-sync it.
    fake_stripe.add(
        make_subscription(
            "sub_hook",
            subscribed["customer_id"],
            {**subscribed["subscription"]["items"]["data"][0]["price"]},
            status="canceled",
        )
    )
    assert post_event(client, event).status_code == 200
    assert Event.objects.filter(id=event["id"]).count() == 1
    assert len(fake_stripe.requests_to("GET", "/v1/subscriptions/sub_hook")) == fetches
    assert Subscription.objects.get(id="sub_hook").stripe_data == before
    assert services.has_entitlement(user, "reports")


def test_signature_too_old_is_rejected(client: Client, subscribed: Any) -> None:
    body = json.dumps(make_event("customer.subscription.created", subscribed["subscription"]))
    header = sign_payload(body, "whsec_quickscale_test_secret", timestamp=1_000_000_000)
    response = client.post(
        "/billing/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 400


def test_unknown_customer_is_recorded_without_crash(client: Client, plans: Any, fake_stripe: FakeStripe) -> None:
    fake_stripe.add(make_customer("cus_stranger"))
    subscription = fake_stripe.add(make_subscription("sub_stranger", "cus_stranger", plans["pro_month"]))
    session = fake_stripe.add(make_checkout_session("cs_test_stranger", "cus_stranger", "sub_stranger"))
    assert post_event(client, make_event("customer.subscription.updated", subscription)).status_code == 200
    assert post_event(client, make_event("checkout.session.completed", session)).status_code == 200
    assert Event.objects.count() == 2
    assert Customer.objects.filter(id="cus_stranger").exists()
    assert WebhookEventTrigger.objects.filter(processed=True).count() == 2


def test_checkout_session_links_an_owner_named_in_metadata(
    client: Client, user: Any, plans: Any, fake_stripe: FakeStripe
) -> None:
    from quickscale_modules.billing.models import BillingCustomer

    fake_stripe.add(make_customer("cus_from_link"))
    subscription = fake_stripe.add(make_subscription("sub_link", "cus_from_link", plans["pro_month"]))
    label = f"{user._meta.label_lower}:{user.pk}"
    session = fake_stripe.add(
        make_checkout_session("cs_test_link", "cus_from_link", "sub_link", client_reference_id=label)
    )
    assert post_event(client, make_event("checkout.session.completed", session)).status_code == 200
    assert BillingCustomer.objects.get(customer_id="cus_from_link").owner == user
    assert post_event(client, make_event("customer.subscription.created", subscription)).status_code == 200
    assert services.get_subscription(user).id == "sub_link"


def test_unknown_event_type_is_recorded_and_ignored(client: Client, fake_stripe: FakeStripe) -> None:
    event = make_event("quickscale.unknown_thing", {"id": "thing_1", "object": "thing"})
    assert post_event(client, event).status_code == 200
    stored = Event.objects.get(id=event["id"])
    assert stored.type == "quickscale.unknown_thing"


def test_failing_handler_leaves_event_for_retry(subscribed: Any, fake_stripe: FakeStripe) -> None:
    """dj-stripe's handler of an invoice event re-fetches the invoice; Stripe failing is recorded and retried."""
    from quickscale_modules.billing.testing import make_invoice

    client = Client(raise_request_exception=False)
    invoice = fake_stripe.add(make_invoice("in_fake000009", subscribed["customer_id"], "sub_hook"))
    event = make_event("invoice.paid", invoice)
    fake_stripe.failing.add("/v1/invoices/")
    # Stored and acknowledged: the processing is a task, which failed (the immediate backend of the
    # tests does not retry; the database and rq backends retry it with backoff).
    assert post_event(client, event).status_code == 200
    trigger = WebhookEventTrigger.objects.get()
    assert trigger.valid
    assert not trigger.processed
    assert trigger.exception
    assert not Event.objects.filter(id=event["id"]).exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.trigger_id == trigger.pk
    failure = TaskFailure.objects.get()
    assert failure.task_path == "quickscale_modules.billing.webhooks.process_delivery"
    assert failure.args == [str(delivery.pk)]

    fake_stripe.failing.clear()  # the admin's "Run again" on the failed task
    import_string(failure.task_path).enqueue(*failure.args)
    trigger.refresh_from_db()
    assert trigger.processed
    assert Event.objects.filter(id=event["id"]).exists()
    assert not WebhookDelivery.objects.exists()

    assert post_event(client, event).status_code == 200  # a redelivery is processed once
    assert Event.objects.filter(id=event["id"]).count() == 1
    assert len(fake_stripe.requests_to("GET", "/v1/invoices/in_fake000009")) == 2  # the failure, the retry


def test_invoice_events_update_invoices(
    client: Client, user: Any, subscribed: Any, fake_stripe: FakeStripe, logged_in_client: Client
) -> None:
    from quickscale_modules.billing.testing import make_invoice

    invoice = fake_stripe.add(make_invoice("in_fake000001", subscribed["customer_id"], "sub_hook"))
    assert post_event(client, make_event("invoice.paid", invoice)).status_code == 200
    failed = fake_stripe.add(make_invoice("in_fake000002", subscribed["customer_id"], "sub_hook", status="open"))
    assert post_event(client, make_event("invoice.payment_failed", failed)).status_code == 200
    page = logged_in_client.get("/billing/")
    assert b"QS-000001" in page.content
    assert b"QS-000002" in page.content
    assert b"10.00 USD" in page.content


def test_settings_endpoint_follows_settings(client: Client, settings: Any, subscribed: Any) -> None:
    assert (
        post_event(client, make_event("customer.subscription.created", subscribed["subscription"])).status_code == 200
    )
    settings.STRIPE_WEBHOOK_SECRET = "whsec_rotated"
    event = make_event("customer.subscription.updated", subscribed["subscription"])
    assert post_event(client, event).status_code == 200
    assert WebhookEndpoint.objects.get(id=SETTINGS_ENDPOINT_ID).secret == "whsec_rotated"


def test_payment_failure_past_due_keeps_access_during_grace(
    client: Client, user: Any, subscribed: Any, fake_stripe: FakeStripe, settings: Any
) -> None:
    import time

    settings.QUICKSCALE_BILLING_GRACE_DAYS = 3
    price = subscribed["subscription"]["items"]["data"][0]["price"]
    ended = int(time.time()) - 2 * 86400
    past_due = make_subscription("sub_hook", subscribed["customer_id"], price, status="past_due", period_end=ended)
    fake_stripe.add(past_due)
    assert post_event(client, make_event("customer.subscription.updated", past_due)).status_code == 200
    assert services.get_subscription(user).status == "past_due"
    assert services.has_entitlement(user, "reports")  # 2 days past the period end, 3 days of grace

    ended = int(time.time()) - 5 * 86400
    later = make_subscription("sub_hook", subscribed["customer_id"], price, status="past_due", period_end=ended)
    fake_stripe.add(later)
    assert post_event(client, make_event("customer.subscription.updated", later)).status_code == 200
    assert not services.has_entitlement(user, "reports")


def _event_with(**changes: Any) -> str:
    event = make_event("customer.subscription.created", {"id": "sub_shape", "object": "subscription"})
    event.update(changes)
    return json.dumps({key: value for key, value in event.items() if value is not _DROP})


_DROP = object()

#: Validly signed bodies that are not Stripe events (issue 13.4): each is a 400 and stores nothing.
NOT_EVENTS = {
    "null": "null",
    "a list": json.dumps([make_event("customer.created", {"id": "cus_x", "object": "customer"})]),
    "an empty list": "[]",
    "a number": "42",
    "a string": '"evt_1"',
    "true": "true",
    "an empty object": "{}",
    "no type": _event_with(type=_DROP),
    "type a number": _event_with(type=7),
    "empty type": _event_with(type=""),
    "no id": _event_with(id=_DROP),
    "id a list": _event_with(id=["evt_1"]),
    "id too long": _event_with(id="evt_" + "x" * 300),
    "not an event object": _event_with(object="customer"),
    "no livemode": _event_with(livemode=_DROP),
    "livemode a string": _event_with(livemode="false"),
    "created a string": _event_with(created="yesterday"),
    "created out of range": _event_with(created=10**20),
    "api_version a number": _event_with(api_version=2024),
    "data a string": _event_with(data="sub_shape"),
    "data a list": _event_with(data=[]),
    "data null": _event_with(data=None),
    "data without object": _event_with(data={}),
    "data.object a string": _event_with(data={"object": "sub_shape"}),
}


@pytest.mark.parametrize("body", NOT_EVENTS.values(), ids=NOT_EVENTS.keys())
def test_signed_body_that_is_not_an_event_is_400_and_stores_nothing(body: str, fake_stripe: FakeStripe) -> None:
    client = Client(raise_request_exception=False)
    response = post_event(client, body)  # signed with the real secret
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith("Not a Stripe event: ")
    assert "\n" not in text
    assert not WebhookEventTrigger.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert not Event.objects.exists()
    assert not fake_stripe.requests


def test_body_that_is_not_utf8_is_400_and_stores_nothing(client: Client) -> None:
    response = client.post(
        "/billing/webhook/",
        data=b"\xff\xfe{}",
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload("{}", "whsec_quickscale_test_secret"),
    )
    assert response.status_code == 400
    assert not WebhookEventTrigger.objects.exists()


def test_stripe_listen_secret_header_is_accepted_with_debug(
    client: Client, settings: Any, subscribed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """With DEBUG, dj-stripe takes the secret `stripe listen` prints from a header; the early check does too."""
    settings.DEBUG = True
    event = make_event("customer.subscription.created", subscribed["subscription"])
    body = json.dumps(event)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/billing/webhook/",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign_payload(body, "whsec_from_stripe_listen"),
            HTTP_X_DJSTRIPE_WEBHOOK_SECRET="whsec_from_stripe_listen",
        )
    assert response.status_code == 200
    assert Event.objects.filter(id=event["id"]).exists()


def test_retrieve_event_validation_mismatch_is_400_and_stores_nothing(
    client: Client, settings: Any, subscribed: Any, fake_stripe: FakeStripe
) -> None:
    """With validation by re-fetching the event, dj-stripe decides; an event Stripe tells otherwise is refused."""
    settings.DJSTRIPE_WEBHOOK_VALIDATION = "retrieve_event"
    event = make_event("customer.subscription.created", subscribed["subscription"])
    fake_stripe.add({**event, "data": {"object": {**event["data"]["object"], "status": "canceled"}}})
    response = post_event(client, event, secret="whsec_not_checked_by_this_method")
    assert response.status_code == 400
    assert not WebhookEventTrigger.objects.exists()
    assert not Event.objects.exists()


def test_the_request_stores_and_acknowledges_a_worker_processes(
    client: Client, settings: Any, subscribed: Any, fake_stripe: FakeStripe
) -> None:

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = make_event("customer.subscription.created", subscribed["subscription"])

    assert post_event(client, event).status_code == 200
    assert WebhookDelivery.objects.get().event_id == event["id"]
    assert not WebhookEventTrigger.objects.exists()  # recorded by the task
    assert not Event.objects.exists()  # nothing processed inside the request

    run_db_worker()

    trigger = WebhookEventTrigger.objects.get()
    assert trigger.valid
    assert trigger.processed
    assert not WebhookDelivery.objects.exists()
    assert Event.objects.filter(id=event["id"]).exists()
    assert Subscription.objects.filter(id="sub_hook").exists()


@pytest.mark.django_db(transaction=True)
def test_the_settings_endpoint_is_read_once_and_written_again_when_deleted(client: Client, settings: Any) -> None:
    from django.db import connection

    from quickscale_modules.billing import webhooks

    sql: list[str] = []

    def record(execute: Any, text: str, *args: Any) -> Any:
        sql.append(text)
        return execute(text, *args)

    webhooks.forget_settings_endpoint()
    event = make_event("invoice.upcoming", {"object": "invoice", "id": "in_cached"})
    with FakeStripe():
        assert post_event(client, event).status_code == 200
        with connection.execute_wrapper(record):
            assert (
                post_event(client, make_event("invoice.upcoming", {"object": "invoice", "id": "in_2"})).status_code
                == 200
            )
        WebhookEndpoint.objects.filter(id=SETTINGS_ENDPOINT_ID).delete()
        assert (
            post_event(client, make_event("invoice.upcoming", {"object": "invoice", "id": "in_3"})).status_code == 200
        )

    stored = next(
        index for index, text in enumerate(sql) if text.startswith('INSERT INTO "quickscale_billing_webhookdelivery"')
    )
    assert not any("djstripe_webhookendpoint" in text for text in sql[:stored])
    assert WebhookEndpoint.objects.filter(id=SETTINGS_ENDPOINT_ID).exists()
    assert WebhookEventTrigger.objects.filter(valid=True).count() == 3
