"""Stripe webhooks: a narrow delivery row in the request, dj-stripe's trigger and Event in a task.

``/billing/webhook/`` is the stable URL to give Stripe. The request checks the signature with
``STRIPE_WEBHOOK_SECRET`` (dj-stripe's check: secret, tolerance, ``DEBUG`` header override) and the
event's envelope (:func:`event_shape_error`): a bad signature or a body that is not a Stripe event is a
400 with one line and nothing is written. A good delivery is stored as one narrow
:class:`~quickscale_modules.billing.models.WebhookDelivery` row (body, signature, headers, remote ip,
received_at) in the same commit as its :func:`process_delivery` task, and answered 200: nothing answered
200 is lost.

The task does what dj-stripe's ``WebhookEventTrigger.from_request`` did in the request: it records the
``WebhookEventTrigger`` (valid: its signature was checked before it was stored), stores the ``Event``
once per event id (a redelivery gets its own trigger, not a second processing), runs the handlers
(``djstripe.signals.WEBHOOK_SIGNALS``) and deletes the delivery, all in one commit. A failing handler
rolls that back, is recorded on the trigger (exception and traceback, ``webhook_processing_error``) and
raises, so the task is retried with backoff (quickscale_core.tasks), then recorded as a failed task
that the admin can run again. The Stripe API key (and the account it belongs to) is read once per task.

``customer.subscription.*`` events are applied from the event's own payload by
:func:`apply_subscription_event` (Stripe sends the object) instead of dj-stripe's handler, which
re-fetches the subscription from Stripe and syncs it generically: the same rows and values as
dj-stripe's sync of that payload, in a few queries, and an event older than the last one applied to the
subscription is not applied over it (Stripe does not guarantee order). Every other event type keeps
dj-stripe's handlers. With ``DJSTRIPE_WEBHOOK_VALIDATION = "retrieve_event"`` the request keeps
dj-stripe's own path (:func:`store_trigger`, validation by re-fetching the event before storing).
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass
from traceback import format_exc
from typing import Any

import stripe
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.db import models as db_models
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from djstripe import signals as djstripe_signals
from djstripe.models import Account, Event, Subscription, SubscriptionItem, WebhookEndpoint, WebhookEventTrigger
from djstripe.models.webhooks import get_remote_ip
from djstripe.settings import djstripe_settings

from quickscale_core.tasks import enqueue_with_transaction, insert_with_task, task
from quickscale_modules.billing import services
from quickscale_modules.billing.app_settings import app_settings
from quickscale_modules.billing.models import AppliedStripeEvent, WebhookDelivery

#: Id of the local WebhookEndpoint row that carries the secret from settings.
SETTINGS_ENDPOINT_ID = "we_quickscale_settings"


#: The envelope of a Stripe event as dj-stripe stores it: required string keys and their column sizes.
_REQUIRED_STRINGS = {"id": 255, "type": 250}
#: The latest timestamp Python turns into a datetime (9999-12-31): ``created`` beyond it cannot be stored.
_MAX_TIMESTAMP = 253_402_300_799


#: The settings endpoint row once read or written in this process, keyed on the settings it carries: a
#: delivery then runs no query for it (one query of four, docs/performance.md). Emptied when a trigger
#: cannot be stored against it (the row was deleted) and when settings change (tests); not used inside a
#: transaction.
_endpoints: dict[tuple[Any, ...], WebhookEndpoint] = {}


def forget_settings_endpoint(**kwargs: Any) -> None:
    _endpoints.clear()


setting_changed.connect(forget_settings_endpoint, dispatch_uid="quickscale_billing_forget_settings_endpoint")


def settings_endpoint() -> WebhookEndpoint:
    """The endpoint row holding ``STRIPE_WEBHOOK_SECRET``, created or updated to match settings.

    Two first deliveries at the same moment both find no row: ``get_or_create`` lets one
    insert it and the other read it, instead of the second failing on the unique id.
    """
    validation = getattr(settings, "DJSTRIPE_WEBHOOK_VALIDATION", "verify_signature") or "none"
    wanted = {
        "secret": app_settings.webhook_secret,
        "livemode": app_settings.live_mode,
        "djstripe_validation_method": validation,
    }
    key = tuple(wanted.items())
    known = _endpoints.get(key)
    # Only outside a transaction (the webhook view runs in autocommit): one that is rolled back, as tests
    # do, may take the row away again, and its foreign key would only fail at a commit that never comes.
    if known is not None and not transaction.get_connection().in_atomic_block:
        return known
    endpoint, created = WebhookEndpoint.objects.get_or_create(
        id=SETTINGS_ENDPOINT_ID,
        defaults={"url": "", "enabled_events": ["*"], "status": "enabled", "api_version": "", **wanted},
    )
    if not created and any(getattr(endpoint, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(endpoint, name, value)
        endpoint.save(update_fields=list(wanted))
    _endpoints.clear()
    _endpoints[key] = endpoint
    return endpoint


def signature_is_valid(request: HttpRequest, body: str, endpoint: WebhookEndpoint) -> bool:
    """dj-stripe's signature check, run before it stores the request (same secret, tolerance and
    ``DEBUG`` header override). Other validation methods are left to dj-stripe."""
    if endpoint.djstripe_validation_method != "verify_signature":
        return True
    secret = endpoint.secret
    if settings.DEBUG:  # `stripe listen` forwarding, as dj-stripe allows it
        secret = request.headers.get("x-djstripe-webhook-secret") or secret
    try:
        stripe.WebhookSignature.verify_header(
            body, request.headers["stripe-signature"], secret, endpoint.djstripe_tolerance
        )
    except stripe.SignatureVerificationError:
        return False
    return True


def parse_event(body: str) -> tuple[dict[str, Any] | None, str | None]:
    """The Stripe event in ``body`` and None, or None and why it is not one that dj-stripe can store."""
    try:
        event = json.loads(body)
    except ValueError:
        return None, "the body is not JSON."
    if not isinstance(event, dict):
        return None, "the body is not a JSON object."
    if event.get("object") != "event":
        return None, '"object" is not "event".'
    for key, size in _REQUIRED_STRINGS.items():
        value = event.get(key)
        if not isinstance(value, str) or not 0 < len(value) <= size:
            return None, f'"{key}" is not a string of 1 to {size} characters.'
    if not isinstance(event.get("livemode"), bool):
        return None, '"livemode" is not true or false.'
    created = event.get("created")
    if isinstance(created, bool) or not isinstance(created, int) or not 0 <= created <= _MAX_TIMESTAMP:
        return None, '"created" is not a Unix timestamp.'
    api_version = event.get("api_version")
    if api_version is not None and not (isinstance(api_version, str) and len(api_version) <= 64):
        return None, '"api_version" is not a string of at most 64 characters.'
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return None, '"data.object" is not an object.'
    return event, None


def event_shape_error(body: str) -> str | None:
    """Why ``body`` is not a Stripe event that dj-stripe can store (one line), or None when it is one."""
    return parse_event(body)[1]


@method_decorator(transaction.non_atomic_requests, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(login_not_required, name="dispatch")
class WebhookView(View):
    """Receives Stripe's events: 400 on a bad signature or body, 500 when a handler fails (Stripe retries)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if "stripe-signature" not in request.headers:
            return HttpResponseBadRequest("Missing Stripe-Signature header.")
        if not app_settings.webhook_secret:
            return HttpResponseBadRequest("STRIPE_WEBHOOK_SECRET is not set.")
        endpoint = settings_endpoint()
        try:
            body = request.body.decode("utf-8")
        except UnicodeDecodeError:
            return HttpResponseBadRequest("Invalid signature or payload.")
        if not signature_is_valid(request, body, endpoint):
            return HttpResponseBadRequest("Invalid signature or payload.")
        event, problem = parse_event(body)
        if event is None:
            return HttpResponseBadRequest(f"Not a Stripe event: {problem}")
        if endpoint.djstripe_validation_method == "retrieve_event":
            # dj-stripe validates by re-fetching the event from Stripe: its own path, in the request.
            return self._store_trigger(request, body, endpoint)
        delivery = store_delivery(request, body, str(event["id"]))
        return HttpResponse(str(delivery.pk))

    def _store_trigger(self, request: HttpRequest, body: str, endpoint: WebhookEndpoint) -> HttpResponse:
        try:
            trigger = store_trigger(request, body, endpoint)
        except IntegrityError:
            # The remembered endpoint row is gone (deleted in the admin): write it again and store once more.
            forget_settings_endpoint()
            trigger = store_trigger(request, body, settings_endpoint())
        if not trigger.valid:
            # Nothing of an unverified body is kept beyond the trigger row itself.
            trigger.delete()
            return HttpResponseBadRequest("Invalid signature or payload.")
        return HttpResponse(str(trigger.id))


