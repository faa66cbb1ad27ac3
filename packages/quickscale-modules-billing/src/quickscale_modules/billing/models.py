"""Billing models: who pays (the owner) mapped to a Stripe customer, and per-seat syncs still to do."""

from __future__ import annotations

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
