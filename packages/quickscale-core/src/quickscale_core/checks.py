"""System checks of quickscale_core (ids ``quickscale_core.E0xx``/``W0xx``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string
from packaging.requirements import InvalidRequirement, Requirement

from quickscale_core import csp
from quickscale_core.app_settings import task_settings
from quickscale_core.apps import ModuleConfig
from quickscale_core.context_processors import DEFAULT_SITE_NAME

FORM_RENDERER = "quickscale_core.renderers.FormRenderer"
#: Longer brand names wrap in the header of a phone.
SITE_NAME_MAX_LENGTH = 40
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
SECURITY = "django.middleware.security.SecurityMiddleware"
#: Django's own DEFAULT_FROM_EMAIL: mail from it is dropped or marked as spam by most providers.
DJANGO_DEFAULT_SENDER = "webmaster@localhost"

#: The marker in every placeholder value of a generated ``.env.example`` (``sk_test_REPLACE_ME``).
_PLACEHOLDER_MARKER = re.compile(r"replace[-_]?me", re.IGNORECASE)
#: Domains reserved for documentation (RFC 2606): never a real site or mailbox.
_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


#: The label of core's own app: its checks run when ``manage.py check`` names no app, or names this one.
LABEL = "quickscale_core"


def selected(app_configs: Iterable[AppConfig] | None, label: str) -> bool:
    """Whether the checks of app ``label`` run in this ``manage.py check``, as Django's own checks decide.

    ``app_configs`` is None when every app is checked, else the apps the command names
    (``manage.py check quickscale_billing``): a module's checks return nothing when it is not named.
    """
    return app_configs is None or any(config.label == label for config in app_configs)


def module_configs(app_configs: Iterable[AppConfig] | None = None) -> list[ModuleConfig]:
    """The installed QuickScale modules; only those among ``app_configs`` when it is given."""
    return [
        config
        for config in apps.get_app_configs()
        if isinstance(config, ModuleConfig) and selected(app_configs, config.label)
    ]


@register()
def check_layers(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Every installed module has its settings layer applied, and the other way round."""
    errors: list[CheckMessage] = []
    applied = list(getattr(settings, "QUICKSCALE_LAYERS", []))
    for config in module_configs(app_configs):
        if config.layer_module not in applied:
            errors.append(
                Error(
                    f"{config.name} is in INSTALLED_APPS but its settings layer was not applied.",
                    hint=f'Call apply_modules(globals(), "{config.layer_module}") in your settings '
                    f"instead of listing the app by hand.",
                    id="quickscale_core.E001",
                )
            )
    if not selected(app_configs, LABEL):  # a layer without its app has no app config: core reports it
        return errors
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
    if not selected(app_configs, LABEL):
        return []
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
    for config in module_configs(app_configs):
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


def is_placeholder(value: object) -> bool:
    """Whether ``value`` is a placeholder a template ships for the user to replace.

    True for values that contain ``REPLACE_ME`` (any case, ``-`` or ``_`` or nothing between the
    words) and for URLs and email addresses on the documentation domains of RFC 2606
    (``example.com``, ``example.org``, ``example.net`` and their subdomains).
    """
    text = str(value or "").strip()
    if not text:
        return False
    if _PLACEHOLDER_MARKER.search(text):
        return True
    address = text.rsplit("<", 1)[-1].rstrip(">").strip()
    host = address.rsplit("@", 1)[-1] if "@" in address and "//" not in address else urlsplit(text).hostname
    host = (host or "").lower().rstrip(".")
    return any(host == domain or host.endswith(f".{domain}") for domain in _EXAMPLE_DOMAINS)


def placeholder_errors(variables: Iterable[tuple[str, object, str]], check_id: str) -> list[CheckMessage]:
    """One error per ``(environment variable, value, where to get the real value)`` still a placeholder.

    Modules call it from their deploy checks, so ``check --deploy`` names each variable of
    ``.env.example`` that was copied but never filled in.
    """
    return [
        Error(
            f"{variable} is still the placeholder from .env.example ({str(value)!r}).",
            hint=f"Set {variable} to the real value: {source}",
            id=check_id,
        )
        for variable, value, source in variables
        if is_placeholder(value)
    ]


