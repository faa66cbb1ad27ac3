"""Every module/theme combination: the generated project's own CI workflow, step by step, on a fresh
PostgreSQL database (e2e/workflow.py), then what the workflow leaves out: ``migrate`` on PostgreSQL,
``check`` with the development settings, and ``check --deploy`` with ``.env.example`` as it ships."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from e2e.harness import SECRET, Project, make_venv, run, scaffold
from e2e.postgres import Postgres
from e2e.workflow import load_job, run_job

COMBINATIONS = ["none", "auth", "auth,teams", "auth,billing", "auth,teams,billing"]
THEMES = ["html", "htmx"]
#: The workflow's matrix has two Pythons; every combination runs on the first, the fullest on both.
CASES = [(modules, theme, "3.11") for modules in COMBINATIONS for theme in THEMES] + [
    ("auth,teams,billing", "html", "3.12")
]
#: The placeholders of .env.example that check --deploy must name, by module.
PLACEHOLDERS = {
    "core": ["DJANGO_DEFAULT_FROM_EMAIL"],
    "teams": ["QUICKSCALE_TEAMS_SITE_URL"],
    "billing": ["STRIPE_SECRET_KEY", "STRIPE_PUBLIC_KEY", "STRIPE_WEBHOOK_SECRET"],
}


@pytest.mark.parametrize(
    ("modules", "theme", "python"),
    CASES,
    ids=[f"{modules.replace(',', '+')}-{theme}-py{python}" for modules, theme, python in CASES],
)
def test_generated_project(
    modules: str,
    theme: str,
    python: str,
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    postgres: Postgres,
    migrated: dict[str, str],
    tmp_path: Path,
) -> None:
    name = f"site_{modules.replace(',', '_')}_{theme}_{python.replace('.', '')}"
    path = scaffold(quickscale, tmp_path, name, modules, theme)
    venv_python = make_venv(path / ".venv", python, seed=True)  # actions/setup-python: pip included

    job = load_job(path / ".github" / "workflows" / "ci.yml", python=python)
    assert python in job.pythons
    assert "postgres" in job.services  # stood in for by a fresh database on the run's server
    run_job(
        job,
        path,
        venv_python.parent,
        {
            "DATABASE_URL": postgres.create_database(name),  # empty: the tests build their own database
            "PIP_FIND_LINKS": str(wheels),
            "PIP_CONSTRAINT": str(constraints),
        },
    )

    # Migrations for real on PostgreSQL (dj-stripe's once per module set: a database that another
    # project with these modules migrated is the template, and migrate checks that all are applied).
    project = Project(path, name, venv_python)
    database = postgres.create_database(f"{name}_migrated", template=migrated.get(modules))
    env = {"DATABASE_URL": database}
    assert "System check identified no issues" in project.manage("check", env=env)
    project.manage("migrate", "--noinput", env=env)
    migrated.setdefault(modules, f"{name}_migrated")

    # .env.example copied as it ships: check --deploy names every placeholder still in place.
    production = {
        **project.env_example(),
        "DATABASE_URL": database,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": f"{name}.settings.production",
    }
    result = run(
        [venv_python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=path,
        env=production,
        check=False,
    )
    assert result.returncode != 0, result.stdout + result.stderr
    chosen = ["core", *(m for m in modules.split(",") if m != "none")]
    expected = sorted(variable for module in chosen for variable in PLACEHOLDERS.get(module, []))
    named = sorted(set(re.findall(r"([A-Z_]+) is still the placeholder from \.env\.example", result.stderr)))
    assert named == expected, result.stderr
