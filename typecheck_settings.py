"""Settings used by mypy's django-stubs plugin: every QuickScale module layered on core."""

from quickscale_core.settings import *  # noqa: F403
from quickscale_core.settings import apply_modules

ROOT_URLCONF = "quickscale_core.api.urls"
apply_modules(
    globals(),
    "quickscale_modules.auth",
    "quickscale_modules.teams",
    "quickscale_modules.billing",
    "quickscale_modules.notifications",
)
