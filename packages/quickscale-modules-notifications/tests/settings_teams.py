"""The module with quickscale-modules-teams: the teams services' signals reach the inbox (tests marked teams)."""

from tests.settings import *  # noqa: F403
from tests.settings import apply_modules

INSTALLED_APPS = [*INSTALLED_APPS, "allauth", "allauth.account"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "allauth.account.middleware.AccountMiddleware"]  # noqa: F405
apply_modules(globals(), "quickscale_modules.teams")
ROOT_URLCONF = "tests.urls_teams"
QUICKSCALE_TEAMS_SITE_URL = "https://app.acme.test"
ACCOUNT_EMAIL_VERIFICATION = "none"
