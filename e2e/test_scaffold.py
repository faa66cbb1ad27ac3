"""Every module/theme combination: render, lint, install the local wheels, migrate on PostgreSQL,
check (and check --deploy with production settings), then the generated project's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.harness import SECRET, Project, install, make_venv, scaffold
from e2e.postgres import Postgres

COMBINATIONS = ["none", "auth", "auth,teams", "auth,billing", "auth,teams,billing"]
THEMES = ["html", "htmx"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("modules", COMBINATIONS, ids=[c.replace(",", "+") for c in COMBINATIONS])
def test_generated_project(
    modules: str,
    theme: str,
    quickscale: Path,
    wheels: Path,
    constraints: Path,
    postgres: Postgres,
    migrated: dict[str, str],
    tmp_path: Path,
) -> None:
    name = f"site_{modules.replace(',', '_')}_{theme}"
    path = scaffold(quickscale, tmp_path, name, modules, theme)
    python = make_venv(path / ".venv")
    install(python, "-e", ".[dev]", wheels=wheels, constraints=constraints, cwd=path)
    project = Project(path, name, python)

    project.tool("ruff", "check", ".")
    project.tool("ruff", "format", "--check", ".")
    project.tool("mypy", ".")

    database = postgres.create_database(name, template=migrated.get(modules))
    env = {"DATABASE_URL": database}
    project.manage("makemigrations", "--check", "--dry-run", env=env)
    assert "System check identified no issues" in project.manage("check", env=env)
    project.manage("migrate", "--noinput", env=env)
    migrated.setdefault(modules, name)
    # The migrated database is the test database's template: migrations ran once, for real.
    postgres.create_database(f"test_{name}", template=name)

    production = {
        **project.env_example(),
        "DATABASE_URL": database,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": f"{name}.settings.production",
    }
    project.manage("check", "--deploy", "--fail-level", "WARNING", env=production)

    output = project.tool("pytest", "-q", "--reuse-db", "-p", "no:cacheprovider", env=env)
    assert " passed" in output
    if modules == "auth,teams,billing":
        assert int(output.split(" passed")[0].split()[-1]) >= 10, output
