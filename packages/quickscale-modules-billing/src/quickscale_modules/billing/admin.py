from django.contrib import admin

from quickscale_modules.billing.models import BillingCustomer, PendingSeatSync


@admin.register(BillingCustomer)
class BillingCustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("customer_id", "owner_type", "owner_id", "livemode", "created")
    list_filter = ("owner_type", "livemode")
    search_fields = ("customer_id", "owner_id")


@admin.register(PendingSeatSync)
class PendingSeatSyncAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("subscription_item_id", "quantity", "attempts", "updated", "last_error")
    readonly_fields = ("created", "updated")
