"""Owner providers for tests/test_owners.py: one that fits core's protocol, and ones that do not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.http import HttpRequest


class UserGroupsProvider:
    """Django's auth groups as owners: any class with the protocol's methods fits, no base class needed."""

    def owners_of(self, user: Any) -> Sequence[Model]:
        return list(user.groups.order_by("name")) if getattr(user, "is_authenticated", False) else []

    def owner_by_key(self, user: Any, key: str) -> Model | None:
        return next((group for group in self.owners_of(user) if group.name == key), None)

    def owner_key(self, owner: Model) -> str:
        return str(getattr(owner, "name", ""))

    def display_name(self, owner: Model) -> str:
        return str(owner)

    def can_manage_billing(self, user: Any, owner: Model) -> bool:
        return bool(getattr(user, "is_staff", False))

    def request_owner(self, request: HttpRequest) -> Model | None:
        return None

    def seat_count(self, owner: Model) -> int:
        return 1

    def contact_email(self, owner: Model) -> str:
        return ""


class HalfProvider:
    def owners_of(self, user: Any) -> Sequence[Model]:
        return []

    owner_key = "not callable"


INSTANCE = UserGroupsProvider()
