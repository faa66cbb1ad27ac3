"""Tasks the tests enqueue (a task must live at module level)."""

from __future__ import annotations

from quickscale_core.tasks import task

#: Calls seen per key, and how many of the first calls of each key raise.
calls: dict[str, int] = {}
failures: dict[str, int] = {}


@task(max_attempts=3, backoff=1)
def flaky(key: str) -> str:
    calls[key] = calls.get(key, 0) + 1
    if calls[key] <= failures.get(key, 0):
        raise ConnectionError(f"attempt {calls[key]} of {key} refused")
    return f"done {key}"


@task()
def add(a: int, b: int) -> int:
    return a + b
