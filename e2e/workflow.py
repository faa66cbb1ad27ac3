"""Run a generated project's GitHub Actions workflow here, the way the runner would.

The project's ``.github/workflows/ci.yml`` is the workflow a user pushes on day one, so the end-to-end
run executes that file, not a copy of its commands: every ``run:`` step of the job, in order, with
bash's ``-e -o pipefail`` (GitHub's default shell), the job's and the step's ``env:`` with their
``${{ }}`` expressions evaluated (no secrets or variables are set, as on a fresh repository), in a
fresh virtualenv of the matrix's Python that stands in for ``actions/setup-python``.

What differs from GitHub, and only this: the ``postgres`` service is a fresh, empty database on the
run's own PostgreSQL server (``DATABASE_URL`` points there), and pip finds our packages in the local
wheels (``PIP_FIND_LINKS`` and ``PIP_CONSTRAINT``), because they are not on a public index.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: The actions the runner's steps may use: what each one means here.
KNOWN_ACTIONS = {
    "actions/checkout": "the generated project is the checkout",
    "actions/setup-python": "the virtualenv made for the run",
}
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class WorkflowError(AssertionError):
    """A step failed, or the workflow uses something this runner does not know."""


def evaluate(expression: str, context: Mapping[str, Mapping[str, str]]) -> str:
    """A ``${{ }}`` expression of the forms the template uses: ``scope.name``, ``'text'``, ``a || b``."""
    for alternative in expression.split("||"):
        term = alternative.strip()
        if len(term) >= 2 and term[0] == term[-1] == "'":
            value = term[1:-1]
        else:
            scope, dot, name = term.partition(".")
            if not dot or scope not in context:
                raise WorkflowError(f"the workflow uses ${{{{ {expression} }}}}, which this runner cannot evaluate")
            value = context[scope].get(name, "")
        if value:
            return value
    return ""


def substitute(text: object, context: Mapping[str, Mapping[str, str]]) -> str:
    return _EXPRESSION.sub(lambda match: evaluate(match.group(1), context), str(text))


@dataclass
class Step:
    name: str
    run: str
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Job:
    env: dict[str, str]
    steps: list[Step]
    services: dict[str, Any]
    pythons: list[str]


def load_job(workflow: Path, job_id: str = "test", python: str | None = None) -> Job:
    """The job's environment and ``run:`` steps, expressions evaluated for one matrix Python."""
    document = yaml.safe_load(workflow.read_text())
    job = document["jobs"][job_id]
    pythons = [str(version) for version in job.get("strategy", {}).get("matrix", {}).get("python-version", [])]
    context: dict[str, dict[str, str]] = {
        "secrets": {},
        "vars": {},
        "matrix": {"python-version": python or (pythons[0] if pythons else "")},
    }
    steps: list[Step] = []
    for index, raw in enumerate(job["steps"]):
        if "uses" in raw:
            action = str(raw["uses"]).partition("@")[0]
            if action not in KNOWN_ACTIONS:
                raise WorkflowError(f"step {index + 1} uses {raw['uses']}: teach e2e/workflow.py what it does")
            continue
        command = str(raw["run"])
        env = {key: substitute(value, context) for key, value in (raw.get("env") or {}).items()}
        steps.append(Step(str(raw.get("name") or command.splitlines()[0]), command, env))
    job_env = {key: substitute(value, context) for key, value in (job.get("env") or {}).items()}
    return Job(env=job_env, steps=steps, services=dict(job.get("services") or {}), pythons=pythons)


def run_job(
    job: Job,
    project: Path,
    python_bin: Path,
    overrides: Mapping[str, str],
    timeout: float = 900,
) -> list[tuple[str, float]]:
    """Run every step in order; raise with the step's output when one fails. Returns (step, seconds)."""
    base = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    base["PATH"] = f"{python_bin}{os.pathsep}{base.get('PATH', '')}"
    timings: list[tuple[str, float]] = []
    for step in job.steps:
        env = {**base, **job.env, **step.env, **overrides}
        started = time.perf_counter()
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step.run],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        seconds = time.perf_counter() - started
        print(f"[{seconds:6.1f}s] workflow step: {step.name}")
        if result.returncode != 0:
            raise WorkflowError(
                f"workflow step {step.name!r} exited {result.returncode} (in {project})\n"
                f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
            )
        timings.append((step.name, seconds))
    return timings
