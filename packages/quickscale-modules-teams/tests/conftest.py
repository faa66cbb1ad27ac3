from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model

from quickscale_core.testing import postgres
from quickscale_modules.teams import services
from quickscale_modules.teams.models import Membership, Team


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` run under tests.settings_postgres only, and only they run there."""
    postgres_run = hasattr(settings, "POSTGRES_MISSING")
    selected, deselected = [], []
    for item in items:
        (selected if (item.get_closest_marker("postgres") is not None) == postgres_run else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
    if postgres_run and settings.POSTGRES_MISSING:
        postgres.skip_or_fail(selected, settings.POSTGRES_MISSING)


def user_fields(email: str) -> dict[str, Any]:
    """Create-user arguments for Django's User (username) or an email-only user model."""
    model = get_user_model()
    fields: dict[str, Any] = {"email": email}
    if model.USERNAME_FIELD != "email":
        fields[model.USERNAME_FIELD] = email.split("@")[0]
    return fields


def make_user(email: str, *, verified: bool = True) -> Any:
    user = get_user_model().objects.create_user(**user_fields(email), password="pw")
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def make_verified_user(db: None) -> Any:
    return make_user


def add_member(team: Team, email: str, role: str = "member") -> Membership:
    return Membership.objects.create(team=team, user=make_user(email), role=role)


@pytest.fixture
def owner(db: None) -> Any:
    return make_user("owner@example.com")


@pytest.fixture
def team(owner: Any) -> Team:
    return services.create_team(owner=owner, name="Acme")


@pytest.fixture
def admin_user(team: Team) -> Any:
    return add_member(team, "admin@example.com", "admin").user


@pytest.fixture
def member_user(team: Team) -> Any:
    return add_member(team, "member@example.com", "member").user


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """``with commit(): ...`` runs the on-commit callbacks (emails, signals) of the block."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run
