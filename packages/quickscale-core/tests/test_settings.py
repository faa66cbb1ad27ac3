"""The base and production settings, loaded the way a project loads them: in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "k8#Qm2vX9!pL4wZr7Tn1yB6cJ3hF0sD5gA8eU2iO9xKq4MvW1zR6tY3bN7"


def make_project(root: Path, settings: str) -> Path:
    """A minimal project: ``mysite/settings.py`` with ``settings`` and ``mysite/urls.py``."""
    package = root / "mysite"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "urls.py").write_text("urlpatterns = []\n")
    (package / "settings.py").write_text(settings + '\nROOT_URLCONF = "mysite.urls"\n')
    return root


def run(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))}
    clean.pop("EMAIL_URL", None)
    clean.update({"DJANGO_SETTINGS_MODULE": "mysite.settings", "PYTHONPATH": str(project)}, **(env or {}))
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=clean, capture_output=True, text=True, timeout=120, check=False
    )


DUMP = (
    "import json, django; from django.conf import settings as s; django.setup(); print(json.dumps({"
    "'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'DB': s.DATABASES['default']['NAME'],"
    "'ENGINE': s.DATABASES['default']['ENGINE'], 'CACHE': s.CACHES['default']['BACKEND'],"
    "'EMAIL': s.MAILERS['default']['BACKEND'] if hasattr(s, 'MAILERS') else s.EMAIL_BACKEND,"
    "'CSRF': s.CSRF_TRUSTED_ORIGINS, 'SECRET': s.SECRET_KEY,"
    "'STATIC_ROOT': str(s.STATIC_ROOT), 'SSL': getattr(s, 'SECURE_SSL_REDIRECT', False)}))"
)


def test_base_settings_pass_check(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings import *  # noqa")

    result = run(project, "-m", "django", "check")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_base_defaults_are_safe(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings import *  # noqa")

    values = json.loads(run(project, "-c", DUMP).stdout)

    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB"] == str(tmp_path.resolve() / "db.sqlite3")
    assert values["STATIC_ROOT"] == str(tmp_path.resolve() / "staticfiles")
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["EMAIL"] == "django.core.mail.backends.console.EmailBackend"
    assert values["CSRF"] == []


def test_base_reads_the_environment(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings import *  # noqa")
    env = {
        "DJANGO_DEBUG": "true",
        "DJANGO_ALLOWED_HOSTS": "example.com,www.example.com",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://example.com",
        "DATABASE_URL": "postgres://u:p@db.internal:5432/app",
        "CACHE_URL": "redis://cache:6379/1",
        "EMAIL_URL": "smtp://user:pw@smtp.example.com:587",
        "DJANGO_SECRET_KEY": SECRET,
    }

    values = json.loads(run(project, "-c", DUMP, env=env).stdout)

    assert values["DEBUG"] is True
    assert values["ALLOWED_HOSTS"] == ["example.com", "www.example.com"]
    assert values["CSRF"] == ["https://example.com"]
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["DB"] == "app"
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert values["EMAIL"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["SECRET"] == SECRET


def test_project_dir_can_be_set_explicitly(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings import *  # noqa")
    elsewhere = tmp_path / "data"

    values = json.loads(run(project, "-c", DUMP, env={"DJANGO_PROJECT_DIR": str(elsewhere)}).stdout)

    assert values["DB"] == str(elsewhere / "db.sqlite3")


def test_production_refuses_to_load_without_secret_key(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings.production import *  # noqa")

    result = run(project, "-m", "django", "check", env={"DJANGO_ALLOWED_HOSTS": "example.com"})

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is not set")


@pytest.mark.parametrize("database_url", ["postgres://app:secret@db.internal:5432/app", "sqlite:////tmp/app.db"])
def test_production_passes_check_deploy(tmp_path: Path, database_url: str) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings.production import *  # noqa")
    env = {
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "example.com",
        "DATABASE_URL": database_url,
        "DJANGO_DEFAULT_FROM_EMAIL": "Acme <noreply@acme.io>",
        "QUICKSCALE_SITE_NAME": "Acme",
    }

    result = run(project, "-m", "django", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    values = json.loads(run(project, "-c", DUMP, env=env).stdout)
    assert values["SSL"] is True
    assert values["EMAIL"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["SECRET"] == SECRET


def test_production_with_short_secret_fails_check_deploy(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings.production import *  # noqa")
    env = {"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "example.com"}

    result = run(project, "-m", "django", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_layering_conflict_stops_settings_with_both_sources(tmp_path: Path) -> None:
    settings = (
        "from quickscale_core.settings import *  # noqa\n"
        "from quickscale_core.settings import apply_modules\n"
        "REST_FRAMEWORK = {'PAGE_SIZE': 10}\n"
        "apply_modules(globals(), 'quickscale_core.api')\n"
    )
    project = make_project(tmp_path, settings)

    result = run(project, "-m", "django", "check")

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "REST_FRAMEWORK['PAGE_SIZE']: settings before layering sets 10 but quickscale_core.api sets 50" in last_line


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("consolemail://", "django.core.mail.backends.console.EmailBackend"),
        ("smtp+tls://user:pw@smtp.example.com:587", "django.core.mail.backends.smtp.EmailBackend"),
        ("filemail:///tmp/mail", "django.core.mail.backends.filebased.EmailBackend"),
    ],
)
def test_mail_settings_match_the_django_line(url: str, backend: str) -> None:
    import django

    from quickscale_core.settings.environment import mail_settings

    settings = mail_settings(url)

    if django.VERSION >= (6, 1):
        assert settings["MAILERS"]["default"]["BACKEND"] == backend
        if "smtp" in url:
            assert settings["MAILERS"]["default"]["OPTIONS"]["port"] == 587
            assert settings["MAILERS"]["default"]["OPTIONS"]["use_tls"] is True
    else:
        assert settings["EMAIL_BACKEND"] == backend
        assert all(key.startswith("EMAIL_") for key in settings)


def test_file_mail_keeps_an_absolute_path() -> None:
    import django

    from quickscale_core.settings.environment import mail_settings

    settings = mail_settings("filemail:///var/mail/app")

    if django.VERSION >= (6, 1):
        assert settings["MAILERS"]["default"]["OPTIONS"] == {"file_path": "/var/mail/app"}
    else:
        assert settings["EMAIL_FILE_PATH"] == "/var/mail/app"


LOG_ONCE = """
import logging
import django
from django.conf import settings
from quickscale_core import settings as base

settings.configure(DEBUG=True, LOGGING=base.LOGGING)
django.setup()
logging.getLogger("django.request").warning("marker-%s", "logged")
logging.getLogger("quickscale_modules.billing").error("marker-%s", "logged")
"""


def test_each_record_is_logged_once_under_debug() -> None:
    """Django's own "django" console handler used to print every warning a second time."""
    result = subprocess.run([sys.executable, "-c", LOG_ONCE], capture_output=True, text=True, check=True)

    assert (result.stdout + result.stderr).count("marker-logged") == 2, result.stdout + result.stderr
    assert "WARNING django.request: marker-logged" in result.stdout


def test_production_deploy_check_names_placeholders(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings.production import *  # noqa")
    env = {
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "example.com",
        "DJANGO_DEFAULT_FROM_EMAIL": '"Shop" <noreply@example.com>',
    }

    result = run(project, "-m", "django", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "DJANGO_DEFAULT_FROM_EMAIL is still the placeholder from .env.example" in result.stderr
