"""Billing models: who pays (the owner) mapped to a Stripe customer, and per-seat syncs still to do."""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class BillingCustomer(models.Model):
    """The Stripe customer of one billing owner (a user or a team).

    A generic relation so the owner can be any model (user, team, an agency's
    own model) without billing importing it. ``customer_id`` is the Stripe id,
    which is also the key dj-stripe's ``Customer`` rows use.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    owner_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    customer_id = models.CharField(max_length=255, unique=True, help_text="Stripe customer id (cus_...).")
    livemode = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "livemode"], name="quickscale_billing_one_per_owner"
            ),
        )

    def __str__(self) -> str:
        return f"{self.owner_type.model}:{self.owner_id} -> {self.customer_id}"


class PendingSeatSync(models.Model):
    """A subscription item quantity still to send to Stripe.

    Written before calling Stripe and deleted after Stripe accepted it, so a
    failure (network, Stripe down) leaves the row to retry: on the next seat
    change or with ``manage.py billing_sync_seats``.
    """

    subscription_item_id = models.CharField(max_length=255, unique=True)
    quantity = models.PositiveIntegerField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.subscription_item_id} -> {self.quantity}"


class WebhookDelivery(models.Model):
    """A Stripe delivery as received: signature checked, not processed yet (narrow: the request's one write).

    The webhook request stores this row and its processing task in one commit and answers 200; the task
    turns it into dj-stripe's ``WebhookEventTrigger`` and ``Event`` and deletes it in the commit that
    records them. A row still here is a delivery waiting for (or failing in) its task.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    body = models.TextField()
    signature = models.CharField(max_length=1024, help_text="The Stripe-Signature header.")
    headers = models.JSONField(default=dict, help_text="The request's headers, as dj-stripe's trigger keeps them.")
    remote_ip = models.GenericIPAddressField()
    received_at = models.DateTimeField()
    event_id = models.CharField(max_length=255, help_text="The Stripe event id (evt_...).")
    trigger_id = models.BigIntegerField(
        null=True, blank=True, help_text="Set once processing failed: the dj-stripe trigger recording the failure."
    )

    class Meta:
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event_id} ({self.received_at:%Y-%m-%d %H:%M:%S})"


class AppliedStripeEvent(models.Model):
    """The newest event applied to one Stripe object: an older one delivered later is not applied over it."""

    object_id = models.CharField(max_length=255, unique=True)
    event_created = models.BigIntegerField(help_text="The applied event's `created` (Unix seconds).")
    event_id = models.CharField(max_length=255)

    def __str__(self) -> str:
        return f"{self.object_id} <- {self.event_id}"
