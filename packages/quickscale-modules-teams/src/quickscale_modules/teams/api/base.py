"""DRF bases for team-scoped endpoints: the team from the URL's slug, 404 for non-members."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from quickscale_modules.teams.context import set_team_context, team_membership

WRITE_ACTIONS = frozenset({"create", "update", "partial_update", "destroy"})


class TeamAPIMixin:
    """Sets the team context (``current_team(request)``) before any handler runs (so even a 405 comes after the 404).

    ``team_permissions`` maps a viewset action (or an HTTP method, lower case)
    to the permission the member's role must grant, e.g. ``{"create": "manage_invitations"}``.
    """

    team_url_kwarg = "slug"
    team_permissions: ClassVar[dict[str, str]] = {}

    def required_team_permission(self, request: Request) -> str | None:
        action = getattr(self, "action", None) or ""
        return self.team_permissions.get(action) or self.team_permissions.get((request.method or "").lower())

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        permission = self.required_team_permission(request)
        set_team_context(request, kwargs[self.team_url_kwarg], permission)

    @property
    def is_schema_generation(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False))


class TeamScopedViewSet(TeamAPIMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    """A ModelViewSet of a ``TeamOwnedModel`` under ``.../teams/<slug>/...``.

    Every queryset is filtered to ``request.team`` (another team's id is a
    404) and created objects get ``request.team``. Set ``team_write_permission``
    to require a permission for create/update/delete.
    """

    team_write_permission: str | None = None

    def required_team_permission(self, request: Request) -> str | None:
        if self.team_write_permission and getattr(self, "action", None) in WRITE_ACTIONS:
            return self.team_write_permission
        return super().required_team_permission(request)

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset()
        if self.is_schema_generation:
            return queryset.none()
        return queryset.filter(team=team_membership(self.request).team)

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        serializer.save(team=team_membership(self.request).team)
