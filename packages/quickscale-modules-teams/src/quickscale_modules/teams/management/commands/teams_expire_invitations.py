"""``manage.py teams_expire_invitations``: delete invitations that expired long ago (run it daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quickscale_modules.teams import services


class Command(BaseCommand):
    help = (
        "Delete pending invitations whose link expired more than --days (30) days ago: their address "
        "is not kept and the team can invite it again. Run it daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="Days after expiry before an invitation is deleted.")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.delete_expired_invitations(days=options["days"])
        self.stdout.write(f"Deleted {deleted} expired invitations.")
