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
