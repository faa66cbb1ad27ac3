from __future__ import annotations

from typing import Any

from quickscale_core.apps import ModuleConfig


class BillingConfig(ModuleConfig):
    name = "quickscale_modules.billing"
    label = "quickscale_billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db.models.signals import post_delete, post_save
        from djstripe.models import Subscription
        from djstripe.signals import WEBHOOK_SIGNALS

        from quickscale_core.signals import (
            team_members_changed,
            user_data_export,
            user_deleting,
            user_deletion_blockers,
        )
        from quickscale_modules.billing import (
            checks,  # noqa: F401 - registers the system checks
            receivers,
        )
        from quickscale_modules.billing.models import BillingCustomer
        from quickscale_modules.billing.selectors import forget_billing_reads
        from quickscale_modules.billing.services import on_team_members_changed
        from quickscale_modules.billing.webhooks import (
            RELAYED_EVENTS,
            SUBSCRIPTION_EVENTS,
            apply_subscription_event,
            on_checkout_session_completed,
            relay_to_core_signals,
        )

        # The selectors read an owner's customer and subscription once per owner instance (one request):
        # a write in this process makes those reads stale.
        for model in (BillingCustomer, Subscription):
            for signal in (post_save, post_delete):
                signal.connect(forget_billing_reads, sender=model, dispatch_uid=f"qs_billing_forget_{model.__name__}")
        setting_changed.connect(forget_billing_reads, dispatch_uid="qs_billing_forget_settings")
        # Subscription events are applied from their payload (webhooks.apply_subscription_event) instead of
        # dj-stripe's handler, which re-fetches the subscription; connected before the relay below reads it.
        from djstripe.event_handlers import handle_customer_subscription_event
        from djstripe.models import Event

        for event_type in SUBSCRIPTION_EVENTS:
            WEBHOOK_SIGNALS[event_type].disconnect(handle_customer_subscription_event, sender=Event)
            WEBHOOK_SIGNALS[event_type].connect(apply_subscription_event, dispatch_uid=f"qs_billing_apply_{event_type}")
        WEBHOOK_SIGNALS["checkout.session.completed"].connect(
            on_checkout_session_completed, dispatch_uid="quickscale_billing_checkout_completed"
        )
        for event_type in RELAYED_EVENTS:
            WEBHOOK_SIGNALS[event_type].connect(relay_to_core_signals, dispatch_uid=f"qs_billing_relay_{event_type}")
        # Sent by the teams module (or any team-like module); a no-op unless the owner is "team".
        team_members_changed.connect(on_team_members_changed, dispatch_uid="quickscale_billing_seats")
        user_deletion_blockers.connect(
            receivers.block_deletion_with_active_subscription, dispatch_uid="qs_billing_block"
        )
        user_deleting.connect(receivers.forget_user, dispatch_uid="quickscale_billing_forget_user")
        user_data_export.connect(receivers.export_user_billing, dispatch_uid="quickscale_billing_export")

    def seed_demo(self, context: dict[str, Any]) -> None:
        from quickscale_modules.billing.demo import seed_plans

        context["summary"].extend(seed_plans())
