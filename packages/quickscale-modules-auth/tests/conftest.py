from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from quickscale_core.testing import DEFAULT_PASSWORD
from quickscale_modules.auth.factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # allauth keeps rate-limit counters and used TOTP codes in the cache.
    cache.clear()


@pytest.fixture
def verified_user(db: None) -> Any:
    return UserFactory(email="ada@example.com", first_name="Ada", last_name="Lovelace")


def login(client: Client, email: str, password: str = DEFAULT_PASSWORD) -> Any:
    return client.post("/accounts/login/", {"login": email, "password": password})


def reauthenticate(client: Client, password: str = DEFAULT_PASSWORD) -> Any:
    return client.post("/accounts/reauthenticate/", {"password": password})
