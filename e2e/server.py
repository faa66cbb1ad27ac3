"""Processes the end-to-end runs and benchmarks serve from: gunicorn, the fake Stripe, pypiserver,
redis-server and a small SMTP sink.

``background`` is the one way a helper server is started, waited for and stopped.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import socketserver
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from e2e.postgres import free_port

REDIS_SERVER = os.environ.get("QS_REDIS_SERVER", "/usr/bin/redis-server")


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextlib.contextmanager
def background(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    log: Path,
    ready_url: str,
    *,
    timeout: float = 60,
    accept_any_status: bool = False,
    as_group: bool = False,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``args`` until the block ends; ``ready_url`` answering means it is up.

    ``env`` is added to this process's environment. The process's output goes to ``log``,
    which a failure to start quotes. ``as_group``: a script that starts servers of its own runs in a
    process group of its own and is stopped as Ctrl-C stops it (SIGINT to the whole group).
    """
    with log.open("w") as output:
        process = subprocess.Popen(
            list(args),
            cwd=cwd,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=as_group,
        )
        try:
            wait_for(ready_url, process, log, timeout=timeout, accept_any_status=accept_any_status)
            yield process
        finally:
            stop(process, as_group)


def stop(process: subprocess.Popen[bytes], as_group: bool) -> None:
    if as_group:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
    else:
        process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        if as_group:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.kill()
        process.wait()


@contextlib.contextmanager
def gunicorn(
    project: Path,
    python: Path,
    module: str,
    env: Mapping[str, str],
    log: Path,
    *,
    workers: int = 2,
    port: int = 0,
    host: str = "localhost",
) -> Iterator[Server]:
    """Serve ``module.wsgi`` on 127.0.0.1 (``host`` only names it in the URL); up once /healthz answers 200."""
    port = port or free_port()
    args = [str(python.parent / "gunicorn"), f"{module}.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
            str(workers), "--access-logfile", "-"]  # fmt: skip
    with background(args, project, env, log, f"http://127.0.0.1:{port}/healthz") as process:
        yield Server(url=f"http://{host}:{port}", pid=process.pid)


def wait_for(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60, accept_any_status: bool = False
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args!r} exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            if accept_any_status:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout}s:\n{log.read_text()[-4000:]}")


# -- a tiny SMTP sink: what the workers deliver ----------------------------------------------------


class Sink(socketserver.ThreadingTCPServer):
    """Accepts SMTP on 127.0.0.1 and keeps each delivered message; ``delay`` holds the greeting back."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SinkHandler)
        self.messages: list[tuple[list[str], str]] = []
        self.connections = 0
        self.delay = 0.0
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def to(self, address: str) -> list[str]:
        with self.lock:
            return [data for recipients, data in self.messages if address in recipients]


class SinkHandler(socketserver.StreamRequestHandler):
    server: Sink

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        with self.server.lock:
            self.server.connections += 1
        time.sleep(self.server.delay)
        recipients: list[str] = []
        try:
            self.reply("220 sink ESMTP")
            while line := self.rfile.readline():
                command = line.decode(errors="replace").strip()
                verb = command.split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250 sink")
                elif verb == "MAIL":
                    recipients = []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip().strip("<>").lower())
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 end with .")
                    lines = []
                    while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                        lines.append(data.decode(errors="replace"))
                    with self.server.lock:
                        self.server.messages.append((recipients, "".join(lines)))
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 OK")
        except (ConnectionError, OSError):
            return


@contextlib.contextmanager
def smtp_sink() -> Iterator[Sink]:
    sink = Sink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()


# -- Redis -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    if not Path(REDIS_SERVER).exists():
        raise RuntimeError(
            f"redis-server not found at {REDIS_SERVER}: install redis-server (apt) or set QS_REDIS_SERVER."
        )
    port = free_port()
    log = workdir / "redis.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=workdir,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
            time.sleep(0.1)
        else:
            raise AssertionError(f"redis-server did not answer on {port}:\n{log.read_text()}")
        yield f"redis://127.0.0.1:{port}"
    finally:
        stop(process, as_group=False)
