"""Billing with the real teams module installed (its layer sets the owner provider); nox runs this variant too.

Only the tests marked ``teams`` run here (tests/conftest.py); the rest run without teams in tests.settings.
"""

from quickscale_core.settings import apply_modules
from tests.settings import *  # noqa: F403

apply_modules(globals(), "quickscale_modules.teams")
