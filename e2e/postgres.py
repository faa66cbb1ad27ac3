"""A throwaway PostgreSQL 15 server for the end-to-end run, on a port and socket dir of its own."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

PG_BIN = Path(os.environ.get("QS_PG_BIN", "/usr/lib/postgresql/15/bin"))
ROLE = "quickscale"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Postgres:
    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.data, self.sockets = root / "data", root / "sockets"

    def url(self, database: str) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{database}"

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [str(PG_BIN / tool), "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE, *args],
            check=True,
            capture_output=True,
            text=True,
        )

    def create_database(self, name: str, template: str | None = None) -> str:
        self.run("createdb", *(["--template", template] if template else []), name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.run("dropdb", "--if-exists", "--force", name)


@contextlib.contextmanager
def running_postgres() -> Iterator[Postgres]:
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL not found at {PG_BIN}: install postgresql-15 (apt) or set QS_PG_BIN.")
    root = Path(tempfile.mkdtemp(prefix="qs-pg-"))
    server = Postgres(root, free_port())
    server.sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(server.sockets, "postgres")
    subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(server.data), "-U", ROLE, "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {server.port} -k {server.sockets} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    log = root / "server.log"
    if os.geteuid() == 0:
        log.touch()
        shutil.chown(log, "postgres")
    subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(server.data), "-o", options, "-l", str(log), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield server
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