@register(Tags.security, deploy=True)
def check_placeholders(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Core's own variables of ``.env.example``: the sender addresses and the secret key."""
    if not selected(app_configs, LABEL):
        return []
    errors = placeholder_errors(
        [
            (
                "DJANGO_SECRET_KEY",
                settings.SECRET_KEY,
                'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"',
            ),
            (
                "DJANGO_DEFAULT_FROM_EMAIL",
                settings.DEFAULT_FROM_EMAIL,
                'Use an address on your domain that your mail provider accepts, e.g. "Acme <noreply@acme.io>".',
            ),
        ]
        + (
            [("DJANGO_SERVER_EMAIL", settings.SERVER_EMAIL, "Use the address error reports to ADMINS come from.")]
            if settings.SERVER_EMAIL != settings.DEFAULT_FROM_EMAIL
            else []
        ),
        "quickscale_core.E003",
    )
    if settings.DEFAULT_FROM_EMAIL == DJANGO_DEFAULT_SENDER:
        errors.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is Django's default {DJANGO_DEFAULT_SENDER!r}: "
                "mail providers drop or flag mail from it.",
                hint='Set DJANGO_DEFAULT_FROM_EMAIL to an address on your domain, e.g. "Acme <noreply@acme.io>".',
                id="quickscale_core.W003",
            )
        )
    return errors


