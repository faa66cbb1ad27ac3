"""pytest plugin of quickscale-core (the ``pytest11`` entry point ``quickscale_core``).

Fixtures: ``user_factory``, ``user``, ``password``, ``logged_in_client``,
``outbox`` (the mail outbox, emptied per test) and ``pseudo_language`` (every
translated string reads ``⟦string⟧``: see ``quickscale_core.testing.translation``). Imports Django lazily, so a
pytest run without Django configured is unaffected.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from django.core.mail import EmailMessage
    from django.test import Client


DEFAULT_USER_FACTORY = "quickscale_core.testing.factories.UserFactory"


@pytest.fixture
def password() -> str:
    from quickscale_core.testing import DEFAULT_PASSWORD

    return DEFAULT_PASSWORD


@pytest.fixture
def user_factory(db: None) -> Any:
    """The user factory class: ``user_factory(email="a@example.com")``.

    ``settings.QUICKSCALE_USER_FACTORY`` (a dotted path) names it; a module that
    owns the user model sets it in its layer (the auth module's factory gives
    users a verified email). Default: ``quickscale_core.testing.factories.UserFactory``.
    """
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(getattr(settings, "QUICKSCALE_USER_FACTORY", DEFAULT_USER_FACTORY))


@pytest.fixture
def user(user_factory: Any) -> Any:
    return user_factory()


@pytest.fixture
def logged_in_client(client: Client, user: Any) -> Client:
    """Django's test client, logged in as ``user``."""
    client.force_login(user)
    return client


@pytest.fixture
def outbox(mailoutbox: list[EmailMessage]) -> list[EmailMessage]:
    """pytest-django's ``mailoutbox`` under a shorter name."""
    return mailoutbox


@pytest.fixture
def pseudo_language() -> Iterator[None]:
    """Every string marked for translation renders as ``⟦string⟧`` during the test."""
    from quickscale_core.testing.translation import pseudo_translation

    with pseudo_translation():
        yield
