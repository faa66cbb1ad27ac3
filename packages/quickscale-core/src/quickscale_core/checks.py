"""System checks of quickscale_core (ids ``quickscale_core.E0xx``/``W0xx``)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from packaging.requirements import InvalidRequirement, Requirement

from quickscale_core.apps import ModuleConfig

WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
SECURITY = "django.middleware.security.SecurityMiddleware"


def module_configs() -> list[ModuleConfig]:
    return [config for config in apps.get_app_configs() if isinstance(config, ModuleConfig)]


@register()
def check_layers(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Every installed module has its settings layer applied, and the other way round."""
    errors: list[CheckMessage] = []
    applied = list(getattr(settings, "QUICKSCALE_LAYERS", []))
    for config in module_configs():
        if config.layer_module not in applied:
            errors.append(
                Error(
                    f"{config.name} is in INSTALLED_APPS but its settings layer was not applied.",
                    hint=f'Call apply_modules(globals(), "{config.layer_module}") in your settings '
                    f"instead of listing the app by hand.",
                    id="quickscale_core.E001",
                )
            )
    installed = {config.name for config in apps.get_app_configs()}
    for layer in applied:
        if layer.startswith("quickscale_core"):
            continue
        if layer not in installed:
            errors.append(
                Error(
                    f"The settings layer of {layer} was applied but {layer} is not in INSTALLED_APPS.",
                    hint=f"Remove {layer!r} from apply_modules(...) or stop removing it from INSTALLED_APPS.",
                    id="quickscale_core.E002",
                )
            )
    return errors


@register(Tags.security)
def check_whitenoise(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """WhiteNoise serves static files only when it sits right after SecurityMiddleware."""
    middleware = list(settings.MIDDLEWARE)
    if WHITENOISE not in middleware:
        return [
            Warning(
                f"{WHITENOISE} is not in MIDDLEWARE: static files will not be served by the app server.",
                hint=f'Add "{WHITENOISE}" right after "{SECURITY}".',
                id="quickscale_core.W001",
            )
        ]
    if SECURITY in middleware and middleware.index(WHITENOISE) != middleware.index(SECURITY) + 1:
        return [
            Warning(
                f"{WHITENOISE} is not right after {SECURITY} in MIDDLEWARE.",
                hint="Move it up: WhiteNoise must run before any middleware that can answer a request.",
                id="quickscale_core.W001",
            )
        ]
    return []


@register()
def check_core_ranges(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Each installed module's declared quickscale-core range includes the installed core."""
    try:
        core_version = metadata.version("quickscale-core")
    except metadata.PackageNotFoundError:
        return []
    warnings: list[CheckMessage] = []
    for config in module_configs():
        requirement = core_requirement(distribution_name(config))
        if requirement is not None and not requirement.specifier.contains(core_version, prereleases=True):
            warnings.append(
                Warning(
                    f"{distribution_name(config)} supports quickscale-core{requirement.specifier} "
                    f"but quickscale-core {core_version} is installed.",
                    hint=f'Run: pip install -U {distribution_name(config)} "quickscale-core{requirement.specifier}"',
                    id="quickscale_core.W002",
                )
            )
    return warnings


def distribution_name(config: AppConfig) -> str:
    """The PyPI name of the package that ships an app: ``quickscale_modules.auth`` -> ``quickscale-modules-auth``."""
    return str(getattr(config, "distribution", None) or config.name.replace(".", "-").replace("_", "-"))


def core_requirement(distribution: str) -> Requirement | None:
    try:
        requires = metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        return None
    for line in requires:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.name.lower().replace("_", "-") == "quickscale-core" and requirement.marker is None:
            return requirement
    return None
