import os

from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings import apply_modules

ROOT_URLCONF = "tests.urls"
# BILLING_TEST_DB=/tmp/billing-test.sqlite3 with `pytest --reuse-db` keeps the migrated test database between runs.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "TEST": {"NAME": os.environ.get("BILLING_TEST_DB") or None},
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
# Billing on its own: the teams module absent, no owner provider (tests/settings_teams.py adds teams;
# tests/testapp/owners.py is a project's own tenant model, set per test).
apply_modules(globals(), "quickscale_modules.billing")
# No collectstatic in tests: the plain storage, not the manifest one.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

STRIPE_SECRET_KEY = "sk_test_QuickScaleFakeSecretKey0000000000"
STRIPE_PUBLIC_KEY = "pk_test_QuickScaleFakePublicKey0000000000"
STRIPE_WEBHOOK_SECRET = "whsec_quickscale_test_secret"
QUICKSCALE_BILLING_PLANS = {
    "pro": {"features": ["reports", "api"], "limits": {"projects": 50}},
    "team": {"features": ["reports"], "limits": {"projects": 10}, "per_seat": True},
}
