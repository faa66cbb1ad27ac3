from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from quickscale_modules.billing import services


class Command(BaseCommand):
    help = "Copy products and prices from Stripe (the account of STRIPE_SECRET_KEY) into the local tables."

    def handle(self, *args: Any, **options: Any) -> None:
        import stripe

        try:
            counts = services.sync_plans()
        except stripe.StripeError as exc:
            raise CommandError(f"Stripe refused or could not be reached ({exc}); check STRIPE_SECRET_KEY.") from exc
        self.stdout.write(f"Synced {counts['products']} products and {counts['prices']} prices from Stripe.")
