"""Background tasks, measured in a generated project (bench/run.py calls :func:`bench_tasks`).

- enqueue-to-done latency (median of single tasks) and tasks per second (a batch) for the database
  backend (one ``db_worker``, its default 1 s poll) and rq (one ``rqworker`` on a local redis-server);
  the task is core's ``deliver_email`` to the in-memory mail backend: the queue's cost, not a mail server's;
- the request time of the pages that used to send mail inline (password reset, team invitation),
  before (immediate backend: the mail goes out inside the request) and after (database backend: the
  request only enqueues), against a local SMTP sink answering at once and one answering in 200 ms
  like a remote provider.

Run alone on a project: ``python bench/tasks.py PROJECT_DIR`` (its venv's python first on PATH).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from e2e.harness import run  # noqa: E402
from e2e.server import redis_server, smtp_sink, stop  # noqa: E402

#: Run in ``manage.py shell``: single tasks one after another (latency), then a batch (throughput).
QUEUE_SCRIPT = """
import json, statistics, time
from django.core.mail import EmailMessage
from quickscale_core.mail import deliver_email, message_to_data
from quickscale_core.tasks import TaskResultStatus

data = message_to_data(EmailMessage("bench", "body", "bench@example.com", ["to@example.com"]))

def wait(results, timeout=120):
    deadline = time.monotonic() + timeout
    pending = list(results)
    while pending and time.monotonic() < deadline:
        pending = [r for r in pending if deliver_email.get_result(r.id).status != TaskResultStatus.SUCCESSFUL]
        if pending:
            time.sleep(0.005)
    if pending:
        raise SystemExit(f"{len(pending)} tasks not done after {timeout} s")

latencies = []
for _ in range(LATENCY_RUNS):
    started = time.perf_counter()
    wait([deliver_email.enqueue(data)])
    latencies.append(time.perf_counter() - started)
started = time.perf_counter()
batch = [deliver_email.enqueue(data) for _ in range(BATCH)]
enqueued = time.perf_counter() - started
wait(batch)
seconds = time.perf_counter() - started
print(json.dumps({"latency_ms": statistics.median(latencies) * 1000, "tasks": BATCH,
                  "enqueue_per_second": BATCH / enqueued, "per_second": BATCH / seconds}))
"""

#: Run in ``manage.py shell``: the median time of the pages that send mail, with the test client.
PAGES_SCRIPT = """
import json, statistics, time
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from quickscale_modules.teams.models import Team

user = get_user_model().objects.get(email="demo@example.com")
team = Team.objects.get(name="Demo Team")
client = Client()
client.force_login(user)
times = {"password_reset": [], "invitation": []}
with override_settings(ACCOUNT_RATE_LIMITS=False):
    for index in range(RUNS):
        started = time.perf_counter()
        response = Client().post("/accounts/password/reset/", {"email": user.email})
        times["password_reset"].append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
        started = time.perf_counter()
        address = "bench-TAG-" + str(index) + "@example.com"
        response = client.post(f"/teams/{team.slug}/invitations/", {"email": address, "role": "member"})
        times["invitation"].append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
print(json.dumps({page: statistics.median(values) * 1000 for page, values in times.items()}))
"""


def _shell(python: Path, project: Path, env: dict[str, str], script: str) -> dict[str, Any]:
    output = run([str(python), "manage.py", "shell", "-c", script], cwd=project, env=env, timeout=900).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


@contextlib.contextmanager
def worker(args: list[str], project: Path, env: dict[str, str], log: Path) -> Iterator[None]:
    with log.open("w") as output:
        process = subprocess.Popen(
            args, cwd=project, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            yield
        finally:
            stop(process, as_group=True)


def bench_queue(python: Path, project: Path, env: dict[str, str], work: Path, *, latency_runs: int = 20,
                batch: int = 300) -> dict[str, Any]:  # fmt: skip
    """Latency and throughput of the database and rq backends, one worker each."""
    script = QUEUE_SCRIPT.replace("LATENCY_RUNS", str(latency_runs)).replace("BATCH", str(batch))
    base = {**env, "EMAIL_URL": "memorymail://", "DJANGO_LOG_LEVEL": "WARNING"}
    results: dict[str, Any] = {}
    database = {**base, "TASKS_BACKEND": "database"}
    with worker([str(python), "manage.py", "db_worker"], project, database, work / "db_worker.log"):
        results["database"] = _shell(python, project, database, script)
    with redis_server(work) as redis:
        queued = {**base, "TASKS_BACKEND": "rq", "REDIS_URL": f"{redis}/0"}
        args = [str(python), "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        with worker(args, project, queued, work / "rqworker.log"):
            results["rq"] = _shell(python, project, queued, script)
    return results


def bench_pages(python: Path, project: Path, env: dict[str, str], *, runs: int = 30) -> dict[str, Any]:
    """Median request time of the pages that send mail: immediate (inline) vs database (enqueued)."""
    results: dict[str, Any] = {}
    for label, delay in (("local_smtp", 0.0), ("smtp_200ms", 0.2)):
        with smtp_sink() as sink:
            sink.delay = delay
            for backend in ("immediate", "database"):
                measured = {**env, "TASKS_BACKEND": backend, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
                script = PAGES_SCRIPT.replace("RUNS", str(runs)).replace("TAG", f"{label}-{backend}")
                results[f"{label}_{backend}"] = _shell(python, project, measured, script)
    return results


def bench_tasks(python: Path, project: Path, env: dict[str, str], work: Path) -> dict[str, Any]:
    """Everything above; the dict bench/run.py stores under "tasks"."""
    folder = work / "tasks"
    folder.mkdir(exist_ok=True)
    results = {"queue": bench_queue(python, project, env, folder), "pages": bench_pages(python, project, env)}
    print(table(results))
    return results


def table(results: dict[str, Any]) -> str:
    queue, pages = results["queue"], results["pages"]
    lines = [
        "| background tasks (one worker, deliver_email to memory) | database | rq |",
        "| --- | --- | --- |",
        f"| enqueue to done, median of single tasks | {queue['database']['latency_ms']:.0f} ms "
        f"| {queue['rq']['latency_ms']:.0f} ms |",
        f"| tasks per second ({queue['database']['tasks']} at once) | {queue['database']['per_second']:.0f} "
        f"| {queue['rq']['per_second']:.0f} |",
        f"| enqueues per second (the request's cost) | {queue['database']['enqueue_per_second']:.0f} "
        f"| {queue['rq']['enqueue_per_second']:.0f} |",
        "",
        "| page (median, test client) | mail server | before: mail sent in the request | after: enqueued |",
        "| --- | --- | --- | --- |",
    ]
    for page in ("password_reset", "invitation"):
        for label, name in (("local_smtp", "local, at once"), ("smtp_200ms", "answers in 200 ms")):
            before, after = pages[f"{label}_immediate"][page], pages[f"{label}_database"][page]
            lines.append(f"| {page.replace('_', ' ')} | {name} | {before:.0f} ms | {after:.0f} ms |")
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve()
    venv_python = Path(shutil.which("python") or sys.executable)
    scratch = Path(tempfile.mkdtemp(prefix="qs-bench-tasks-"))
    print(json.dumps(bench_tasks(venv_python, target, dict(os.environ), scratch), indent=2))
