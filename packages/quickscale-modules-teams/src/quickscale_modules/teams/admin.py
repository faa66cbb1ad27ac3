"""Admin: browse teams, memberships and invitations; changes to members go through the team pages/API
(the services), so the admin shows memberships read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Invitation, Membership, Team


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    fields = ("user", "role", "created")
    readonly_fields = ("user", "role", "created")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "personal", "created")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "personal", "created")
    inlines = (MembershipInline,)

    def delete_model(self, request: HttpRequest, obj: Team) -> None:
        services.delete_team_by_staff(team=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Team]) -> None:
        for team in queryset:
            services.delete_team_by_staff(team=team)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "team", "role", "status", "expires")
    list_filter = ("status",)
    search_fields = ("email", "team__name")
    # The token hash is useless to an admin and must not be editable.
    exclude = ("token_hash",)
    readonly_fields = ("team", "email", "role", "invited_by", "status", "accepted_by", "accepted_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invite from the team's invitations page, which emails the link
