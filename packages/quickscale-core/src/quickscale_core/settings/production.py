"""Production hardening on top of the base settings.

``from quickscale_core.settings.production import *`` refuses to load without
``DJANGO_SECRET_KEY``; with it, ``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL``
set, ``manage.py check --deploy --fail-level WARNING`` passes.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings.environment import anymail_settings, env, mail_settings, tasks_settings

if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set: production settings need a secret key from the environment "
        '(generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY: str = os.environ["DJANGO_SECRET_KEY"]

SECURE_SSL_REDIRECT: bool = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS: int = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS: bool = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD: bool = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# The TLS-terminating proxy (load balancer, PaaS router) tells us the scheme.
SECURE_PROXY_SSL_HEADER: tuple[str, str] | None = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_USE_FINDERS = False
# Mail goes out by SMTP (Django's own default: localhost:25) unless EMAIL_URL says otherwise;
# the console backend of the base would silently drop mail in production.
globals().update(mail_settings(env.str("EMAIL_URL", default="smtp://localhost:25")))
globals().update(anymail_settings(env.str("EMAIL_PROVIDER", default=""), env.str("EMAIL_PROVIDER_API_KEY", default="")))
# Background work in the database (manage.py db_worker) unless TASKS_BACKEND says otherwise: a task
# never runs inside a request in production (quickscale_core.W021 warns about immediate).
_tasks = tasks_settings(env.str("TASKS_BACKEND", default="database"), redis_url=env.str("REDIS_URL", default=""))
QUICKSCALE_TASKS_BACKEND = _tasks["QUICKSCALE_TASKS_BACKEND"]
TASKS = _tasks["TASKS"]

__all__ = [name for name in dir() if name.isupper()]
