"""The collector paused while Django starts and resumed, with start-up's objects frozen, by core's ready()."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from quickscale_core import startup
from tests.test_settings import make_project, run


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    startup._paused = False
    gc.unfreeze()
    gc.enable()


def test_pause_then_resume_freezes_what_exists_and_collects_again() -> None:
    frozen_before = gc.get_freeze_count()

    startup.pause_collector()
    assert not gc.isenabled()
    built_during_start_up = [[] for _ in range(100)]
    startup.resume_collector()

    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(built_during_start_up)
    startup.resume_collector()  # a second call changes nothing
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()

    startup.pause_collector()
    startup.resume_collector()

    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_resume_without_pause_changes_nothing() -> None:
    startup.resume_collector()

    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


CHECK_COLLECTOR = (
    "from quickscale_core.startup import pause_collector; pause_collector(); import django, gc; "
    "assert not gc.isenabled(); django.setup(); print(gc.isenabled(), gc.get_freeze_count() > 10000)"
)


def test_django_setup_resumes_the_collector_paused_before_it(tmp_path: Path) -> None:
    """What a generated project's manage.py does: pause, then Django's setup runs core's ready()."""
    project = make_project(tmp_path, "from quickscale_core.settings import *  # noqa")

    result = run(project, "-c", CHECK_COLLECTOR)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
