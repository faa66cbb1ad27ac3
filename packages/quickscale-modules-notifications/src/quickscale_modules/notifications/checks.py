"""System checks of the notifications module (``manage.py check``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from quickscale_core.checks import placeholder_errors, selected
from quickscale_modules.notifications.app_settings import app_settings

#: The app label: these checks run unless ``manage.py check`` names other apps only.
LABEL = "quickscale_notifications"
CONTEXT_PROCESSOR = "quickscale_modules.notifications.context_processors.notifications"


def _whole(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


@checks.register()
def check_settings(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    errors: list[checks.CheckMessage] = []
    numbers = (
        ("RETENTION_DAYS", 1, "The default is 90.", "E001"),
        ("UNSUBSCRIBE_MAX_AGE_DAYS", 1, "The default is 60.", "E002"),
        ("POLL_SECONDS", 0, "The default is 30; 0 turns the bell's polling off.", "E003"),
        ("PAGE_SIZE", 1, "The default is 25.", "E004"),
    )
    for name, minimum, hint, code in numbers:
        if not _whole(getattr(app_settings, name), minimum):
            errors.append(
                checks.Error(
                    f"{app_settings.setting_name(name)} must be a whole number, {minimum} or more.",
                    hint=hint,
                    id=f"{LABEL}.{code}",
                )
            )
    if not isinstance(app_settings.BUILTIN_KINDS, bool):
        errors.append(
            checks.Error(
                "QUICKSCALE_NOTIFICATIONS_BUILTIN_KINDS must be True or False.",
                hint="The default is True.",
                id=f"{LABEL}.E005",
            )
        )
    processors = [
        processor
        for backend in getattr(settings, "TEMPLATES", [])
        if backend.get("BACKEND") == "django.template.backends.django.DjangoTemplates"
        for processor in backend.get("OPTIONS", {}).get("context_processors", [])
    ]
    if CONTEXT_PROCESSOR not in processors:
        errors.append(
            checks.Warning(
                f"{CONTEXT_PROCESSOR} is not in TEMPLATES' context_processors: the bell shows no unread count.",
                hint='Layer the module with apply_modules(globals(), "quickscale_modules.notifications") or add it.',
                id=f"{LABEL}.W001",
            )
        )
    return errors


@checks.register(deploy=True)
def check_site_url(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    placeholder = placeholder_errors(
        [
            (
                "QUICKSCALE_NOTIFICATIONS_SITE_URL",
                app_settings.SITE_URL,
                'Use your public URL, e.g. "https://app.acme.io".',
            )
        ],
        f"{LABEL}.E006",
    )
    if placeholder:
        return placeholder
    if "localhost" in app_settings.SITE_URL or "127.0.0.1" in app_settings.SITE_URL:
        return [
            checks.Warning(
                "QUICKSCALE_NOTIFICATIONS_SITE_URL points to localhost: links in emails (unsubscribe too) go there.",
                hint='Set QUICKSCALE_NOTIFICATIONS_SITE_URL = "https://your.domain".',
                id=f"{LABEL}.W002",
            )
        ]
    return []
