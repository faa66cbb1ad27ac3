"""A project's teams adapter, chosen by ``QUICKSCALE_TEAMS_ADAPTER`` only (tests/test_adapter.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from quickscale_modules.teams.adapter import TeamsAdapter
from quickscale_modules.teams.models import Invitation, Team


class ProjectTeamsAdapter(TeamsAdapter):
    def format_invitation_subject(self, subject: str) -> str:
        return f"[Acme Cloud] {super().format_invitation_subject(subject)}"

    def invitation_recipients(self, invitation: Invitation) -> list[str]:
        return [*super().invitation_recipients(invitation), "audit@acme.test"]

    def slugify_team_name(self, name: str) -> str:
        return f"org-{super().slugify_team_name(name)}"

    def is_slug_allowed(self, slug: str) -> bool:
        return slug != "org-acme"  # the project's own brand stays out of team addresses

    def personal_team_name(self, user: Any) -> str:
        return "Personal workspace"

    def can_manage_billing(self, user: Any, team: Team) -> bool:
        return bool(user.has_perm("quickscale_teams.delete_team", team))  # owners only

    def get_team_url(self, request: HttpRequest, team: Team) -> str:
        return reverse("quickscale_teams:members", kwargs={"slug": team.slug})

    def get_teams_url(self, request: HttpRequest) -> str:
        return "/after-leaving/"


class RefusesEverySlug(TeamsAdapter):
    def is_slug_allowed(self, slug: str) -> bool:
        return False


class NotAnAdapter:
    pass
