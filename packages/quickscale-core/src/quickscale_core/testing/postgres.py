"""A throwaway PostgreSQL server for a test run: its own data folder, port and socket folder.

For test settings that need real PostgreSQL (concurrency, locking)::

    # tests/settings_postgres.py
    from quickscale_core.testing import postgres
    POSTGRES_MISSING = postgres.missing_reason()
    if POSTGRES_MISSING is None:
        DATABASES = {"default": postgres.start_server("myapp")}

The server stops when the test process exits. ``QS_PG_BIN`` names the folder of
``initdb``/``pg_ctl`` (default: Debian's PostgreSQL 15). initdb and postgres refuse to run as
root, so as root they run as the ``postgres`` user (``runuser``). In a conftest,
:func:`skip_or_fail` turns a missing server into skips, or into an error where
``QS_REQUIRE_POSTGRES`` is set (CI: never skip these silently).
"""

# ruff: noqa: S603 - the commands are PostgreSQL's own binaries (QS_PG_BIN), chosen by the test run
from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

ROLE = "quickscale"


def pg_bin() -> Path:
    return Path(os.environ.get("QS_PG_BIN", "/usr/lib/postgresql/15/bin"))


def missing_reason() -> str | None:
    """Why no throwaway server can start here (one line), or None."""
    if not all((pg_bin() / tool).exists() for tool in ("initdb", "pg_ctl")):
        return (
            f"PostgreSQL binaries not found in {pg_bin()}: install postgresql-15 (apt) or set QS_PG_BIN "
            "to run the PostgreSQL tests"
        )
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed: pip install 'psycopg[binary]' to run the PostgreSQL tests"
    return None


def skip_or_fail(items: Sequence[pytest.Item], reason: str) -> None:
    """Skip ``items`` for ``reason``; with ``QS_REQUIRE_POSTGRES`` set, stop the run instead."""
    if os.environ.get("QS_REQUIRE_POSTGRES"):
        raise pytest.UsageError(f"QS_REQUIRE_POSTGRES is set: {reason}")
    for item in items:
        item.add_marker(pytest.mark.skip(reason=reason))


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def start_server(name: str) -> dict[str, Any]:
    """Start a server for this process and return its ``DATABASES["default"]`` (database ``name``)."""
    root = Path(tempfile.mkdtemp(prefix=f"qs-{name}-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    log.touch()
    if os.geteuid() == 0:
        for path in (root, sockets, log):
            shutil.chown(path, "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    pg_ctl = str(pg_bin() / "pg_ctl")

    def stop() -> None:
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    initdb = [str(pg_bin() / "initdb"), "-D", str(data), "-U", ROLE, "--auth=trust", "-E", "UTF8"]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    start = [pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]
    subprocess.run(_as_postgres(start), check=True, capture_output=True)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": ROLE,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "TEST": {"NAME": f"test_{name}"},
    }
