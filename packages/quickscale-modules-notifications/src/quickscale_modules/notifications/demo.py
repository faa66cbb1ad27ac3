"""Demo data for ``manage.py quickscale_demo``: a few notifications in the demo user's inbox."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from quickscale_modules.notifications.kinds import Kind, register
from quickscale_modules.notifications.models import Notification

DEMO_KIND = register(Kind("quickscale.demo", _("Demo messages"), in_app=True, email="off"))


def seed_demo_notifications(user: Any) -> int:
    """Three notifications (one read) for ``user``; run again, it adds none."""
    rows = [
        (_("Welcome to your inbox"), _("Notifications from your teams, billing and account appear here.")),
        (_("Choose what reaches you"), _("Pick in-app, email or a daily digest for each kind in Preferences.")),
        (_("You are all set"), _("This one is already read.")),
    ]
    if Notification.objects.filter(recipient=user, kind=DEMO_KIND.key).exists():
        return 0
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=DEMO_KIND.key, title=title, body=body, read_at=now if index == 2 else None)
        for index, (title, body) in enumerate(rows)
    )
    return len(rows)