def store_delivery(request: HttpRequest, body: str, event_id: str) -> WebhookDelivery:
    """Store a delivery whose signature and envelope were checked, and enqueue :func:`process_delivery`.

    One narrow row and, with the database tasks backend, its task row in one commit (other backends:
    enqueued on commit): the request's only writes, so the 200 follows a durable store.
    """
    delivery = WebhookDelivery(
        body=body,
        signature=request.headers["stripe-signature"],
        headers=dict(request.headers),
        remote_ip=get_remote_ip(request),
        received_at=timezone.now(),
        event_id=event_id,
    )
    # The database tasks backend: both rows at once (PostgreSQL: one statement, docs/performance.md); other
    # backends: the delivery, and the task enqueued on commit.
    if not insert_with_task(delivery, process_delivery, str(delivery.pk)):
        with transaction.atomic():
            delivery.save(force_insert=True)
            enqueue_with_transaction(process_delivery, str(delivery.pk))
    return delivery


def _api_key(trigger: WebhookEventTrigger) -> str | None:
    account = trigger.stripe_trigger_account
    endpoint = trigger.webhook_endpoint
    livemode = bool(endpoint.livemode) if endpoint is not None else False
    key = (account.default_api_key if account else None) or djstripe_settings.get_default_api_key(livemode)
    return str(key) if key else None


