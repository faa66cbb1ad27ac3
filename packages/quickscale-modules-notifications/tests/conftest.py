from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from quickscale_modules.notifications.factories import UserFactory
from quickscale_modules.notifications.kinds import Kind, register, unregister

#: The settings variant this run uses: tests marked with its name run under it only, and only they run there.
VARIANT = next((name for name in ("teams", "auth") if f"quickscale_modules.{name}" in settings.INSTALLED_APPS), None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``teams`` run under tests.settings_teams only, ``auth`` under tests.settings_auth only."""
    selected, deselected = [], []
    for item in items:
        marker = next((name for name in ("teams", "auth") if item.get_closest_marker(name) is not None), None)
        (selected if marker == VARIANT else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture
def alice(db: None) -> Any:
    return UserFactory(email="alice@example.com")


@pytest.fixture
def bob(db: None) -> Any:
    return UserFactory(email="bob@example.com")


@pytest.fixture
def report_kind() -> Iterator[Kind]:
    """A project's kind with its own templates (tests/templates/reports/ready_*)."""
    kind = register(Kind("reports.ready", "Reports ready", templates="reports/ready"))
    yield kind
    unregister(kind.key)


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """``with commit(): ...`` runs the on-commit callbacks (delivery tasks, signals) of the block."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run
