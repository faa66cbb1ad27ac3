"""``notifications_unread``: the bell's count on every page, counted only when a template reads it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from quickscale_modules.notifications import selectors
from quickscale_modules.notifications.app_settings import app_settings


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "notifications_unread": SimpleLazyObject(lambda: selectors.unread_count(user)),
        "notifications_poll_seconds": app_settings.POLL_SECONDS,
    }
