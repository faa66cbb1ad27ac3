from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quickscale_core.api.serializers import Serializer


class PriceSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    interval = serializers.CharField()
    unit_amount = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    display = serializers.CharField()


class PlanSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    product_id = serializers.CharField()
    features = serializers.ListField(child=serializers.CharField())
    feature_labels = serializers.ListField(
        child=serializers.CharField(), help_text="The features as the pricing page lists them, in order."
    )
    limits = serializers.DictField(child=serializers.IntegerField())
    per_seat = serializers.BooleanField()
    prices = PriceSerializer(many=True)


class SubscriptionSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    active = serializers.BooleanField()
    plan = serializers.CharField(allow_null=True, help_text="The plan key, null without an active plan.")
    features = serializers.ListField(child=serializers.CharField())
    limits = serializers.DictField(child=serializers.IntegerField())
    current_period_end = serializers.DateTimeField(allow_null=True)
    cancel_at_period_end = serializers.BooleanField()


class CheckoutRequestSerializer(Serializer[Any]):
    price = serializers.CharField(
        help_text="The Stripe price id (price_...) from /api/billing/plans/ (404: no plan offers it)."
    )


class RedirectSerializer(serializers.Serializer[Any]):
    url = serializers.URLField()
