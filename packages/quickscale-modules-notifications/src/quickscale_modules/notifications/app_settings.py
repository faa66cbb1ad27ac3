"""Every setting of the notifications module, with its default, read in one place (allauth's style).

Use ``from quickscale_modules.notifications.app_settings import app_settings``; values are read from
``django.conf.settings`` on each access, so ``override_settings`` works in tests.
"""

from __future__ import annotations

from quickscale_core.app_settings import AppSettings as BaseAppSettings


class AppSettings(BaseAppSettings):
    prefix = "QUICKSCALE_NOTIFICATIONS_"

    @property
    def SITE_URL(self) -> str:  # noqa: N802 - settings are upper case
        """``QUICKSCALE_NOTIFICATIONS_SITE_URL``: scheme and host of links in emails (sent by a worker)."""
        return str(self._setting("SITE_URL", "http://localhost:8000")).rstrip("/")

    @property
    def RETENTION_DAYS(self) -> int:  # noqa: N802
        """``QUICKSCALE_NOTIFICATIONS_RETENTION_DAYS``: ``notifications_prune`` deletes older notifications."""
        value: int = self._setting("RETENTION_DAYS", 90)
        return value

    @property
    def UNSUBSCRIBE_MAX_AGE_DAYS(self) -> int:  # noqa: N802
        """``QUICKSCALE_NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS``: how long an email's unsubscribe link works."""
        value: int = self._setting("UNSUBSCRIBE_MAX_AGE_DAYS", 60)
        return value

    @property
    def POLL_SECONDS(self) -> int:  # noqa: N802
        """``QUICKSCALE_NOTIFICATIONS_POLL_SECONDS``: how often the bell refreshes its count (htmx theme); 0 never."""
        value: int = self._setting("POLL_SECONDS", 30)
        return value

    @property
    def PAGE_SIZE(self) -> int:  # noqa: N802
        """``QUICKSCALE_NOTIFICATIONS_PAGE_SIZE``: notifications per inbox page (and API page)."""
        value: int = self._setting("PAGE_SIZE", 25)
        return value

    @property
    def BUILTIN_KINDS(self) -> bool:  # noqa: N802
        """``QUICKSCALE_NOTIFICATIONS_BUILTIN_KINDS``: notify on core's signals (teams, billing, sign-in events)."""
        value: bool = self._setting("BUILTIN_KINDS", True)
        return value


app_settings = AppSettings()
