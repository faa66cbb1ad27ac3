"""``manage.py notifications_prune``: delete old notifications. Run it daily (cron), after the digest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quickscale_modules.notifications import services
from quickscale_modules.notifications.app_settings import app_settings


class Command(BaseCommand):
    help = "Delete notifications older than QUICKSCALE_NOTIFICATIONS_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep this many days instead of the setting.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else app_settings.RETENTION_DAYS
        deleted = services.prune(days=days)
        self.stdout.write(f"Deleted {deleted} notifications older than {days} days.")
