"""Billing owners other than the user (teams, organisations, tenants): the protocol between modules.

A module that groups users (quickscale-modules-teams, or a project's own tenant model) *provides*
an :class:`OwnerProvider`; a module that bills or meters a group (quickscale-modules-billing)
*consumes* it through :func:`get_owner_provider`. Neither imports the other: the setting
``QUICKSCALE_OWNER_PROVIDER`` names the provider class, like ``AUTH_USER_MODEL`` names the user
model. The teams layer sets it to the teams provider; without it there is no provider and only
users own things. The ``quickscale_core.E004`` check reports a setting that does not import or
does not fit the protocol.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.utils.module_loading import import_string

#: The setting naming the provider class (a dotted path; the class is built without arguments).
SETTING = "QUICKSCALE_OWNER_PROVIDER"


@runtime_checkable
class OwnerProvider(Protocol):
    """What a consumer may ask about the owners (teams, tenants...) a user belongs to.

    ``user`` is the request's user (possibly anonymous); owners are model instances. Every method
    must answer without raising for a user with no owners.
    """

    def owners_of(self, user: Any) -> Sequence[Model]:
        """The owners ``user`` belongs to, in the order a picker shows them (empty for anonymous users)."""

    def owner_by_key(self, user: Any, key: str) -> Model | None:
        """The owner of ``user`` whose public key is ``key``, or None (unknown, or not one of theirs)."""

    def owner_key(self, owner: Model) -> str:
        """The public key of ``owner``, safe in URLs and forms (a slug; never a secret)."""

    def display_name(self, owner: Model) -> str:
        """How ``owner`` is named on pages and at the payment provider."""

    def can_manage_billing(self, user: Any, owner: Model) -> bool:
        """Whether ``user`` may buy, change or cancel what ``owner`` pays for."""

    def request_owner(self, request: HttpRequest) -> Model | None:
        """The owner a request is already scoped to (a team page's team), or None."""

    def seat_count(self, owner: Model) -> int:
        """How many people ``owner`` has (per-seat prices); at least 1."""

    def contact_email(self, owner: Model) -> str:
        """An address to send ``owner``'s invoices to, or ""."""


#: The method names of the protocol, for the check's message.
PROTOCOL_METHODS = (
    "owners_of",
    "owner_by_key",
    "owner_key",
    "display_name",
    "can_manage_billing",
    "request_owner",
    "seat_count",
    "contact_email",
)


class OwnerProviderError(Exception):
    """``QUICKSCALE_OWNER_PROVIDER`` does not import, or is not an :class:`OwnerProvider`."""


def provider_path() -> str:
    """The dotted path in ``QUICKSCALE_OWNER_PROVIDER``, or "" when no provider is configured."""
    return str(getattr(settings, SETTING, "") or "")


def missing_methods(candidate: object) -> list[str]:
    """The protocol methods ``candidate`` (a class or an instance) lacks or has as non-callables."""
    return [name for name in PROTOCOL_METHODS if not callable(getattr(candidate, name, None))]


@functools.lru_cache(maxsize=8)
def load_provider(path: str) -> OwnerProvider:
    """Import and build the provider at ``path``; raises :class:`OwnerProviderError` saying what is wrong."""
    try:
        provider_class = import_string(path)
    except ImportError as exc:
        raise OwnerProviderError(f"{SETTING} = {path!r} does not import: {exc}") from exc
    if not isinstance(provider_class, type):
        raise OwnerProviderError(f"{SETTING} = {path!r} is not a class.")
    missing = missing_methods(provider_class)
    if missing:
        raise OwnerProviderError(
            f"{SETTING} = {path!r} lacks {', '.join(missing)} of quickscale_core.owners.OwnerProvider."
        )
    provider: OwnerProvider = provider_class()
    return provider


def get_owner_provider() -> OwnerProvider | None:
    """The configured provider (one instance per path), or None when ``QUICKSCALE_OWNER_PROVIDER`` is unset."""
    path = provider_path()
    return load_provider(path) if path else None
