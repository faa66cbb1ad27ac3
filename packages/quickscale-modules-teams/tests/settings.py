import sys
from pathlib import Path

from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings import apply_modules

# The example app (examples/teams_projects) is tested with the module: its URLs join the isolation test.
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples" / "teams_projects"))

ROOT_URLCONF = "tests.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "allauth", "allauth.account", "teams_projects"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "allauth.account.middleware.AccountMiddleware"]  # noqa: F405
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
apply_modules(globals(), "quickscale_core.api", "quickscale_modules.teams")
LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
QUICKSCALE_TEAMS_SITE_URL = "https://teams.acme.test"
LOGIN_REDIRECT_URL = "quickscale_teams:list"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
ACCOUNT_RATE_LIMITS = False  # tests send several confirmation emails to one address
