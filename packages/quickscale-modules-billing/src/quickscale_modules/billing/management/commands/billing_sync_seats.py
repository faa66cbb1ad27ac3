from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from quickscale_modules.billing import services


class Command(BaseCommand):
    help = "Send pending per-seat quantities to Stripe (retries the ones that failed). Run it from cron."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--retry-given-up",
            action="store_true",
            help="Also try the quantities given up after QUICKSCALE_BILLING_SEAT_SYNC_MAX_ATTEMPTS tries.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retry_given_up"]:
            revived = services.revive_given_up_seat_syncs()
            self.stdout.write(f"{revived} given-up seat quantities will be tried again.")
        sent, failed = services.process_pending_seat_syncs()
        self.stdout.write(f"Sent {sent} seat quantities to Stripe; {failed} still pending.")
        if failed:
            raise CommandError(f"{failed} seat quantities could not reach Stripe; they stay pending for the next run.")
