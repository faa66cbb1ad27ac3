from typing import Any

from quickscale_core.apps import ModuleConfig


class DemoAppConfig(ModuleConfig):
    """A module as an agency would write one: used to test ModuleConfig and the checks."""

    name = "tests.demoapp"
    label = "demoapp"

    def seed_demo(self, context: dict[str, Any]) -> None:
        from django.contrib.auth import get_user_model

        user, _ = get_user_model().objects.get_or_create(username="demo", defaults={"email": "demo@example.com"})
        context["user"] = user
        context["summary"].append("Demo login: demo")
