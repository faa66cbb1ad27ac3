"""Demo data: each module seeds its part through ``ModuleConfig.seed_demo``."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from quickscale_core.apps import ModuleConfig


def seed_demo() -> dict[str, Any]:
    """Run every installed module's ``seed_demo`` in ``INSTALLED_APPS`` order.

    Returns the shared context; ``context["summary"]`` holds the lines to show
    the developer (the demo login, what was created). Seeding twice is safe:
    modules use get-or-create.
    """
    context: dict[str, Any] = {"summary": []}
    for config in apps.get_app_configs():
        if isinstance(config, ModuleConfig):
            config.seed_demo(context)
    return context
