from __future__ import annotations

from typing import Any

from django.apps import apps

from quickscale_core.apps import ModuleConfig


class TeamsConfig(ModuleConfig):
    name = "quickscale_modules.teams"
    label = "quickscale_teams"
    verbose_name = "Teams"

    def ready(self) -> None:
        from quickscale_modules.teams import checks, receivers  # noqa: F401 - registers checks

        receivers.connect(allauth_installed=apps.is_installed("allauth.account"))

    def seed_demo(self, context: dict[str, Any]) -> None:
        from quickscale_modules.teams.services import seed_demo_team

        user = context.get("user")
        if user is None:
            context["summary"].append("Teams: no demo user in the context, so no demo team.")
            return
        team = seed_demo_team(owner=user)
        context["team"] = team
        context["summary"].append(f'Teams: the team "{team.name}" owned by {getattr(user, "email", user)}.')
