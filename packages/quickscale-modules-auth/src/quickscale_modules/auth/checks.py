"""System checks of quickscale_modules.auth (ids ``quickscale_auth.E0xx``/``W0xx``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.db.migrations.recorder import MigrationRecorder

from quickscale_core.checks import selected, subclass_problem
from quickscale_modules.auth.app_settings import DELETION_POLICIES, app_settings
from quickscale_modules.auth.layer import STAFF_MFA_MIDDLEWARE, provider_env_names

USER_MODEL = "quickscale_auth.User"
#: The app label: these checks run unless ``manage.py check`` names other apps only.
LABEL = "quickscale_auth"


@register()
def check_user_model(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    if settings.AUTH_USER_MODEL == USER_MODEL:
        return []
    return [
        Error(
            f'quickscale_modules.auth needs AUTH_USER_MODEL = "{USER_MODEL}", but it is {settings.AUTH_USER_MODEL!r}.',
            hint="Remove the AUTH_USER_MODEL line from your settings (the auth layer sets it). Django cannot "
            "switch the user model of a database that was already migrated: see docs/modules/auth.md.",
            id="quickscale_auth.E001",
        )
    ]


@register(Tags.database)
def check_installed_before_first_migration(
    app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """The module must be in place before ``migrate`` first runs: admin's tables point at the user table."""
    if not selected(app_configs, LABEL):
        return []
    errors: list[CheckMessage] = []
    for alias in databases or []:
        recorder = MigrationRecorder(connections[alias])
        try:
            if not recorder.has_table():
                continue
            applied = set(recorder.applied_migrations())
        except DatabaseError:  # pragma: no cover - the database is not reachable; migrate will say so
            continue
        if ("admin", "0001_initial") in applied and ("quickscale_auth", "0001_initial") not in applied:
            errors.append(
                Error(
                    f"Database {alias!r} was migrated with another user model before quickscale_modules.auth "
                    f"was installed.",
                    hint="Install the auth module in a new project (or on an empty database) before the first "
                    "migrate; moving an existing project is a manual data migration (docs/modules/auth.md).",
                    id="quickscale_auth.E002",
                )
            )
    return errors


@register()
def check_social_providers(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    from allauth.socialaccount.providers import registry

    errors: list[CheckMessage] = []
    configured = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {})
    for provider in app_settings.SOCIAL_PROVIDERS:
        if registry.get_class(provider) is None:
            errors.append(
                Error(
                    f"QUICKSCALE_AUTH_SOCIAL_PROVIDERS lists {provider!r}, which is not an installed allauth provider.",
                    hint=f'Add "allauth.socialaccount.providers.{provider}" to INSTALLED_APPS, or fix the id.',
                    id="quickscale_auth.E003",
                )
            )
            continue
        entry = configured.get(provider, {})
        apps = list(entry.get("APPS", [])) + ([entry["APP"]] if "APP" in entry else [])
        if not any(app.get("client_id") and app.get("secret") for app in apps):
            client_id_var, secret_var = provider_env_names(provider)
            errors.append(
                Error(
                    f"The social provider {provider!r} is enabled but has no client id and secret.",
                    hint=f"Set the environment variables {client_id_var} and {secret_var} (or configure "
                    f'SOCIALACCOUNT_PROVIDERS["{provider}"]["APPS"]), or remove {provider!r} from '
                    f"QUICKSCALE_AUTH_SOCIAL_PROVIDERS.",
                    id="quickscale_auth.E004",
                )
            )
    return errors


@register()
def check_settings(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    errors: list[CheckMessage] = []
    for name in ("SIGNUP_OPEN", "REQUIRE_MFA_FOR_STAFF", "SECURE_ADMIN_LOGIN"):
        if not isinstance(getattr(app_settings, name), bool):
            errors.append(
                Error(
                    f"QUICKSCALE_AUTH_{name} must be True or False.",
                    hint=f"Set QUICKSCALE_AUTH_{name} = True or False in your settings.",
                    id="quickscale_auth.E005",
                )
            )
    if app_settings.DELETION_POLICY not in DELETION_POLICIES:
        errors.append(
            Error(
                f"QUICKSCALE_AUTH_DELETION_POLICY is {app_settings.DELETION_POLICY!r}.",
                hint=f"Use one of {', '.join(repr(p) for p in DELETION_POLICIES)}.",
                id="quickscale_auth.E006",
            )
        )
    if app_settings.REQUIRE_MFA_FOR_STAFF is True and STAFF_MFA_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "QUICKSCALE_AUTH_REQUIRE_MFA_FOR_STAFF is on but its middleware is not in MIDDLEWARE.",
                hint=f'Put "{STAFF_MFA_MIDDLEWARE}" back in MIDDLEWARE, after MessageMiddleware.',
                id="quickscale_auth.E007",
            )
        )
    return errors


#: Characters a cookie name may hold (RFC 6265's token: no spaces, separators or controls).
COOKIE_NAME_PATTERN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


@register()
def check_device_cookie(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """The new-device cookie (devices.py): a usable name of its own and a positive number of days."""
    if not selected(app_configs, LABEL):
        return []
    errors: list[CheckMessage] = []
    name = app_settings.DEVICE_COOKIE_NAME
    taken = {
        getattr(settings, setting): setting
        for setting in ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_NAME")
        if isinstance(getattr(settings, setting, None), str)
    }
    if not isinstance(name, str) or not COOKIE_NAME_PATTERN.match(name):
        errors.append(
            Error(
                f"QUICKSCALE_AUTH_DEVICE_COOKIE_NAME is {name!r}, which is not a valid cookie name.",
                hint='Use letters, digits, "-" or "_", e.g. QUICKSCALE_AUTH_DEVICE_COOKIE_NAME = "quickscale_device".',
                id="quickscale_auth.E008",
            )
        )
    elif name in taken:
        errors.append(
            Error(
                f"QUICKSCALE_AUTH_DEVICE_COOKIE_NAME is {name!r}, the name of {taken[name]}: one would overwrite "
                f"the other.",
                hint='Give the device cookie a name of its own (default "quickscale_device").',
                id="quickscale_auth.E008",
            )
        )
    days = app_settings.DEVICE_COOKIE_MAX_AGE_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        errors.append(
            Error(
                f"QUICKSCALE_AUTH_DEVICE_COOKIE_MAX_AGE_DAYS is {days!r}: use a whole number of days, 1 or more.",
                hint="Set QUICKSCALE_AUTH_DEVICE_COOKIE_MAX_AGE_DAYS = 365 (the default), or another number of days.",
                id="quickscale_auth.E009",
            )
        )
    return errors


@register()
def check_adapter(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    from quickscale_modules.auth.adapter import AccountAdapter, SocialAccountAdapter

    warnings: list[CheckMessage] = []
    for setting, base in (("ACCOUNT_ADAPTER", AccountAdapter), ("SOCIALACCOUNT_ADAPTER", SocialAccountAdapter)):
        path = getattr(settings, setting, None)
        if subclass_problem(path, base):
            warnings.append(
                Warning(
                    f"{setting} ({path!r}) is not a subclass of {base.__module__}.{base.__qualname__}: "
                    f"QUICKSCALE_AUTH_* settings it applies are ignored.",
                    hint=f"Subclass {base.__qualname__} in your adapter.",
                    id="quickscale_auth.W001",
                )
            )
    return warnings
