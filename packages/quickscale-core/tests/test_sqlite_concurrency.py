"""Concurrent requests on the default SQLite database wait for each other instead of failing.

Real threads against a file database configured by the base settings (in a fresh process, as a project
loads them): each writer reads, works and writes in one transaction, as a request does. Without the
base's SQLite options some got "database is locked" (OperationalError).
"""

from __future__ import annotations

import json
from pathlib import Path

from quickscale_core.settings.environment import SQLITE_OPTIONS, database_settings
from tests.test_settings import make_project, run

WRITERS = """
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

WRITERS, ROUNDS = 6, 5
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
    cursor.execute("INSERT INTO counter VALUES (1, 0)")
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
connection.close()
start = threading.Barrier(WRITERS)
errors = []

def write():
    start.wait()
    try:
        for _ in range(ROUNDS):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                (value,) = cursor.fetchone()
                time.sleep(0.01)  # the rest of the request
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()

threads = [threading.Thread(target=write) for _ in range(WRITERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT value FROM counter WHERE id = 1")
    value = cursor.fetchone()[0]
print(json.dumps({"errors": errors, "value": value, "journal_mode": journal_mode}))
"""


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings import *  # noqa")

    result = run(project, "-c", WRITERS, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["errors"] == []
    assert outcome["value"] == 6 * 5  # no update lost: the transactions ran one after another
    assert outcome["journal_mode"] == "wal"


def test_sqlite_gets_the_options_and_other_databases_none() -> None:
    assert database_settings("sqlite:////srv/app/db.sqlite3")["OPTIONS"] == SQLITE_OPTIONS
    assert "OPTIONS" not in database_settings("postgres://app:secret@db.internal:5432/app")


def test_options_in_the_url_win() -> None:
    options = database_settings("sqlite:////srv/app/db.sqlite3?timeout=5")["OPTIONS"]

    assert options == {**SQLITE_OPTIONS, "timeout": 5}
