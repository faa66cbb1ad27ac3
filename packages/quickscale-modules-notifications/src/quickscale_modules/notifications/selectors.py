"""Reads: every query of a user's notifications goes through these (always filtered by the user)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from quickscale_modules.notifications.kinds import Kind, all_kinds
from quickscale_modules.notifications.models import Notification, Preference


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The notifications ``user`` sees in the inbox, newest first."""
    queryset = Notification.objects.filter(recipient=user, in_app=True)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.only("id", "kind", "title", "body", "url", "created", "read_at")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def notification_of(user: Any, pk: int) -> Notification | None:
    """``user``'s notification ``pk``, or None (another user's notification is never found)."""
    return Notification.objects.filter(recipient=user, in_app=True, pk=pk).first()


def preferences_of(user: Any) -> list[tuple[Kind, Preference]]:
    """Each registered kind with the user's preference (unsaved with the kind's defaults when never changed)."""
    saved = {pref.kind: pref for pref in Preference.objects.filter(user=user)}
    rows = []
    for kind in all_kinds():
        pref = saved.get(kind.key) or Preference(user=user, kind=kind.key, in_app=kind.in_app, email=kind.email)
        rows.append((kind, pref))
    return rows
