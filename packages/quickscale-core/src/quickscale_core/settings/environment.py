"""Reading the environment: one ``env`` object and the project folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import django
import environ

env = environ.Env()


def project_dir() -> Path:
    """Return the folder that holds the project (the one with ``manage.py``).

    ``DJANGO_PROJECT_DIR`` wins when set. Otherwise it is the parent of the
    top-level package named by ``DJANGO_SETTINGS_MODULE`` (``mysite`` in
    ``mysite.settings.local``), so the default SQLite file and ``staticfiles``
    land beside ``manage.py`` whatever the working directory. Without either,
    the working directory.
    """
    explicit = os.environ.get("DJANGO_PROJECT_DIR")
    if explicit:
        return Path(explicit).resolve()
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    top_level = settings_module.partition(".")[0]
    if top_level:
        spec = importlib.util.find_spec(top_level)
        if spec is not None and spec.submodule_search_locations:
            return Path(next(iter(spec.submodule_search_locations))).resolve().parent
    return Path.cwd()


#: Options of a SQLite database (docs/decisions.md): every transaction takes the write lock when it begins
#: (IMMEDIATE), so a second writer waits up to ``timeout`` seconds for it instead of failing with "database
#: is locked" halfway; WAL lets reads go on during a write.
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


#: Seconds a database connection is kept between requests (docs/decisions.md, "Persistent database
#: connections"): opening one costs ~4.5 ms on PostgreSQL and ~1.2 ms on SQLite, more than most pages.
DEFAULT_CONN_MAX_AGE = 600


def database_settings(
    url: str, *, conn_max_age: int | None = DEFAULT_CONN_MAX_AGE, conn_health_checks: bool = True
) -> dict[str, Any]:
    """``DATABASES["default"]`` from a ``DATABASE_URL``; SQLite gets :data:`SQLITE_OPTIONS`.

    Connections persist ``conn_max_age`` seconds (``None``: for ever, ``0``: one per request) and are
    health-checked before a request reuses them, so a connection the server closed is replaced, not
    failed on. Options in the URL's query string (``sqlite:///db.sqlite3?timeout=5``) win over those.
    """
    config: dict[str, Any] = environ.Env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = conn_health_checks
    return config


def conn_max_age_setting(raw: str) -> int | None:
    """``CONN_MAX_AGE`` from ``DJANGO_CONN_MAX_AGE``: seconds, or ``none`` for connections that never expire."""
    if raw.strip().lower() in ("none", "unlimited"):
        return None
    try:
        seconds = int(raw)
    except ValueError:
        raise ValueError(
            f"DJANGO_CONN_MAX_AGE={raw!r} is not a number of seconds: set it to 0, a number of seconds, or none."
        ) from None
    if seconds < 0:
        raise ValueError(f"DJANGO_CONN_MAX_AGE={raw!r} is negative: set it to 0, a number of seconds, or none.")
    return seconds


def mail_settings(url: str) -> dict[str, Any]:
    """Email settings from an ``EMAIL_URL`` (``smtp://user:pass@host:587``, ``consolemail://``...).

    Django 6.1 replaced the ``EMAIL_*`` settings with ``MAILERS`` (the old ones
    are deprecated): on 6.1 and newer this returns ``MAILERS``, before it the
    ``EMAIL_*`` settings, so one settings file serves both Django lines.
    """
    config = environ.Env.email_url_config(url)
    backend: str = config["EMAIL_BACKEND"]
    if backend.endswith("filebased.EmailBackend"):
        # django-environ drops the leading "/" of filemail:///abs/path; keep the path as written.
        config["EMAIL_FILE_PATH"] = urlsplit(url).path or "/tmp/app-messages"  # noqa: S108
    if django.VERSION < (6, 1):
        return {key: value for key, value in config.items() if value is not None and key.startswith("EMAIL_")}
    options: dict[str, Any] = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": config.get("EMAIL_HOST") or "localhost",
            "port": int(config.get("EMAIL_PORT") or 25),
            "username": config.get("EMAIL_HOST_USER") or "",
            "password": config.get("EMAIL_HOST_PASSWORD") or "",
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}


def languages_setting(codes: list[str]) -> list[tuple[str, str]]:
    """``LANGUAGES`` from language codes (``DJANGO_LANGUAGES=en,fr``): each with its name from Django's table.

    A code Django does not know keeps the code as its name (Django's ``translation`` checks report
    a ``LANGUAGE_CODE`` missing from the list).
    """
    from django.conf.locale import LANG_INFO

    result: list[tuple[str, str]] = []
    for raw in codes:
        code = raw.strip().lower()
        if code and code not in (known for known, _ in result):
            result.append((code, str(LANG_INFO.get(code, {}).get("name", code))))
    return result


#: The values of ``TASKS_BACKEND`` and what each one runs on (docs/scaling-out.md).
TASK_BACKENDS = ("immediate", "database", "rq")


def _immediate_backend() -> str:
    if django.VERSION >= (6, 0):
        return "django.tasks.backends.immediate.ImmediateBackend"
    return "django_tasks.backends.immediate.ImmediateBackend"  # pragma: no cover - Django 5.2


def task_apps() -> list[str]:
    """The apps every project installs for background work, whatever the backend.

    ``django_tasks_db`` is always installed, so switching ``TASKS_BACKEND`` never changes the
    migrations; on Django 5.2 the ``django_tasks`` backport is an app too.
    """
    apps = ["django_tasks_db"]
    if django.VERSION < (6, 0):  # pragma: no cover - Django 5.2
        apps.insert(0, "django_tasks")
    return apps


def tasks_settings(backend: str, *, redis_url: str = "") -> dict[str, Any]:
    """``TASKS`` (and ``RQ_QUEUES`` for rq) from ``TASKS_BACKEND`` and ``REDIS_URL``.

    ``immediate`` runs a task inside the request that enqueues it (tests, a laptop without a
    worker); ``database`` stores it in the database for ``manage.py db_worker`` (one machine, no new
    service); ``rq`` puts it in Redis for ``manage.py rqworker`` on any number of machines (needs
    ``pip install "quickscale-core[rq]"``). Also returns ``RQ_APPS``: the apps to add for rq.
    """
    from django.core.exceptions import ImproperlyConfigured

    name = backend.strip().lower()
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND={backend!r} is not a task backend: use one of {', '.join(TASK_BACKENDS)}."
        )
    result: dict[str, Any] = {"QUICKSCALE_TASKS_BACKEND": name, "RQ_APPS": []}
    if name == "immediate":
        result["TASKS"] = {"default": {"BACKEND": _immediate_backend()}}
    elif name == "database":
        result["TASKS"] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    else:
        if importlib.util.find_spec("django_tasks_rq") is None or importlib.util.find_spec("django_rq") is None:
            raise ImproperlyConfigured(
                'TASKS_BACKEND=rq needs django-tasks-rq and django-rq: pip install "quickscale-core[rq]".'
            )
        result["TASKS"] = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
        result["RQ_QUEUES"] = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 300}}
        result["RQ_APPS"] = ["django_rq", "django_tasks_rq"]
    return result


def cache_settings(url: str) -> dict[str, Any]:
    """``CACHES["default"]`` from a ``CACHE_URL``; ``redis://`` and ``rediss://`` use Django's own RedisCache."""
    if urlsplit(url).scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    config: dict[str, Any] = environ.Env.cache_url_config(url)
    return config


def session_engine(cache: dict[str, Any]) -> str:
    """Sessions in the cache, written through to the database, when the cache is shared (Redis);
    in the database alone otherwise (Django's database store, its read prepared once: quickscale_core.sessions):
    the web tier keeps no state of its own."""
    if cache.get("BACKEND") == "django.core.cache.backends.redis.RedisCache":
        return "django.contrib.sessions.backends.cached_db"
    return "quickscale_core.sessions"


def init_sentry(dsn: str, *, environment: str = "", traces_sample_rate: float = 0.0) -> bool:
    """Start sentry-sdk with the Django, RQ and Redis integrations when ``dsn`` is set; silent otherwise.

    Returns whether Sentry was started. A DSN without sentry-sdk installed is an error that says
    how to install it (``pip install "quickscale-core[sentry]"``).
    """
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
        from sentry_sdk.integrations.redis import RedisIntegration
        from sentry_sdk.integrations.rq import RqIntegration
    except ImportError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f'SENTRY_DSN is set but sentry-sdk is not installed ({exc}): pip install "quickscale-core[sentry]".'
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        integrations=[DjangoIntegration(), RqIntegration(), RedisIntegration()],
    )
    return True


