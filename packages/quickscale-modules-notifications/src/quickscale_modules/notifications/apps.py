from __future__ import annotations

from typing import Any

from quickscale_core.apps import ModuleConfig


class NotificationsConfig(ModuleConfig):
    name = "quickscale_modules.notifications"
    label = "quickscale_notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from quickscale_modules.notifications import builtin, checks, demo, receivers  # noqa: F401 - checks, demo kind
        from quickscale_modules.notifications.app_settings import app_settings

        receivers.connect()
        if app_settings.BUILTIN_KINDS:
            builtin.connect()

    def seed_demo(self, context: dict[str, Any]) -> None:
        from quickscale_modules.notifications.demo import seed_demo_notifications

        user = context.get("user")
        if user is None:
            context["summary"].append("Notifications: no demo user in the context, so no demo notifications.")
            return
        count = seed_demo_notifications(user)
        context["summary"].append(f"Notifications: {count} in the inbox of {getattr(user, 'email', user)}.")
