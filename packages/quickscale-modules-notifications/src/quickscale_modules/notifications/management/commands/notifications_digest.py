"""``manage.py notifications_digest``: email each user what waits for their daily digest. Run it daily (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quickscale_modules.notifications import services


class Command(BaseCommand):
    help = "Enqueue one digest email per user with notifications waiting for the daily digest (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.send_digests()
        self.stdout.write(f"Digests enqueued for {count} users.")
