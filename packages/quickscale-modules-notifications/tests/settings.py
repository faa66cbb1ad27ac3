from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings import apply_modules

ROOT_URLCONF = "tests.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
apply_modules(globals(), "quickscale_core.api", "quickscale_modules.notifications")
QUICKSCALE_NOTIFICATIONS_SITE_URL = "https://app.acme.test"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0].get("DIRS", []), str(__import__("pathlib").Path(__file__).parent / "templates")]  # noqa: F405
