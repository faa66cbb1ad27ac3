from __future__ import annotations

from django.contrib import admin

from quickscale_modules.teams.models import Invitation, Membership, Team


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "personal", "created")
    search_fields = ("name", "slug")
    inlines = (MembershipInline,)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "team", "role", "status", "expires")
    list_filter = ("status",)
    search_fields = ("email", "team__name")
    # The token hash is useless to an admin and must not be editable.
    exclude = ("token_hash",)
    readonly_fields = ("team", "email", "role", "invited_by", "status", "accepted_by", "accepted_at", "revoked_at")
