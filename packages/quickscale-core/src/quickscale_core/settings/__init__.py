"""The QuickScale base settings: a complete, safe Django settings module.

``from quickscale_core.settings import *`` plus ``ROOT_URLCONF`` is enough for
``manage.py check``. Every value is read from the environment (django-environ)
with a safe default; docs/settings.md lists them all. Module settings are
layered on top with :func:`apply_modules`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quickscale_core import csp
from quickscale_core.settings.environment import DEFAULT_CONN_MAX_AGE as _DEFAULT_CONN_MAX_AGE
from quickscale_core.settings.environment import (
    anymail_settings,
    cache_settings,
    conn_max_age_setting,
    database_settings,
    init_sentry,
    languages_setting,
    mail_settings,
    project_dir,
    session_engine,
    task_apps,
    tasks_settings,
)
from quickscale_core.settings.environment import env as env
from quickscale_core.settings.layering import Entry as Entry
from quickscale_core.settings.layering import Layer as Layer
from quickscale_core.settings.layering import LayeringError as LayeringError
from quickscale_core.settings.layering import apply_modules as apply_modules

__all__: list[str]  # set at the end: every upper-case name


#: Development-only key, refused by ``check --deploy`` and by the production layer.
INSECURE_DEV_SECRET_KEY = "django-insecure-quickscale-development-key-not-for-production"  # noqa: S105

BASE_DIR: Path = project_dir()

DEBUG: bool = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY: str = env.str("DJANGO_SECRET_KEY", default=INSECURE_DEV_SECRET_KEY)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Background work (quickscale_core.tasks): TASKS_BACKEND=immediate|database|rq, REDIS_URL for rq.
# Here immediate (a laptop without a worker); the production layer defaults to database.
REDIS_URL: str = env.str("REDIS_URL", default="")
_tasks = tasks_settings(env.str("TASKS_BACKEND", default="immediate"), redis_url=REDIS_URL)
QUICKSCALE_TASKS_BACKEND: str = _tasks["QUICKSCALE_TASKS_BACKEND"]
TASKS: dict[str, Any] = _tasks["TASKS"]
if "RQ_QUEUES" in _tasks:
    RQ_QUEUES: dict[str, Any] = _tasks["RQ_QUEUES"]
# A task that raises is retried after 30 s, 60 s, 120 s... and recorded as a TaskFailure after 5 tries.
QUICKSCALE_TASKS_MAX_ATTEMPTS: int = env.int("QUICKSCALE_TASKS_MAX_ATTEMPTS", default=5)
QUICKSCALE_TASKS_BACKOFF_SECONDS: int = env.int("QUICKSCALE_TASKS_BACKOFF_SECONDS", default=30)

INSTALLED_APPS: list[str] = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The form renderer renders Django's widget templates through TEMPLATES (FORM_RENDERER below).
    "django.forms",
    "quickscale_core",
    *task_apps(),
    *_tasks["RQ_APPS"],
]

MIDDLEWARE: list[str] = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    csp.MIDDLEWARE,
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each request: the browser's, among LANGUAGES (docs/theming.md#a-second-language).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quickscale_core.context_processors.site",
                csp.CONTEXT_PROCESSOR,
            ],
        },
    },
]

# Connections persist between requests, health-checked before reuse; on SQLite, concurrent requests
# wait for each other instead of failing (database_settings).
DATABASES: dict[str, Any] = {
    "default": database_settings(
        env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=conn_max_age_setting(env.str("DJANGO_CONN_MAX_AGE", default=str(_DEFAULT_CONN_MAX_AGE))),
        conn_health_checks=env.bool("DJANGO_CONN_HEALTH_CHECKS", default=True),
    )
}
# CACHE_URL=redis://host:6379/1 shares the cache (and the sessions) between every web process.
CACHES: dict[str, Any] = {"default": cache_settings(env.str("CACHE_URL", default="locmemcache://"))}
SESSION_ENGINE: str = session_engine(CACHES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE: str = env.str("DJANGO_LANGUAGE_CODE", default="en-us")
# The languages pages are offered in (LocaleMiddleware picks one per request): DJANGO_LANGUAGES=en,fr.
LANGUAGES: list[tuple[str, str]] = languages_setting(env.list("DJANGO_LANGUAGES", default=["en"]))
LOCALE_PATHS: list[Path] = [BASE_DIR / "locale"]
TIME_ZONE: str = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# Every {{ form }} and {{ field.as_field_group }} in the design system's markup (quickscale/forms/*.html).
FORM_RENDERER = "quickscale_core.renderers.FormRenderer"
# The brand in the header, page titles and error pages (quickscale_core.W006 warns while it is the default).
QUICKSCALE_SITE_NAME: str = env.str("QUICKSCALE_SITE_NAME", default="QuickScale")

STATIC_URL = "static/"
STATIC_ROOT: Path = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Tests and DEBUG runs need no collectstatic: serve from the finders.
WHITENOISE_USE_FINDERS: bool = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT: Path = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# EMAIL_* settings on Django 5.2, MAILERS on 6.1+ (see mail_settings).
globals().update(mail_settings(env.str("EMAIL_URL", default="consolemail://")))
# EMAIL_PROVIDER=mailgun|postmark|sendgrid|... sends through the provider's API (django-anymail) instead.
globals().update(anymail_settings(env.str("EMAIL_PROVIDER", default=""), env.str("EMAIL_PROVIDER_API_KEY", default="")))
DEFAULT_FROM_EMAIL: str = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL: str = env.str("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Every record is written once, to stdout, by the root logger. Django's own configuration gives the
# "django" logger a console handler of its own (under DEBUG), which printed each warning and
# traceback a second time: here it keeps only the mail to ADMINS and propagates to the root.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["stdout"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (quickscale_core.csp: Django's own on 6.x, django-csp on 5.2), enforced in
# every environment so a blocked inline script shows up in development first. DJANGO_CSP_REPORT_ONLY
# sends it as Content-Security-Policy-Report-Only instead, while a project moves its inline code out.
_csp_policy = csp.policy(report_uri=env.str("DJANGO_CSP_REPORT_URI", default=""))
_csp_report_only = env.bool("DJANGO_CSP_REPORT_ONLY", default=False)
SECURE_CSP: dict[str, Any] = {} if _csp_report_only else _csp_policy
SECURE_CSP_REPORT_ONLY: dict[str, Any] = _csp_policy if _csp_report_only else {}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # JavaScript front ends read it to send X-CSRFToken.

# Errors to Sentry (Django, RQ and Redis integrations) when SENTRY_DSN is set; nothing otherwise.
SENTRY_DSN: str = env.str("SENTRY_DSN", default="")
init_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default=""))

QUICKSCALE_LAYERS: list[str] = []
QUICKSCALE_SETTINGS_SOURCES: dict[str, Any] = {}

# ``import *`` gives the settings only; helpers are imported by name.
__all__ = [name for name in dir() if name.isupper()]
