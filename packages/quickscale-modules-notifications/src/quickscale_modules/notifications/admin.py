from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from quickscale_modules.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "recipient", "kind", "created", "read_at", "emailed_at", "in_app")
    list_filter = ("kind", "in_app", "digest_pending")
    search_fields = ("title", "recipient__email", "kind")
    date_hierarchy = "created"
    list_select_related = ("recipient",)
    readonly_fields = ("event", "recipient", "kind", "created", "emailed_at", "target_type", "target_id")
    actions = ("mark_read",)

    @admin.action(description="Mark selected notifications read")
    def mark_read(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = queryset.filter(read_at__isnull=True).update(read_at=timezone.now())
        self.message_user(request, f"Marked {count} notifications read.")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # notifications come from notify(), never from a form


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "kind", "in_app", "email", "updated")
    list_filter = ("kind", "email", "in_app")
    search_fields = ("user__email", "kind")
    list_select_related = ("user",)
    readonly_fields = ("version", "updated")
