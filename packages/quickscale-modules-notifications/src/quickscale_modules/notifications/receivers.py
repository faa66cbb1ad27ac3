"""Receivers of core's account seams (data export, deletion), connected in ``NotificationsConfig.ready``."""

from __future__ import annotations

from typing import Any

from quickscale_core.signals import user_data_export, user_deleting
from quickscale_modules.notifications import services


def deleting(sender: Any, user: Any, **kwargs: Any) -> None:
    services.delete_user_data(user=user)


def data_export(sender: Any, user: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    return ("notifications", services.export_user_data(user=user))


def connect() -> None:
    user_deleting.connect(deleting, dispatch_uid="quickscale_notifications.deleting")
    user_data_export.connect(data_export, dispatch_uid="quickscale_notifications.export")