@register()
def check_owner_provider(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """``QUICKSCALE_OWNER_PROVIDER`` imports a class with every method of ``OwnerProvider``."""
    if not selected(app_configs, LABEL):
        return []
    from quickscale_core.owners import SETTING, OwnerProviderError, load_provider, provider_path

    path = provider_path()
    if not path:
        return []
    try:
        load_provider(path)
    except OwnerProviderError as exc:
        return [
            Error(
                str(exc),
                hint=f"Point {SETTING} at a class with the methods of quickscale_core.owners.OwnerProvider "
                "(the teams module's layer sets its own), "
                "or remove the setting to bill users only.",
                id="quickscale_core.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_csp(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Responses carry an enforced Content-Security-Policy."""
    if not selected(app_configs, LABEL):
        return []
    if csp.MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            Warning(
                f"{csp.MIDDLEWARE} is not in MIDDLEWARE: responses carry no Content-Security-Policy.",
                hint=f'Add "{csp.MIDDLEWARE}" to MIDDLEWARE (quickscale_core.settings has it right after WhiteNoise).',
                id="quickscale_core.W004",
            )
        ]
    if not getattr(settings, "SECURE_CSP", None):
        reported = " (it is only reported: DJANGO_CSP_REPORT_ONLY is on)" if settings.SECURE_CSP_REPORT_ONLY else ""
        return [
            Warning(
                f"SECURE_CSP is empty: responses carry no enforced Content-Security-Policy{reported}.",
                hint="Unset DJANGO_CSP_REPORT_ONLY once the reports are clean, or set SECURE_CSP "
                "(quickscale_core.csp.policy() is the default).",
                id="quickscale_core.W004",
            )
        ]
    return []


@register(Tags.security)
def check_csp_nonce(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """A policy with the nonce needs ``csp_nonce`` in templates (Django 6 checks this itself: security.W027)."""
    if not selected(app_configs, LABEL):
        return []
    if csp.CONTEXT_PROCESSOR.startswith("django.") or csp.MIDDLEWARE not in settings.MIDDLEWARE:
        return []
    policies = [getattr(settings, name, None) or {} for name in csp.SETTINGS]
    uses_nonce = any(csp.uses_nonce(policy) for policy in policies)
    has_processor = any(
        csp.CONTEXT_PROCESSOR in backend.get("OPTIONS", {}).get("context_processors", [])
        for backend in settings.TEMPLATES
    )
    if uses_nonce and not has_processor:
        return [
            Warning(
                f"The Content-Security-Policy uses a nonce but {csp.CONTEXT_PROCESSOR} is not a context "
                "processor: templates cannot put {{ csp_nonce }} on their inline scripts, which are blocked.",
                hint=f'Add "{csp.CONTEXT_PROCESSOR}" to TEMPLATES[0]["OPTIONS"]["context_processors"].',
                id="quickscale_core.W005",
            )
        ]
    return []


@register()
def check_site_name(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """``QUICKSCALE_SITE_NAME`` is the brand in every page's header and title: a short, non-empty text."""
    if not selected(app_configs, LABEL):
        return []
    value = getattr(settings, "QUICKSCALE_SITE_NAME", DEFAULT_SITE_NAME)
    if not isinstance(value, str) or not value.strip():
        return [
            Error(
                f"QUICKSCALE_SITE_NAME must be the name of your site, not {value!r}.",
                hint='Set QUICKSCALE_SITE_NAME = "Acme" in your settings (or the QUICKSCALE_SITE_NAME variable).',
                id="quickscale_core.E005",
            )
        ]
    if len(value) > SITE_NAME_MAX_LENGTH:
        return [
            Warning(
                f"QUICKSCALE_SITE_NAME is {len(value)} characters long: it will not fit the header on a phone.",
                hint=f"Use a short brand name (at most {SITE_NAME_MAX_LENGTH} characters).",
                id="quickscale_core.W007",
            )
        ]
    return []


@register(deploy=True)
def check_site_name_deploy(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """In production the pages carry the project's brand, not QuickScale's."""
    if not selected(app_configs, LABEL):
        return []
    if getattr(settings, "QUICKSCALE_SITE_NAME", DEFAULT_SITE_NAME) == DEFAULT_SITE_NAME:
        return [
            Warning(
                f"QUICKSCALE_SITE_NAME is the default {DEFAULT_SITE_NAME!r}: every page shows it as your brand.",
                hint="Set QUICKSCALE_SITE_NAME (setting or environment variable) to your site's name.",
                id="quickscale_core.W006",
            )
        ]
    return []


@register(Tags.templates)
def check_form_renderer(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """The form renderer finds Django's widget templates only through the ``django.forms`` app."""
    if not selected(app_configs, LABEL):
        return []
    renderer = str(getattr(settings, "FORM_RENDERER", ""))
    if renderer == FORM_RENDERER and not apps.is_installed("django.forms"):
        return [
            Error(
                f"FORM_RENDERER is {FORM_RENDERER} but django.forms is not in INSTALLED_APPS: forms cannot render.",
                hint='Add "django.forms" to INSTALLED_APPS (the QuickScale base settings list it).',
                id="quickscale_core.E006",
            )
        ]
    return []


def subclass_problem(path: object, base: type) -> str:
    """Why the dotted ``path`` (an adapter setting) does not name a subclass of ``base``, or "" when it does.

    "does not import (<error>)" or "is not a subclass of <module>.<class>": the end of a check message
    that starts with the setting and its value.
    """
    try:
        found = import_string(str(path)) if path else None
    except ImportError as exc:
        return f"does not import ({exc})"
    if isinstance(found, type) and issubclass(found, base):
        return ""
    return f"is not a subclass of {base.__module__}.{base.__qualname__}"


@register(deploy=True)
def check_persistent_connections(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """In production every database keeps its connection between requests, and checks it before reuse."""
    if not selected(app_configs, LABEL):
        return []
    return connection_problems(settings.DATABASES)


def connection_problems(databases: dict[str, dict[str, Any]]) -> list[CheckMessage]:
    """W008/W009 for each database that opens a connection per request, or reuses one unchecked."""
    messages: list[CheckMessage] = []
    for alias, config in databases.items():
        max_age = config.get("CONN_MAX_AGE", 0)
        if max_age == 0:
            messages.append(
                Warning(
                    f'DATABASES["{alias}"] opens a new connection for every request (CONN_MAX_AGE=0): '
                    f"that costs more than most pages take to render.",
                    hint="Unset DJANGO_CONN_MAX_AGE (default 600 seconds) or set CONN_MAX_AGE to a number of seconds.",
                    id="quickscale_core.W008",
                )
            )
        elif not config.get("CONN_HEALTH_CHECKS", False):
            messages.append(
                Warning(
                    f'DATABASES["{alias}"] reuses connections without health checks: the first request after '
                    f"the database closed one fails.",
                    hint="Set DJANGO_CONN_HEALTH_CHECKS=True (the default) or CONN_HEALTH_CHECKS: True.",
                    id="quickscale_core.W009",
                )
            )
    return messages


def _task_backend_path() -> str:
    return str(getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", ""))


@register()
def check_tasks(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """The task backend has what it needs: its app for the database, a Redis URL and queues for rq."""
    if not selected(app_configs, LABEL):
        return []
    errors: list[CheckMessage] = []
    backend = _task_backend_path()
    if backend.startswith("django_tasks_db") and not apps.is_installed("django_tasks_db"):
        errors.append(
            Error(
                "The database task backend is configured but django_tasks_db is not in INSTALLED_APPS.",
                hint='Add "django_tasks_db" to INSTALLED_APPS (quickscale_core.settings does) and run migrate.',
                id="quickscale_core.E020",
            )
        )
    for setting, minimum in (("MAX_ATTEMPTS", 1), ("BACKOFF_SECONDS", 0)):
        name, value = task_settings.setting_name(setting), getattr(task_settings, setting)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            errors.append(
                Error(
                    f"{name} must be a number, {minimum} or more (got {value!r}).",
                    hint="Defaults: QUICKSCALE_TASKS_MAX_ATTEMPTS=5 tries, QUICKSCALE_TASKS_BACKOFF_SECONDS=30 "
                    "(doubling after each failure).",
                    id="quickscale_core.E023",
                )
            )
    if backend.startswith("django_tasks_rq"):
        queues = getattr(settings, "RQ_QUEUES", {})
        url = str(queues.get("default", {}).get("URL", "")) if isinstance(queues, dict) else ""
        if not url:
            errors.append(
                Error(
                    "TASKS_BACKEND=rq but REDIS_URL is not set: tasks have no queue to go to.",
                    hint="Set REDIS_URL=redis://host:6379/0, or TASKS_BACKEND=database for one machine.",
                    id="quickscale_core.E021",
                )
            )
    return errors


def redis_reachable(url: str, timeout: float = 2.0) -> str | None:
    """None when the Redis at ``url`` answers PING, else why not (one line)."""
    try:
        import redis
    except ImportError:  # pragma: no cover - redis comes with django-rq
        return "the redis package is not installed"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
        client.close()
    except (redis.RedisError, OSError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None


@register(deploy=True)
def check_tasks_deploy(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """In production a task never runs inside the request, and the Redis of rq answers."""
    if not selected(app_configs, LABEL):
        return []
    backend = _task_backend_path()
    if backend.endswith("ImmediateBackend"):
        return [
            Warning(
                "The immediate task backend runs every task (emails, Stripe syncs) inside the request.",
                hint="Set TASKS_BACKEND=database (one machine, run manage.py db_worker) or TASKS_BACKEND=rq "
                "with REDIS_URL (run manage.py rqworker --job-class django_tasks_rq.Job).",
                id="quickscale_core.W021",
            )
        ]
    if backend.startswith("django_tasks_rq"):
        url = str(getattr(settings, "RQ_QUEUES", {}).get("default", {}).get("URL", ""))
        problem = redis_reachable(url) if url else None
        if problem:
            return [
                Error(
                    f"The Redis of the rq task backend does not answer at {_safe_url(url)}: {problem}.",
                    hint="Start Redis or fix REDIS_URL; workers and web processes need it.",
                    id="quickscale_core.E022",
                )
            ]
    return []


def _safe_url(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


@register(deploy=True)
def check_vite_manifest(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """E030: a project with a Vite app (``QUICKSCALE_VITE_MANIFEST``) deploys its built manifest and entry."""
    from quickscale_core import vite

    path = vite.manifest_path()
    if not selected(app_configs, LABEL) or path is None:
        return []
    try:
        vite.entry_assets(vite.read_manifest(path), vite.entry_name())
    except vite.ManifestError as error:
        return [
            Error(
                f"The single-page app is not built: {error}.",
                hint="Build it before collectstatic and deploy: cd frontend && npm ci && npm run build "
                "(the Dockerfile's frontend stage does).",
                id="quickscale_core.E030",
            )
        ]
    return []
