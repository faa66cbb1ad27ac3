"""Worker memory and ``manage.py check``, measured alone on an existing project (bench/run.py measures both too).

Memory: the project under its own ``gunicorn.conf.py`` and bare Django (a ``startproject`` made in a scratch
folder, same database engine) serve side by side with 2 workers each; every page of bench/run.py's serving
list (and bare Django's three) gets one short ``wrk`` run, then RSS and private memory
(``Private_Clean + Private_Dirty`` of ``/proc/PID/smaps_rollup``) of the largest worker of each are read, as
:func:`bench.run.worker_memory_mib` does after the serving runs.

Check: ``manage.py check`` of the project and of the bare project, alternating, wall-clock median.

Run alone on a project with ``quickscale_demo`` data: ``python bench/memory.py PROJECT_DIR [ROUNDS]`` with its
venv's python first on ``PATH`` and its environment set (``DATABASE_URL``, ``DJANGO_SETTINGS_MODULE``, the
production variables of bench/run.py's ``project_env``); a ``postgres://`` ``DATABASE_URL`` makes the bare
project use a database ``bare`` on the same server (created when missing).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    fetch_status,
    login_cookie,
    make_bare_project,
    median_time,
    serve,
    worker_memory_mib,
    wrk,
)
from e2e.harness import run  # noqa: E402

TEAM_SLUG = "from quickscale_modules.teams.models import Team; print(Team.objects.get(name='Demo Team').slug)"
PUBLIC = ("/", "/accounts/login/")


def bare_environment(env: dict[str, str], bare: Path) -> dict[str, str]:
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bare_site.settings"}
    url = env.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        bare_env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/bare"
        create = (
            "import psycopg, sys; c = psycopg.connect(sys.argv[1], autocommit=True); "
            "exists = c.execute(\"SELECT 1 FROM pg_database WHERE datname = 'bare'\").fetchone(); "
            "exists or c.execute('CREATE DATABASE bare')"
        )
        run([sys.executable, "-c", create, url.rsplit("/", 1)[0] + "/postgres"])
    else:
        bare_env["DATABASE_URL"] = f"sqlite:///{bare / 'bare.sqlite3'}"
    return bare_env


def bench_memory(python: Path, project: Path, env: dict[str, str], work: Path, seconds: int = 2) -> dict[str, Any]:
    bare = make_bare_project(python, work)
    bare_env = bare_environment(env, bare)
    run([str(python), "manage.py", "migrate", "--noinput"], cwd=bare, env=bare_env)
    cookie = login_cookie(python, project, env, "demo@example.com")
    bare_cookie = login_cookie(python, bare, bare_env, "bench@example.com")
    slug = run([str(python), "manage.py", "shell", "-c", TEAM_SLUG], cwd=project, env=env).stdout.splitlines()[-1]
    pages = ["/", "/accounts/login/", "/dashboard/", "/teams/", f"/teams/{slug}/members/", "/billing/",
             "/accounts/profile/", "/accounts/email/", "/accounts/2fa/", "/api/teams/"]  # fmt: skip
    with (
        serve(python, bare, "bare_site", bare_env, work / "bare.log") as (bare_base, bare_master),
        serve(python, project, project.name, env, work / "project.log") as (base, master),
    ):
        for path in ("/", "/accounts/login/", "/private/"):
            wrk(bare_base + path, bare_cookie, seconds=seconds)
        for path in pages:
            page_cookie = None if path in PUBLIC else cookie
            status = fetch_status(base + path, page_cookie)
            if status != 200:
                raise AssertionError(f"{path} answered {status}, not 200")
            wrk(base + path, page_cookie, seconds=seconds)
        bare_memory, memory = worker_memory_mib(bare_master), worker_memory_mib(master)
    return {
        "memory_bare": bare_memory,
        "memory_project": memory,
        "private_memory_ratio": round(memory["private_mib"] / bare_memory["private_mib"], 2),
        "bare": bare,
        "bare_env": bare_env,
    }


def bench_check(
    python: Path, project: Path, env: dict[str, str], bare: Path, bare_env: dict[str, str], rounds: int
) -> dict[str, Any]:
    ours, theirs = [], []
    for _ in range(rounds):
        theirs.append(median_time([str(python), "manage.py", "check"], bare, bare_env))
        ours.append(median_time([str(python), "manage.py", "check"], project, env))
    return {
        "check_project_s": round(statistics.median(ours), 3),
        "check_bare_s": round(statistics.median(theirs), 3),
        "ratio": round(statistics.median(ours) / statistics.median(theirs), 2),
    }


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    venv_python = Path(shutil.which("python") or sys.executable)
    scratch = Path(tempfile.mkdtemp(prefix="qs-bench-memory-"))
    environment = dict(os.environ)
    results = bench_memory(venv_python, target, environment, scratch)
    bare_project, bare_environment_ = results.pop("bare"), results.pop("bare_env")
    results["check"] = bench_check(venv_python, target, environment, bare_project, bare_environment_, rounds)
    print(json.dumps(results, indent=2))
