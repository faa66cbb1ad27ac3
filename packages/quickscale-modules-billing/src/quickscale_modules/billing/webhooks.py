"""Stripe webhooks through dj-stripe.

``/billing/webhook/`` is the stable URL to give Stripe. It runs dj-stripe's own
processing (``WebhookEventTrigger.from_request``): the signature is checked
with ``STRIPE_WEBHOOK_SECRET``, every request is recorded as a trigger row, an
event already stored is not processed again, an event type without a handler
is stored and ignored, and a failing handler leaves the trigger recorded with
its traceback (and no Event), so Stripe's retry processes it again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from djstripe.models import Event, WebhookEndpoint, WebhookEventTrigger

from quickscale_modules.billing import services
from quickscale_modules.billing.app_settings import app_settings

#: Id of the local WebhookEndpoint row that carries the secret from settings.
SETTINGS_ENDPOINT_ID = "we_quickscale_settings"


def settings_endpoint() -> WebhookEndpoint:
    """The endpoint row holding ``STRIPE_WEBHOOK_SECRET``, created or updated to match settings."""
    validation = getattr(settings, "DJSTRIPE_WEBHOOK_VALIDATION", "verify_signature") or "none"
    wanted = {
        "secret": app_settings.webhook_secret,
        "livemode": app_settings.live_mode,
        "djstripe_validation_method": validation,
    }
    endpoint = WebhookEndpoint.objects.filter(id=SETTINGS_ENDPOINT_ID).first()
    if endpoint is None:
        endpoint = WebhookEndpoint.objects.create(
            id=SETTINGS_ENDPOINT_ID,
            url="",
            enabled_events=["*"],
            status="enabled",
            api_version="",
            **wanted,
        )
    elif any(getattr(endpoint, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(endpoint, name, value)
        endpoint.save()
    return endpoint


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
        trigger = WebhookEventTrigger.from_request(request, webhook_endpoint=settings_endpoint())
        if not trigger.valid:
            # Nothing of an unverified body is kept beyond the trigger row itself.
            trigger.delete()
            return HttpResponseBadRequest("Invalid signature or payload.")
        return HttpResponse(str(trigger.id))


def on_checkout_session_completed(sender: Any, event: Event, **kwargs: Any) -> None:
    services.link_checkout_session(event)
