"""Processes the end-to-end runs and benchmarks serve from: gunicorn, the fake Stripe, pypiserver.

``background`` is the one way a helper server is started, waited for and stopped.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from e2e.postgres import free_port


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
