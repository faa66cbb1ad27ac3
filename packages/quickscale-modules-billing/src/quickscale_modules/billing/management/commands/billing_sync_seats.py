from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from quickscale_modules.billing import services


class Command(BaseCommand):
    help = "Send pending per-seat quantities to Stripe (retries the ones that failed). Run it from cron."

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = services.process_pending_seat_syncs()
        self.stdout.write(f"Sent {sent} seat quantities to Stripe; {failed} still pending.")
        if failed:
            raise CommandError(f"{failed} seat quantities could not reach Stripe; they stay pending for the next run.")
