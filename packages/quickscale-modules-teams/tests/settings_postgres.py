"""The tests marked ``postgres`` (concurrent requests), on a throwaway PostgreSQL server.

Run: ``pytest --ds=tests.settings_postgres``. Only the marked tests run here (conftest.py); the others
run on SQLite in tests.settings. Without PostgreSQL's binaries the marked tests are skipped, saying why.
"""

from quickscale_core.testing import postgres
from tests.settings import *  # noqa: F403

POSTGRES_MISSING = postgres.missing_reason()
if POSTGRES_MISSING is None:
    DATABASES = {"default": postgres.start_server("teams")}
