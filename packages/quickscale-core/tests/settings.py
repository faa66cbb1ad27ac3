from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings import apply_modules

ROOT_URLCONF = "tests.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
apply_modules(globals(), "quickscale_core.api", "tests.demoapp")
# No collectstatic in tests: the plain storage, not the manifest one.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
