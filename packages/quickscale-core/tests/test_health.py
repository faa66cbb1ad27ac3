"""``/healthz``: the database answers and every migration is applied, checked once per process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from quickscale_core import health
from tests.test_settings import make_project, run


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Each test starts as a new process would: nothing known about the migrations yet."""
    health._migrated.clear()
    yield
    health._migrated.clear()


@pytest.mark.django_db
def test_migrated_database_is_ok() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_pending_migration_is_503() -> None:
    MigrationRecorder(connection).record_unapplied("auth", "0012_alter_user_first_name_max_length")

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "migrations": "pending"}


@pytest.mark.django_db
def test_pending_migrations_are_checked_again_until_applied() -> None:
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("auth", "0012_alter_user_first_name_max_length")
    assert Client().get("/healthz").status_code == 503

    recorder.record_applied("auth", "0012_alter_user_first_name_max_length")

    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_no_migration_query_after_the_first_success(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    client = Client()
    with CaptureQueriesContext(connection) as first:
        assert client.get("/healthz").status_code == 200
    assert len(first.captured_queries) > 1
    assert any("django_migrations" in query["sql"] for query in first.captured_queries)

    with django_assert_num_queries(1) as later:  # SELECT 1 only
        assert client.get("/healthz").status_code == 200
    assert later.captured_queries[0]["sql"] == "SELECT 1"


@pytest.mark.django_db
def test_unreachable_database_is_503(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patch:  # undone before the database teardown needs the cursor
        patch.setattr(connection, "cursor", refuse)
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


@pytest.mark.django_db
def test_database_lost_during_the_migration_check_is_503(monkeypatch: pytest.MonkeyPatch) -> None:
    def lost(using: str = "default") -> bool:
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(health, "migrations_applied", lost)

    assert health.health() == (503, {"status": "error", "database": "unavailable"})


@pytest.mark.django_db
def test_only_get() -> None:
    assert Client().post("/healthz").status_code == 405


EMPTY_THEN_MIGRATED = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import CaptureQueriesContext
before = Client().get("/healthz")
call_command("migrate", verbosity=0)
after = Client().get("/healthz")
print(json.dumps([before.status_code, before.json(), after.status_code, after.json()]))
"""


def test_database_without_tables_is_503_until_migrated(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings import *  # noqa")
    (project / "mysite" / "urls.py").write_text(
        "from django.urls import path\nfrom quickscale_core.health import healthz\n"
        'urlpatterns = [path("healthz", healthz)]\n'
    )

    result = run(project, "-c", EMPTY_THEN_MIGRATED, env={"DJANGO_ALLOWED_HOSTS": "testserver"})

    assert result.returncode == 0, result.stderr
    before_status, before, after_status, after = json.loads(result.stdout.splitlines()[-1])
    assert (before_status, before) == (503, {"status": "error", "database": "ok", "migrations": "pending"})
    assert (after_status, after) == (200, {"status": "ok", "database": "ok", "migrations": "ok"})
