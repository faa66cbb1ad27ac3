"""``manage.py quickscale_demo``: seed demo data from every installed module."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from quickscale_core.demo import seed_demo


class Command(BaseCommand):
    help = "Create demo data (a verified user, a team, plans...) from every installed QuickScale module."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            context = seed_demo()
        for line in context.get("summary", []):
            self.stdout.write(line)
