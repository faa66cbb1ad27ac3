"""Billing's squash of dj-stripe's migrations builds the schema dj-stripe's own migrations build.

Both run on empty databases, SQLite and PostgreSQL, in subprocesses; their schemas (tables, columns,
types, nullability, constraints and indexes, by name) must be equal. Runs once, in the default settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import Error

from quickscale_core.testing import postgres
from quickscale_modules.billing import checks
from quickscale_modules.billing.djstripe_migrations import COVERED
from quickscale_modules.billing.layer import DJSTRIPE_MIGRATIONS, LAYER

TESTS_DIR = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(
    os.environ.get("DJANGO_SETTINGS_MODULE") != "tests.settings", reason="runs once, in the default settings"
)


def migrate_and_dump(database: dict[str, Any], migrations: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "QS_SCHEMA_DATABASE": json.dumps(database),
        "QS_SCHEMA_MIGRATIONS": migrations,
        "PYTHONPATH": str(TESTS_DIR.parent),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.schema_dump"],
        cwd=TESTS_DIR.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return json.loads(out), time.monotonic() - started


def assert_same_schema(squashed: dict[str, Any], own: dict[str, Any]) -> None:
    assert sorted(squashed) == sorted(own)
    djstripe_tables = [table for table in own if table.startswith("djstripe_")]
    assert len(djstripe_tables) > 50
    for table in sorted(own):
        assert squashed[table]["columns"] == own[table]["columns"], table
        assert squashed[table]["constraints"] == own[table]["constraints"], table


def test_squash_and_djstripe_build_the_same_schema_on_sqlite(tmp_path: Path) -> None:
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ""}
    squash = migrate_and_dump({**sqlite, "NAME": str(tmp_path / "squash.sqlite3")}, "squash")
    own = migrate_and_dump({**sqlite, "NAME": str(tmp_path / "own.sqlite3")}, "djstripe")
    squashed, _ = finished(squash)
    assert_same_schema(squashed, finished(own)[0])


def test_squash_and_djstripe_build_the_same_schema_on_postgresql() -> None:
    missing = postgres.missing_reason()
    if missing:
        if os.environ.get("QS_REQUIRE_POSTGRES"):
            pytest.fail(f"QS_REQUIRE_POSTGRES is set: {missing}")
        pytest.skip(missing)
    import psycopg

    server = postgres.start_server("schema")
    with psycopg.connect(
        host=server["HOST"], port=server["PORT"], user=server["USER"], dbname="postgres", autocommit=True
    ) as admin:
        for name in ("squash", "own"):
            admin.execute(f"CREATE DATABASE {name}")
    squash = migrate_and_dump({**server, "NAME": "squash"}, "squash")
    own = migrate_and_dump({**server, "NAME": "own"}, "djstripe")
    squashed, _ = finished(squash)
    assert_same_schema(squashed, finished(own)[0])


def test_the_layer_installs_the_squash_and_it_replaces_what_it_covers() -> None:
    from importlib import import_module

    assert LAYER.dicts["MIGRATION_MODULES"] == {"djstripe": DJSTRIPE_MIGRATIONS}
    squash = import_module(f"{DJSTRIPE_MIGRATIONS}.0001_squashed_2_11").Migration
    assert squash.replaces == [("djstripe", name) for name in COVERED]
    assert checks.djstripe_migration_names() == list(COVERED)  # the installed dj-stripe is covered
    assert checks.check_djstripe_squash() == []


def test_check_fails_loudly_on_an_uncovered_djstripe_migration(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.setattr(checks, "djstripe_migration_names", lambda: [*COVERED, "0004_2_12"])
    errors = checks.check_djstripe_squash()
    assert [error.id for error in errors] == ["quickscale_billing.E030"]
    assert isinstance(errors[0], Error)
    assert "0004_2_12" in errors[0].msg
    settings.DJSTRIPE_SUBSCRIBER_MODEL = "testapp.Tenant"
    assert [error.id for error in checks.check_djstripe_squash()] == [
        "quickscale_billing.E030",
        "quickscale_billing.E031",
    ]
    # A project on dj-stripe's own migrations is not checked.
    settings.MIGRATION_MODULES = {}
    assert checks.check_djstripe_squash() == []
