"""Persistent, health-checked database connections by default (docs/performance.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.checks import run_checks

from quickscale_core import checks
from quickscale_core.settings.environment import DEFAULT_CONN_MAX_AGE, conn_max_age_setting, database_settings

from .test_settings import make_project, run


def test_connections_persist_and_are_health_checked_by_default() -> None:
    for url in ("sqlite:////srv/app/db.sqlite3", "postgres://app:secret@db.internal:5432/app"):
        config = database_settings(url)
        assert config["CONN_MAX_AGE"] == DEFAULT_CONN_MAX_AGE > 0
        assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("30", 30), ("none", None), (" None ", None)])
def test_conn_max_age_from_the_environment(raw: str, expected: int | None) -> None:
    assert conn_max_age_setting(raw) == expected


@pytest.mark.parametrize("raw", ["forever", "-1", "1.5"])
def test_conn_max_age_that_is_not_seconds_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="DJANGO_CONN_MAX_AGE"):
        conn_max_age_setting(raw)


def test_environment_reaches_the_settings(tmp_path: Path) -> None:
    project = make_project(tmp_path, "from quickscale_core.settings import *")
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )

    default = run(project, "-c", f"import django; django.setup(); {code}")
    chosen = run(
        project,
        "-c",
        f"import django; django.setup(); {code}",
        env={"DJANGO_CONN_MAX_AGE": "none", "DJANGO_CONN_HEALTH_CHECKS": "false"},
    )

    assert default.stdout.split() == [str(DEFAULT_CONN_MAX_AGE), "True"], default.stderr
    assert chosen.stdout.split() == ["None", "False"], chosen.stderr


def _database(**options: object) -> dict[str, dict[str, object]]:
    return {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", **options}}


def test_deploy_check_warns_about_a_connection_per_request() -> None:
    assert [m.id for m in checks.connection_problems(_database(CONN_MAX_AGE=0))] == ["quickscale_core.W008"]
    unchecked = _database(CONN_MAX_AGE=None, CONN_HEALTH_CHECKS=False)
    assert [m.id for m in checks.connection_problems(unchecked)] == ["quickscale_core.W009"]
    assert checks.connection_problems(_database(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True)) == []
    # The test settings keep Django's defaults (a connection per test): the check runs only with --deploy.
    assert "quickscale_core.W008" not in [m.id for m in run_checks() if m.id]
