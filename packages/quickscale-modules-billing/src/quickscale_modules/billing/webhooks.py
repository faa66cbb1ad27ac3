"""Stripe webhooks through dj-stripe.

``/billing/webhook/`` is the stable URL to give Stripe. It runs dj-stripe's own
processing (``WebhookEventTrigger.from_request``): the signature is checked
with ``STRIPE_WEBHOOK_SECRET``, every request is recorded as a trigger row, an
event already stored is not processed again, an event type without a handler
is stored and ignored, and a failing handler leaves the trigger recorded with
its traceback (and no Event).

The request only stores and validates the delivery and answers 200; the processing (the Event, the
synced objects, the handlers) runs as the :func:`process_trigger` task once the trigger is committed,
so Stripe never waits for it. A failing handler is retried with backoff by the task
(quickscale_core.tasks), then recorded as a failed task that the admin can run again.

Before dj-stripe stores anything the view checks the signature itself and then
the event's envelope (:func:`event_shape_error`): a validly signed body that is
not a Stripe event (``null``, a list, an object without ``type``...) is a 400
with one line, and no row is written.
"""

from __future__ import annotations

import json
from traceback import format_exc
from typing import Any

import stripe
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from djstripe import signals as djstripe_signals
from djstripe.models import Event, WebhookEndpoint, WebhookEventTrigger
from djstripe.models.webhooks import get_remote_ip
from djstripe.settings import djstripe_settings

from quickscale_core.tasks import enqueue_with_transaction, task
from quickscale_modules.billing import services
from quickscale_modules.billing.app_settings import app_settings

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


def event_shape_error(body: str) -> str | None:
    """Why ``body`` is not a Stripe event that dj-stripe can store (one line), or None when it is one."""
    try:
        event = json.loads(body)
    except ValueError:
        return "the body is not JSON."
    if not isinstance(event, dict):
        return "the body is not a JSON object."
    if event.get("object") != "event":
        return '"object" is not "event".'
    for key, size in _REQUIRED_STRINGS.items():
        value = event.get(key)
        if not isinstance(value, str) or not 0 < len(value) <= size:
            return f'"{key}" is not a string of 1 to {size} characters.'
    if not isinstance(event.get("livemode"), bool):
        return '"livemode" is not true or false.'
    created = event.get("created")
    if isinstance(created, bool) or not isinstance(created, int) or not 0 <= created <= _MAX_TIMESTAMP:
        return '"created" is not a Unix timestamp.'
    api_version = event.get("api_version")
    if api_version is not None and not (isinstance(api_version, str) and len(api_version) <= 64):
        return '"api_version" is not a string of at most 64 characters.'
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return '"data.object" is not an object.'
    return None


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
        problem = event_shape_error(body)
        if problem is not None:
            return HttpResponseBadRequest(f"Not a Stripe event: {problem}")
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