def _record_failure(trigger: WebhookEventTrigger, exc: Exception, api_key: str | None) -> None:
    max_length = WebhookEventTrigger._meta.get_field("exception").max_length
    trigger.exception = str(exc)[:max_length]
    trigger.traceback = format_exc()
    djstripe_signals.webhook_processing_error.send(
        sender=WebhookEventTrigger, instance=trigger, api_key=api_key, exception=exc, data=getattr(exc, "http_body", "")
    )
    trigger.save()


def store_trigger(request: HttpRequest, body: str, endpoint: WebhookEndpoint) -> WebhookEventTrigger:
    """dj-stripe's ``WebhookEventTrigger.from_request`` without the processing: record the delivery,
    validate it (dj-stripe's validation method and signals), and enqueue :func:`process_trigger`
    once committed when it is valid. A validation that raises is recorded on the row and re-raised."""
    # Validated before its first save, then written once (one INSERT instead of an INSERT and an UPDATE:
    # the request's cost against a minimal receiver, docs/performance.md). Validation reads no row id.
    trigger = WebhookEventTrigger(
        headers=dict(request.headers),
        body=body,
        remote_ip=get_remote_ip(request),
        stripe_trigger_account=endpoint.djstripe_owner_account,
        webhook_endpoint=endpoint,
    )
    api_key = _api_key(trigger)
    try:
        djstripe_signals.webhook_pre_validate.send(sender=WebhookEventTrigger, instance=trigger)
        trigger.valid = trigger.validate(secret=endpoint.secret, api_key=api_key)
        djstripe_signals.webhook_post_validate.send(sender=WebhookEventTrigger, instance=trigger, valid=trigger.valid)
    except Exception as exc:
        _record_failure(trigger, exc, api_key)
        raise
    # The trigger and, with the database backend, its task row in one commit (other backends: on commit).
    with transaction.atomic():
        trigger.save(force_insert=True)
        if trigger.valid:
            enqueue_with_transaction(process_trigger, trigger.pk)
    return trigger


@task()
def process_trigger(trigger_id: int) -> str:
    """Process a stored, valid delivery into its Event and run the handlers; returns the event id.

    Idempotent: a trigger already processed is left alone, and dj-stripe does not process an event
    it already stored. A failure rolls back the partial work, is recorded on the trigger (exception
    and traceback, as dj-stripe does) and raises, so the task is retried with backoff.
    """
    trigger = WebhookEventTrigger.objects.get(pk=trigger_id)
    if trigger.processed:
        return str(trigger.event_id or "")
    api_key = _api_key(trigger)
    try:
        with transaction.atomic():
            djstripe_signals.webhook_pre_process.send(sender=WebhookEventTrigger, instance=trigger)
            trigger.process(save=False, api_key=api_key)
            djstripe_signals.webhook_post_process.send(sender=WebhookEventTrigger, instance=trigger, api_key=api_key)
    except Exception as exc:
        _record_failure(trigger, exc, api_key)
        raise
    trigger.save()
    return str(trigger.event_id or "")