def anymail_settings(provider: str, api_key: str, *, sender_domain: str = "") -> dict[str, Any]:
    """Mail through a provider's HTTP API with django-anymail (``EMAIL_PROVIDER=mailgun`` and
    ``EMAIL_PROVIDER_API_KEY``), instead of ``EMAIL_URL``'s SMTP; empty when no provider is set."""
    if not provider:
        return {}
    from django.core.exceptions import ImproperlyConfigured

    if importlib.util.find_spec("anymail") is None:
        raise ImproperlyConfigured(
            f'EMAIL_PROVIDER={provider} needs django-anymail: pip install "quickscale-core[anymail]".'
        )
    name = provider.strip().lower()
    classes = {
        "amazon_ses": "amazon_ses.EmailBackend",
        "brevo": "brevo.EmailBackend",
        "mailgun": "mailgun.EmailBackend",
        "mailjet": "mailjet.EmailBackend",
        "postmark": "postmark.EmailBackend",
        "resend": "resend.EmailBackend",
        "sendgrid": "sendgrid.EmailBackend",
        "sparkpost": "sparkpost.EmailBackend",
    }
    if name not in classes:
        raise ImproperlyConfigured(
            f"EMAIL_PROVIDER={provider!r} is not supported: use one of {', '.join(sorted(classes))}."
        )
    backend = f"anymail.backends.{classes[name]}"
    options: dict[str, Any] = {"API_KEY": api_key} if name != "amazon_ses" else {}
    if name == "postmark":
        options = {"SERVER_TOKEN": api_key}
    if sender_domain and name == "mailgun":
        options["SENDER_DOMAIN"] = sender_domain
    result: dict[str, Any] = {"ANYMAIL": options}
    if django.VERSION < (6, 1):  # pragma: no cover - Django 5.2
        result["EMAIL_BACKEND"] = backend
    else:
        result["MAILERS"] = {"default": {"BACKEND": backend, "OPTIONS": {}}}
    return result
