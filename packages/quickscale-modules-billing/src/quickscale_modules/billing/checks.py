"""System checks of the billing module (``quickscale_billing.E001``...).

Malformed settings are errors everywhere; missing Stripe keys are errors of
``manage.py check --deploy`` only, so a fresh project runs offline without keys.
"""

from __future__ import annotations

import os
import pkgutil
import re
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks

from quickscale_core.checks import is_placeholder, placeholder_errors, selected, subclass_problem
from quickscale_modules.billing.app_settings import OLD_PUBLIC_KEY_VARIABLE, OWNER_CHOICES, app_settings

#: The app label: these checks run unless ``manage.py check`` names other apps only.
LABEL = "quickscale_billing"
ENV_FIX = "Copy it from the Stripe dashboard, Developers > API keys."
#: What dj-stripe accepts after the prefix (djstripe.models.api.API_KEY_REGEX); anything else fails at
#: the first Stripe call, so the check catches it first.
KEY_BODY = re.compile(r"[a-zA-Z0-9]{24,}")


def _key_prefixes(live: bool, kind: str) -> tuple[str, ...]:
    mode = "live" if live else "test"
    if kind == "secret":
        return (f"sk_{mode}_", f"rk_{mode}_")
    return (f"pk_{mode}_",)


@checks.register()
def check_settings(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    errors: list[checks.CheckMessage] = []
    owner = app_settings.OWNER
    if owner not in OWNER_CHOICES:
        errors.append(
            checks.Error(
                f"QUICKSCALE_BILLING_OWNER is {owner!r}; it must be 'user' or 'team'.",
                hint="Set QUICKSCALE_BILLING_OWNER = 'user' (each user pays) or 'team' (each team pays).",
                id="quickscale_billing.E001",
            )
        )
    live = app_settings.live_mode
    mode = "live" if live else "test"
    for setting, kind, value in (
        ("STRIPE_SECRET_KEY", "secret", app_settings.secret_key),
        ("STRIPE_PUBLIC_KEY", "publishable", app_settings.public_key),
    ):
        prefixes = _key_prefixes(live, kind)
        # A placeholder from .env.example is reported by check --deploy (E013), not as a malformed key.
        if (
            value
            and not is_placeholder(value)
            and not (value.startswith(prefixes) and KEY_BODY.fullmatch(value.split("_", 2)[-1]))
        ):
            errors.append(
                checks.Error(
                    f"{setting} does not look like a Stripe {mode}-mode {kind} key (it should be "
                    f"{' or '.join(prefixes)} followed by at least 24 letters and digits).",
                    hint=f"Copy the {mode}-mode key into {setting}, or set STRIPE_LIVE_MODE="
                    f"{'false' if live else 'true'} if you meant the other mode.",
                    id="quickscale_billing.E003",
                )
            )
    webhook_secret = app_settings.webhook_secret
    if webhook_secret and not is_placeholder(webhook_secret) and not webhook_secret.startswith("whsec_"):
        errors.append(
            checks.Error(
                "STRIPE_WEBHOOK_SECRET does not look like a Stripe webhook signing secret (whsec_...).",
                hint="Copy the endpoint's signing secret (Developers > Webhooks, or `stripe listen`) into "
                "STRIPE_WEBHOOK_SECRET.",
                id="quickscale_billing.E004",
            )
        )
    errors += _check_plans()
    errors += _check_feature_labels()
    errors += _check_seat_sync_attempts()
    return errors


def _check_seat_sync_attempts() -> list[checks.CheckMessage]:
    from django.conf import settings

    value = getattr(settings, "QUICKSCALE_BILLING_SEAT_SYNC_MAX_ATTEMPTS", 10)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return []
    return [
        checks.Error(
            f"QUICKSCALE_BILLING_SEAT_SYNC_MAX_ATTEMPTS must be a whole number of tries, 1 or more (got {value!r}).",
            hint="Set it to e.g. 10: a seat quantity Stripe refuses that many times is given up (logged, kept in the "
            "admin).",
            id="quickscale_billing.E007",
        )
    ]


def _check_feature_labels() -> list[checks.CheckMessage]:
    from django.conf import settings

    labels = getattr(settings, "QUICKSCALE_BILLING_FEATURE_LABELS", {})
    if isinstance(labels, dict) and all(isinstance(key, str) and str(value) for key, value in labels.items()):
        return []
    return [
        checks.Error(
            "QUICKSCALE_BILLING_FEATURE_LABELS must map each feature key to the text the pricing page shows.",
            hint='Use {"api": "API access", "reports": "Reports"} (wrap the texts in gettext_lazy to translate them).',
            id="quickscale_billing.E006",
        )
    ]


def _check_plans() -> list[checks.CheckMessage]:
    from django.conf import settings

    plans = getattr(settings, "QUICKSCALE_BILLING_PLANS", {})
    problem = ""
    if not isinstance(plans, dict):
        problem = "is not a dict"
    else:
        for key, plan in plans.items():
            if not isinstance(plan, dict):
                problem = f"[{key!r}] is not a dict"
            elif not isinstance(plan.get("features", []), list | tuple | set):
                problem = f"[{key!r}]['features'] is not a list"
            elif not isinstance(plan.get("limits", {}), dict):
                problem = f"[{key!r}]['limits'] is not a dict"
            if problem:
                break
    if not problem:
        return []
    return [
        checks.Error(
            f"QUICKSCALE_BILLING_PLANS{problem}.",
            hint='Use {"<plan key>": {"features": ["..."], "limits": {"name": 10}, "per_seat": False}}.',
            id="quickscale_billing.E005",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_keys_present(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not selected(app_configs, LABEL):
        return []
    errors: list[checks.CheckMessage] = []
    for setting, value, id_ in (
        ("STRIPE_SECRET_KEY", app_settings.secret_key, "quickscale_billing.E010"),
        ("STRIPE_PUBLIC_KEY", app_settings.public_key, "quickscale_billing.E011"),
        ("STRIPE_WEBHOOK_SECRET", app_settings.webhook_secret, "quickscale_billing.E012"),
    ):
        if not value:
            webhook = setting == "STRIPE_WEBHOOK_SECRET"
            errors.append(
                checks.Error(
                    f"{setting} is empty: "
                    + (
                        "Stripe's webhooks cannot be verified, so subscriptions never update."
                        if webhook
                        else "billing cannot reach Stripe in production."
                    ),
                    hint=f"Set {setting} in the environment. "
                    + ("Use the endpoint's signing secret (Developers > Webhooks)." if webhook else ENV_FIX),
                    id=id_,
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_placeholders(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The Stripe variables of ``.env.example`` still hold its placeholders."""
    if not selected(app_configs, LABEL):
        return []
    return placeholder_errors(
        [
            ("STRIPE_SECRET_KEY", app_settings.secret_key, ENV_FIX),
            ("STRIPE_PUBLIC_KEY", app_settings.public_key, ENV_FIX),
            (
                "STRIPE_WEBHOOK_SECRET",
                app_settings.webhook_secret,
                "Copy the signing secret of your webhook endpoint (Stripe dashboard, Developers > Webhooks).",
            ),
        ],
        "quickscale_billing.E013",
    )


@checks.register()
def check_owners_and_adapter(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Owner "team" has core's owner provider to ask; ``QUICKSCALE_BILLING_ADAPTER`` is a ``BillingAdapter``."""
    if not selected(app_configs, LABEL):
        return []
    from django.conf import settings

    from quickscale_core.owners import SETTING as PROVIDER_SETTING
    from quickscale_core.owners import provider_path
    from quickscale_modules.billing.adapter import BillingAdapter
    from quickscale_modules.billing.app_settings import DEFAULT_ADAPTER

    errors: list[checks.CheckMessage] = []
    if app_settings.OWNER == "team" and not provider_path():
        errors.append(
            checks.Error(
                f"QUICKSCALE_BILLING_OWNER is 'team' but {PROVIDER_SETTING} is not set: nothing says what a team is.",
                hint="pip install quickscale-modules-teams and add it to apply_modules() (its layer sets the "
                f"provider), point {PROVIDER_SETTING} at your own owner provider, or set "
                "QUICKSCALE_BILLING_OWNER = 'user'.",
                id="quickscale_billing.E002",
            )
        )
    path = app_settings.ADAPTER
    problem = subclass_problem(path, BillingAdapter)
    if problem:
        errors.append(
            checks.Error(
                f"QUICKSCALE_BILLING_ADAPTER = {path!r} {problem}.",
                hint=f"Point it at your subclass of BillingAdapter, or remove it to use {DEFAULT_ADAPTER}.",
                id="quickscale_billing.E020",
            )
        )
    if hasattr(settings, "QUICKSCALE_BILLING_TEAM_MANAGE_PERMISSION"):
        errors.append(
            checks.Error(
                "QUICKSCALE_BILLING_TEAM_MANAGE_PERMISSION is no longer read: the owner provider decides who "
                "manages a team's billing.",
                hint="Remove it; to change who may, override can_manage_billing in your QUICKSCALE_TEAMS_ADAPTER "
                "(or can_manage in QUICKSCALE_BILLING_ADAPTER).",
                id="quickscale_billing.E021",
            )
        )
    return errors


@checks.register()
def check_deprecated_environment(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """The 0.1 name of ``STRIPE_PUBLIC_KEY`` in the environment: still read, until 2.0, unless the new one is set."""
    if not selected(app_configs, LABEL) or OLD_PUBLIC_KEY_VARIABLE not in os.environ:
        return []
    ignored = "STRIPE_PUBLIC_KEY" in os.environ
    # Info, not Warning: projects generated by 0.1 set the old name in CI, whose deploy check fails on
    # warnings (--fail-level WARNING); a minor version must not turn a passing project red.
    return [
        checks.Info(
            f"The environment variable {OLD_PUBLIC_KEY_VARIABLE} is deprecated"
            + (" and ignored: STRIPE_PUBLIC_KEY is set too." if ignored else "; QuickScale reads it until 2.0."),
            hint=f"Rename {OLD_PUBLIC_KEY_VARIABLE} to STRIPE_PUBLIC_KEY (the Django setting's name) in .env, "
            "your CI variables and your host's environment" + (", or remove it." if ignored else "."),
            id="quickscale_billing.I001",
        )
    ]


def djstripe_migration_names() -> list[str]:
    """The migrations the installed dj-stripe ships (names, sorted), read from its package without importing them."""
    import djstripe.migrations

    return sorted(
        module.name for module in pkgutil.iter_modules(djstripe.migrations.__path__) if module.name[:4].isdigit()
    )


@checks.register()
def check_djstripe_squash(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Billing's squash of dj-stripe's migrations (``MIGRATION_MODULES["djstripe"]``) covers the installed dj-stripe."""
    from django.conf import settings

    from quickscale_modules.billing.djstripe_migrations import COVERED
    from quickscale_modules.billing.layer import DJSTRIPE_MIGRATIONS

    if not selected(app_configs, LABEL) or getattr(settings, "MIGRATION_MODULES", {}).get("djstripe") != (
        DJSTRIPE_MIGRATIONS
    ):
        return []
    errors: list[checks.CheckMessage] = []
    uncovered = [name for name in djstripe_migration_names() if name not in COVERED]
    if uncovered:
        errors.append(
            checks.Error(
                f"The installed dj-stripe has migrations billing's squash does not cover: {', '.join(uncovered)}; "
                f"migrate would skip them and leave dj-stripe's tables out of date.",
                hint="Install the dj-stripe version quickscale-modules-billing pins (pip install -U "
                'quickscale-modules-billing), or use dj-stripe\'s own migrations: MIGRATION_MODULES.pop("djstripe") '
                "after apply_modules() in your settings.",
                id="quickscale_billing.E030",
            )
        )
    subscriber = getattr(settings, "DJSTRIPE_SUBSCRIBER_MODEL", settings.AUTH_USER_MODEL)
    if subscriber != settings.AUTH_USER_MODEL:
        errors.append(
            checks.Error(
                f"DJSTRIPE_SUBSCRIBER_MODEL is {subscriber!r}, but billing's squash of dj-stripe's migrations "
                f"links customers to AUTH_USER_MODEL.",
                hint='Use dj-stripe\'s own migrations: MIGRATION_MODULES.pop("djstripe") after apply_modules() '
                "in your settings (billing's owners do not need DJSTRIPE_SUBSCRIBER_MODEL).",
                id="quickscale_billing.E031",
            )
        )
    return errors