@dataclass(frozen=True)
class _Processing:
    """What a :func:`process_delivery` task reads once and its handlers share."""

    api_key: str | None
    #: The id of the account dj-stripe records as the owner of the objects synced with ``api_key`` (or None).
    owner_account_id: str | None


_processing: ContextVar[_Processing | None] = ContextVar("quickscale_billing_webhook_processing", default=None)


@task()
def process_delivery(delivery_id: str) -> str:
    """Process a stored delivery (:func:`process_stored_delivery`); the event id, "" when already done."""
    try:
        return process_stored_delivery(delivery_id)
    except IntegrityError:
        # The remembered settings endpoint row is gone (deleted in the admin): write it again, once.
        if WebhookEndpoint.objects.filter(id=SETTINGS_ENDPOINT_ID).exists():
            raise
        forget_settings_endpoint()
        return process_stored_delivery(delivery_id)


def process_stored_delivery(delivery_id: str) -> str:
    """Process a stored delivery: its trigger, its Event (once per event id) and the handlers; the event id.

    Idempotent: a delivery already processed is gone (deleted in the commit that recorded its trigger
    and Event), and an event already stored is not processed again. A failure rolls back the partial
    work, is recorded on the delivery's trigger (exception and traceback, as dj-stripe does) and
    raises, so the task is retried with backoff.
    """
    # With the delivery, whether the remembered settings endpoint row is still there (deleted in the admin,
    # the trigger's foreign key would only fail at the commit, after the handlers ran): one query.
    delivery = (
        WebhookDelivery.objects.filter(pk=delivery_id)
        .annotate(endpoint_stored=db_models.Exists(WebhookEndpoint.objects.filter(id=SETTINGS_ENDPOINT_ID)))
        .first()
    )
    if delivery is None:
        return ""  # processed: its trigger and Event were stored when the delivery was deleted
    if not delivery.endpoint_stored:
        forget_settings_endpoint()
    endpoint = settings_endpoint()
    trigger = None
    if delivery.trigger_id is not None:  # a retry: the trigger recording the earlier failure
        trigger = WebhookEventTrigger.objects.filter(pk=delivery.trigger_id).first()
    if trigger is None:
        trigger = WebhookEventTrigger(
            headers=delivery.headers,
            body=delivery.body,
            remote_ip=delivery.remote_ip,
            stripe_trigger_account=endpoint.djstripe_owner_account,
            webhook_endpoint=endpoint,
        )
        # Its signature was checked before the delivery was stored (that check's tolerance is long past
        # on a retry): valid, with dj-stripe's validation signals for receivers that expect them.
        djstripe_signals.webhook_pre_validate.send(sender=WebhookEventTrigger, instance=trigger)
        trigger.valid = True
        djstripe_signals.webhook_post_validate.send(sender=WebhookEventTrigger, instance=trigger, valid=True)
    api_key = _api_key(trigger)
    data = trigger.json_body
    try:
        with transaction.atomic():
            djstripe_signals.webhook_pre_process.send(sender=WebhookEventTrigger, instance=trigger)
            # Written first, as processed, and committed only with the processing: the handlers that
            # lock rows (two events of one subscription) hold them for fewer statements.
            trigger.exception = ""
            trigger.traceback = ""
            trigger.processed = True
            trigger.event_id = data["id"]
            trigger.save()
            WebhookDelivery.objects.filter(pk=delivery.pk).delete()
            trigger.event = process_event(data, api_key)
            djstripe_signals.webhook_post_process.send(sender=WebhookEventTrigger, instance=trigger, api_key=api_key)
    except Exception as exc:
        trigger.event = None
        trigger.processed = False
        if isinstance(exc, IntegrityError) and not WebhookEndpoint.objects.filter(id=endpoint.pk).exists():
            raise  # nothing can be recorded against the missing endpoint row: process_delivery writes it again
        _record_failure(trigger, exc, api_key)
        if delivery.trigger_id != trigger.pk:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(trigger_id=trigger.pk)
        raise
    return str(trigger.event_id or "")


