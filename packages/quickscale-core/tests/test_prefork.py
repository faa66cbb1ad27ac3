"""``prefork.warm_up``: what a gunicorn master builds before forking, so that its workers share it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.urls import clear_url_caches, get_resolver
from django.utils.translation import trans_real

from quickscale_core import health, prefork


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Each test starts as a new master would: no URLconf imported, no health answer, no catalog."""
    health._migrated.clear()
    clear_url_caches()
    sys.modules.pop("tests.urls", None)
    yield
    health._migrated.clear()
    clear_url_caches()


@pytest.mark.django_db(transaction=True)
def test_the_urlconf_and_the_reverse_tables_are_built_for_every_language() -> None:
    with override_settings(LANGUAGES=[("en", "English"), ("fr", "French")]):
        trans_real._translations.pop("fr", None)
        prefork.warm_up()

        assert "tests.urls" in sys.modules
        resolver = get_resolver()
        assert "url_patterns" in resolver.__dict__  # the cached property is filled
        assert {"en", "fr"} <= set(resolver._reverse_dict)
        assert "fr" in trans_real._translations


@pytest.mark.django_db(transaction=True)
def test_a_migrated_database_is_remembered_and_the_connection_closed() -> None:
    prefork.warm_up()

    assert health._migrated == {"default"}
    # The in-memory test database stays open (Django never closes those); a file or server
    # database's connection is closed, which is what a fork needs.
    with mock.patch("django.db.connections.close_all") as close_all:
        prefork.warm_up()
    close_all.assert_called_once_with()


@pytest.mark.django_db(transaction=True)
def test_pending_migrations_are_left_to_the_workers() -> None:
    MigrationRecorder(connection).record_unapplied("auth", "0012_alter_user_first_name_max_length")
    try:
        prefork.warm_up()
        assert health._migrated == set()
    finally:
        MigrationRecorder(connection).record_applied("auth", "0012_alter_user_first_name_max_length")


def test_an_unreachable_database_does_not_stop_the_server() -> None:
    with (
        mock.patch.object(health, "migrations_applied", side_effect=DatabaseError("connection refused")),
        mock.patch("django.db.connections.close_all") as close_all,
    ):
        prefork.warm_up()

    assert health._migrated == set()
    assert "tests.urls" in sys.modules
    close_all.assert_called_once_with()
