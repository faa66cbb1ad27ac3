"""A throwaway PostgreSQL server for ``tests/settings_postgres.py``: its own data dir, port and socket dir.

Started when the settings are imported, stopped when the test process exits. ``QS_PG_BIN`` names
the folder of ``initdb``/``pg_ctl`` (default: Debian's PostgreSQL 15). initdb and postgres refuse
to run as root, so as root they run as the ``postgres`` user (``runuser``), as in e2e/postgres.py.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PG_BIN = Path(os.environ.get("QS_PG_BIN", "/usr/lib/postgresql/15/bin"))
ROLE = "quickscale"


def missing_reason() -> str | None:
    """Why no throwaway server can start here (one line), or None."""
    if not all((PG_BIN / tool).exists() for tool in ("initdb", "pg_ctl")):
        return (
            f"PostgreSQL binaries not found in {PG_BIN}: install postgresql-15 (apt) or set QS_PG_BIN "
            "to run the PostgreSQL tests"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install 'psycopg[binary]' to run the PostgreSQL tests"
    return None


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> dict[str, Any]:
    """Start a server and return the ``DATABASES["default"]`` entry for it."""
    root = Path(tempfile.mkdtemp(prefix="qs-billing-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    log.touch()
    if os.geteuid() == 0:
        for path in (root, sockets, log):
            shutil.chown(path, "postgres")
    port = _free_port()

    def stop() -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", ROLE, "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "billing",
        "USER": ROLE,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "TEST": {"NAME": "test_billing"},
    }
