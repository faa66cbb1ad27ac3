"""Session fixtures of the end-to-end run: wheels built once, PostgreSQL started once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.harness import build_wheels, install, make_venv, write_constraints
from e2e.postgres import Postgres, running_postgres

ARTIFACTS = Path(os.environ.get("QS_ARTIFACTS", Path(__file__).resolve().parent.parent / "artifacts"))


@pytest.fixture(scope="session")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Wheels of every package: from QS_WHEELS when given (nox -s build made them), else built now."""
    given = os.environ.get("QS_WHEELS")
    if given and any(Path(given).glob("*.whl")):
        return Path(given)
    return build_wheels(tmp_path_factory.mktemp("wheels"))


@pytest.fixture(scope="session")
def constraints(wheels: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_constraints(wheels, tmp_path_factory.mktemp("constraints") / "constraints.txt")


@pytest.fixture(scope="session")
def quickscale(wheels: Path, constraints: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``quickscale`` command from the built quickscale-cli wheel, in a venv of its own."""
    python = make_venv(tmp_path_factory.mktemp("cli") / "venv")
    install(python, "quickscale-cli", wheels=wheels, constraints=constraints)
    return python.parent / "quickscale"


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def migrated() -> dict[str, str]:
    """Module set -> the PostgreSQL database a project with those modules migrated.

    A project whose module set was already migrated in this run starts from a copy of that
    database (``CREATE DATABASE ... TEMPLATE``) and still runs ``migrate``, which then checks
    that every migration is applied: dj-stripe's ~45 s of migrations run once per module set.
    """
    return {}
