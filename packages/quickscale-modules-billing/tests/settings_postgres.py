"""The billing suite on PostgreSQL: a throwaway server (quickscale_core.testing.postgres); nox runs it too.

Without the PostgreSQL binaries, every test of this variant is skipped with the reason
(tests/conftest.py). The test database is built from the models, without migrations, like the
generated projects' tests (dj-stripe's migrations take ~45 s; docs/decisions.md).
"""

from typing import Any

from quickscale_core.testing.postgres import missing_reason, start_server
from tests.settings import *  # noqa: F403

#: Set only in this variant: why PostgreSQL is not available (then every test is skipped), or None.
QUICKSCALE_TEST_POSTGRES_MISSING = missing_reason()
if QUICKSCALE_TEST_POSTGRES_MISSING is None:
    DATABASES = {"default": start_server("billing")}


class _NoMigrations(dict[str, Any]):
    """``MIGRATION_MODULES`` saying "no migrations" for every app (pytest-django's ``--nomigrations``)."""

    def __contains__(self, app_label: object) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


MIGRATION_MODULES = _NoMigrations()