def process_event(data: dict[str, Any], api_key: str | None) -> Event:
    """dj-stripe's ``Event.process`` with the API key and its account read once: the stored Event of
    ``data["id"]``, or a new one whose handlers ran (inside the caller's transaction)."""
    if data.get("account"):  # a Connect event: dj-stripe resolves that account itself
        return Event.process(data, api_key=api_key)
    key = api_key or djstripe_settings.get_default_api_key(bool(data.get("livemode")))
    owner_id = owner_account_id_for(key)
    token = _processing.set(_Processing(api_key=key, owner_account_id=owner_id))
    try:
        with transaction.atomic():
            event = Event(**stripe_columns(Event, data))
            if owner_id is not None:
                event.djstripe_owner_account_id = owner_id
            event._attach_objects_hook(Event, data, api_key=key)
            event.save(force_insert=True)
            event.invoke_webhook_handlers()
            return event
    except IntegrityError:
        # Stored already (a redelivery, or one processed at the same moment by another worker): its
        # handlers ran there. The insert comes before the handlers, so they did not run here.
        existing = Event.objects.filter(id=data["id"]).first()
        if existing is not None:
            return existing
        raise
    finally:
        _processing.reset(token)


def owner_account_id_for(api_key: str) -> str | None:
    """The id of dj-stripe's ``Account.get_or_retrieve_for_api_key``: one light query when the key and its
    account are stored (the usual case), else dj-stripe's own (which stores them, asking Stripe)."""
    from djstripe.models import APIKey

    stored = APIKey.objects.filter(secret=api_key).values_list("djstripe_owner_account_id", flat=True).first()
    if stored:
        return str(stored)
    account = Account.get_or_retrieve_for_api_key(api_key)
    return str(account.id) if account is not None else None


#: Per model, the fields dj-stripe's ``_stripe_object_to_record`` fills from the object itself (no relation).
_plain_fields: dict[type[db_models.Model], list[Any]] = {}


