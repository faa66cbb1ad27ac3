"""A throwaway PostgreSQL server for ``tests.settings_postgres``: own port and socket folder, stopped at exit.

A trimmed copy of the end-to-end run's helper (e2e/postgres.py): the package's tests stand on their own.
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


def missing() -> str:
    """Why the server cannot be started here, or "" when it can."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL not found at {PG_BIN}: install postgresql-15 (apt) or set QS_PG_BIN."
    return ""


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def start() -> dict[str, Any]:
    """Start a server for this test run and return its ``DATABASES["default"]``."""
    root = Path(tempfile.mkdtemp(prefix="qs-teams-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    log.touch()
    if os.geteuid() == 0:
        for path in (root, sockets, log):
            shutil.chown(path, "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", ROLE, "--auth=trust", "-E", "UTF8"]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl = str(PG_BIN / "pg_ctl")
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]),
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": ROLE,
        "USER": ROLE,
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
