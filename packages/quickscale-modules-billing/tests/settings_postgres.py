"""The billing suite on PostgreSQL: a throwaway server (quickscale_core.testing.postgres); nox runs it too.

Without the PostgreSQL binaries, every test of this variant is skipped with the reason
(tests/conftest.py). The test database is built by the real migrations, dj-stripe's included through
billing's squash of them (``MIGRATION_MODULES["djstripe"]``, set by billing's layer; a few seconds).
"""

from quickscale_core.testing.postgres import missing_reason, start_server
from tests.settings import *  # noqa: F403

#: Set only in this variant: why PostgreSQL is not available (then every test is skipped), or None.
QUICKSCALE_TEST_POSTGRES_MISSING = missing_reason()
if QUICKSCALE_TEST_POSTGRES_MISSING is None:
    DATABASES = {"default": start_server("billing")}
