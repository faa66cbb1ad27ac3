from typing import Any

from django.contrib import admin

from quickscale_modules.billing.models import BillingCustomer, PendingSeatSync, WebhookDelivery


@admin.register(BillingCustomer)
class BillingCustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("customer_id", "owner_type", "owner_id", "livemode", "created")
    list_filter = ("owner_type", "livemode")
    search_fields = ("customer_id", "owner_id")


@admin.register(PendingSeatSync)
class PendingSeatSyncAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("subscription_item_id", "quantity", "attempts", "updated", "last_error")
    readonly_fields = ("created", "updated")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Deliveries stored and not processed yet: waiting for a worker, or failed (see their trigger)."""

    list_display = ("event_id", "received_at", "remote_ip", "trigger_id")
    search_fields = ("event_id",)
    readonly_fields = ("id", "event_id", "received_at", "remote_ip", "signature", "headers", "body", "trigger_id")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