def stripe_columns(model: type[db_models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """The columns dj-stripe's sync writes for ``data`` except relations, as it computes them."""
    fields = _plain_fields.get(model)
    if fields is None:
        fields = [
            field
            for field in model._meta.concrete_fields
            if not field.is_relation and not field.name.startswith("djstripe_") and field.name != "stripe_data"
        ]
        _plain_fields[model] = fields
    record: dict[str, Any] = {"stripe_data": data}
    for field in fields:
        value = field.stripe_to_db(data) if hasattr(field, "stripe_to_db") else data.get(field.name)
        if value is None and isinstance(field, (db_models.CharField, db_models.TextField)):
            value = ""
        record[field.name] = value
    return record


#: The subscription events billing applies from the payload (dj-stripe's handler for them re-fetches).
SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.pending_update_applied",
    "customer.subscription.pending_update_expired",
    "customer.subscription.resumed",
    "customer.subscription.trial_will_end",
    "customer.subscription.updated",
)

#: Set on an Event (``setattr``) whose object had a newer event applied already: nothing was applied.
STALE_ATTRIBUTE = "quickscale_stale"


def is_newest_event(object_id: str, created: int, event_id: str) -> bool:
    """Record ``event_id`` as the newest applied to ``object_id`` unless a newer one was; whether it is.

    Equal ``created`` (Stripe's are in seconds) counts as newer: the later delivery is applied. The row
    written stays locked until the caller's commit, so two events of one object apply one after the other.
    """
    newer = AppliedStripeEvent.objects.filter(object_id=object_id, event_created__lte=created)
    if newer.update(event_created=created, event_id=event_id):
        return True
    _, created_now = AppliedStripeEvent.objects.get_or_create(
        object_id=object_id, defaults={"event_created": created, "event_id": event_id}
    )
    # Not created here: a newer event was applied, or another worker inserted the row just now.
    return created_now or bool(newer.update(event_created=created, event_id=event_id))


def apply_subscription_event(sender: Any, event: Event, **kwargs: Any) -> None:
    """Apply a ``customer.subscription.*`` event from its payload: the rows dj-stripe's sync would write.

    An event older than the last one applied to the subscription is stored but not applied (and marked
    with :data:`STALE_ATTRIBUTE`). The subscription and its items are updated in place when they are
    already stored with the same customer, items and prices; anything else (a new subscription, a new
    item or price, tax rates, a paged item list) goes through dj-stripe's own sync of the payload.
    """
    data = (event.data or {}).get("object") or {}
    subscription_id = data.get("id")
    if not subscription_id:
        return
    stored = _stored_items(data)  # read before the lock below, which is then held for the writes only
    created = int((event.stripe_data or {}).get("created") or 0)
    if not is_newest_event(str(subscription_id), created, str(event.id)):
        setattr(event, STALE_ATTRIBUTE, True)
        return
    processing = _processing.get()
    if processing is None:  # called outside process_delivery (dj-stripe's own path)
        api_key = event.default_api_key
        processing = _Processing(api_key=api_key, owner_account_id=owner_account_id_for(api_key))
    if stored is None or not _update_subscription_in_place(data, stored, processing.owner_account_id):
        Subscription.sync_from_stripe_data(stripe.convert_to_stripe_object(data), api_key=processing.api_key)


def _stripe_id(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _stored_items(data: dict[str, Any]) -> dict[str, SubscriptionItem] | None:
    """The stored items of the payload's subscription, with it and their prices (one query), by id; None
    when the payload cannot be written in place (then dj-stripe's sync of it runs)."""
    if getattr(settings, "DJSTRIPE_FOREIGN_KEY_TO_FIELD", "id") != "id" or data.get("default_tax_rates"):
        return None
    items = data.get("items") or {}
    if not isinstance(items, dict) or items.get("has_more"):
        return None
    item_data = items.get("data") or []
    if not item_data or any(not isinstance(item, dict) or item.get("tax_rates") for item in item_data):
        return None
    stored = {
        item.id: item
        for item in SubscriptionItem.objects.filter(
            id__in=[item.get("id") for item in item_data], subscription_id=data["id"]
        )
        .select_related("subscription", "price")
        .annotate(
            tax_rate_links=db_models.Exists(
                SubscriptionItem.objects.filter(pk=db_models.OuterRef("pk"), tax_rates__isnull=False)
            )
        )
    }
    return stored or None


def _update_subscription_in_place(
    data: dict[str, Any], stored: dict[str, SubscriptionItem], owner_id: str | None
) -> bool:
    """Write ``data`` over the stored subscription and items as dj-stripe's sync would; False when it
    cannot be done in place (a new item or price, another customer): then nothing was written."""
    subscription = next(iter(stored.values())).subscription
    if subscription is None or subscription.customer_id != _stripe_id(data.get("customer")):
        return False
    item_data = data["items"]["data"]
    for item in item_data:
        row = stored.get(item.get("id"))
        if (
            row is None
            or row.subscription_id != subscription.id
            or row.price is None
            or row.price.id != _stripe_id(item.get("price"))
        ):
            return False
    for name, value in stripe_columns(Subscription, data).items():
        setattr(subscription, name, value)
    if owner_id is not None:
        subscription.djstripe_owner_account_id = owner_id
    subscription.save()
    for item in item_data:
        row = stored[item["id"]]
        for name, value in stripe_columns(SubscriptionItem, item).items():
            setattr(row, name, value)
        if owner_id is not None:
            row.djstripe_owner_account_id = owner_id
        row.save()
        if row.tax_rate_links:  # dj-stripe's sync sets them to the item's, none here
            row.tax_rates.set([])
    return True


def on_checkout_session_completed(sender: Any, event: Event, **kwargs: Any) -> None:
    services.link_checkout_session(event)


#: Webhook events told to other modules through core's signals (notifications tells the owner).
RELAYED_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.payment_failed",
)


def relay_to_core_signals(sender: Any, event: Event, **kwargs: Any) -> None:
    """Send core's ``subscription_changed`` / ``payment_failed`` for the owner of the event's customer."""
    from django.urls import reverse

    from quickscale_core.signals import payment_failed, send_on_commit, subscription_changed
    from quickscale_modules.billing.models import BillingCustomer
    from quickscale_modules.billing.selectors import get_plan

    if getattr(event, STALE_ATTRIBUTE, False):
        return  # an older event than the one applied: its status is not the subscription's any more
    data = (event.data or {}).get("object") or {}
    row = BillingCustomer.objects.filter(customer_id=str(data.get("customer") or "")).first()
    owner = row.owner if row is not None else None
    if owner is None:
        return
    if event.type == "invoice.payment_failed":
        send_on_commit(payment_failed, sender=Event, owner=owner, url=reverse("quickscale_billing:overview"))
        return
    plan = get_plan(owner)
    status = str(data.get("status") or "")
    send_on_commit(subscription_changed, sender=Event, owner=owner, status=status, plan=plan.name if plan else "")
