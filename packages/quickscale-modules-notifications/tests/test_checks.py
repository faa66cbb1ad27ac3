from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from quickscale_modules.notifications import checks


def ids(messages: list[Any]) -> set[str]:
    return {message.id for message in messages}


def test_defaults_pass() -> None:
    assert checks.check_settings() == []


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("QUICKSCALE_NOTIFICATIONS_RETENTION_DAYS", 0, "E001"),
        ("QUICKSCALE_NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE_DAYS", "60", "E002"),
        ("QUICKSCALE_NOTIFICATIONS_POLL_SECONDS", -1, "E003"),
        ("QUICKSCALE_NOTIFICATIONS_PAGE_SIZE", True, "E004"),
        ("QUICKSCALE_NOTIFICATIONS_BUILTIN_KINDS", "yes", "E005"),
    ],
)
def test_bad_values(settings: Any, name: str, value: Any, expected: str) -> None:
    setattr(settings, name, value)
    assert ids(checks.check_settings()) == {f"quickscale_notifications.{expected}"}


def test_missing_context_processor_warns(settings: Any) -> None:
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {"context_processors": []}}]
    assert ids(checks.check_settings()) == {"quickscale_notifications.W001"}


def test_site_url_deploy_checks(settings: Any) -> None:
    assert ids(checks.check_site_url()) == set()
    settings.QUICKSCALE_NOTIFICATIONS_SITE_URL = "http://localhost:8000"
    assert ids(checks.check_site_url()) == {"quickscale_notifications.W002"}
    settings.QUICKSCALE_NOTIFICATIONS_SITE_URL = "https://app.example.com"
    assert ids(checks.check_site_url()) == {"quickscale_notifications.E006"}


def test_checks_skip_other_apps(settings: Any) -> None:
    settings.QUICKSCALE_NOTIFICATIONS_RETENTION_DAYS = 0
    other = [apps.get_app_config("auth")]
    assert checks.check_settings(other) == []
    assert checks.check_site_url(other) == []


def test_manage_check_passes() -> None:
    call_command("check")
