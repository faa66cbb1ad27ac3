"""Class-based view mixins: the team context, role checks, and querysets scoped to ``request.team``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from quickscale_modules.teams.context import (
    ADMIN_PERMISSION,
    current_membership,
    current_team,
    set_team_context,
    team_membership,
)


class TeamMemberRequiredMixin:
    """Log-in required; sets ``request.team`` and ``request.membership`` from the URL's team slug (404 otherwise)."""

    team_url_kwarg = "slug"
    #: A permission the member's role must grant (403 otherwise), e.g. ``"manage_invitations"``.
    team_permission: str | None = None
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        set_team_context(request, kwargs[self.team_url_kwarg], self.team_permission)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.setdefault("team", current_team(self.request))
        context.setdefault("membership", current_membership(self.request))
        return context


class TeamAdminRequiredMixin(TeamMemberRequiredMixin):
    team_permission = ADMIN_PERMISSION


class TeamScopedQuerysetMixin(TeamMemberRequiredMixin):
    """For ListView/DetailView/CreateView/UpdateView/DeleteView of a ``TeamOwnedModel``.

    The queryset holds only ``request.team``'s rows, so another team's object
    is a 404; a created object gets ``request.team``.
    """

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset()  # type: ignore[misc]
        return queryset.filter(team=team_membership(self.request).team)

    def form_valid(self, form: BaseForm) -> HttpResponse:
        instance: Any = getattr(form, "instance", None)  # a TeamOwnedModel of the project
        if instance is not None:
            instance.team = team_membership(self.request).team
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        return response
