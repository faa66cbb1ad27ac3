"""Serve a generated project with gunicorn on 127.0.0.1, the way it runs in production."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from e2e.postgres import free_port


@contextlib.contextmanager
def gunicorn(
    project: Path, python: Path, module: str, env: Mapping[str, str], log: Path, workers: int = 2, port: int = 0
) -> Iterator[str]:
    port = port or free_port()
    args = [
        str(python.parent / "gunicorn"),
        f"{module}.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(args, cwd=project, env=dict(env), stdout=output, stderr=subprocess.STDOUT)
        base = f"http://localhost:{port}"
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60, accept_any_status: bool = False
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-4000:]}")
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
    raise AssertionError(f"{url} did not answer 200 within {timeout}s:\n{log.read_text()[-4000:]}")


@contextlib.contextmanager
def background(args: list[str], cwd: Path, env: Mapping[str, str], log: Path, ready_url: str) -> Iterator[None]:
    """A helper process (e.g. the fake Stripe) for as long as the block runs."""
    with log.open("w") as output:
        process = subprocess.Popen(args, cwd=cwd, env=dict(env), stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_for(ready_url, process, log, accept_any_status=True)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
