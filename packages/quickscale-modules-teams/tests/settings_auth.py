"""The same tests with the auth module (its email-only user, allauth as it configures it) installed too.

Run: ``pytest --ds=tests.settings_auth`` (needs quickscale-modules-auth installed).
"""

import sys
from pathlib import Path

from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings import apply_modules

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples" / "teams_projects"))

ROOT_URLCONF = "tests.urls_auth"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "teams_projects"]  # noqa: F405
apply_modules(globals(), "quickscale_modules.auth", "quickscale_modules.teams")
LOGIN_REDIRECT_URL = "quickscale_teams:list"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = False
QUICKSCALE_TEAMS_SITE_URL = "https://teams.acme.test"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
