"""The module with quickscale-modules-auth: a sign-in from a new device reaches the inbox (tests marked auth)."""

from tests.settings import *  # noqa: F403
from tests.settings import apply_modules

apply_modules(globals(), "quickscale_modules.auth")
ROOT_URLCONF = "tests.urls_auth"
LOGIN_REDIRECT_URL = "quickscale_notifications:inbox"
ACCOUNT_RATE_LIMITS = False
