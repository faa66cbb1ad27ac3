"""``manage.py quickscale_settings``: the layered settings, their values and who set them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from quickscale_core.provenance import layered_settings


class Command(BaseCommand):
    help = "Show every setting the QuickScale layers contributed, its final value and its source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="Only these settings (e.g. INSTALLED_APPS REST_FRAMEWORK).")

    def handle(self, *args: Any, **options: Any) -> None:
        layers = ", ".join(getattr(settings, "QUICKSCALE_LAYERS", [])) or "(none)"
        self.stdout.write(f"Layers applied, in order: {layers}")
        for row in layered_settings(settings, only=options["names"]):
            note = "" if row.kept else "   [changed in project settings]"
            self.stdout.write(f"{row.key} = {row.value!r}   <- {row.source}{note}")
