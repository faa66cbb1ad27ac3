"""``quickscale_core.owners``: the provider named by a setting, and the check that catches a wrong one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.test import override_settings

from quickscale_core.owners import (
    OwnerProvider,
    OwnerProviderError,
    get_owner_provider,
    load_provider,
    missing_methods,
)
from tests.owner_providers import HalfProvider, UserGroupsProvider

GROUPS = "tests.owner_providers.UserGroupsProvider"


def e004() -> list[str]:
    return [str(message.msg) for message in run_checks() if message.id == "quickscale_core.E004"]


def test_no_setting_no_provider_no_error() -> None:
    assert get_owner_provider() is None
    assert e004() == []


@pytest.mark.django_db
def test_a_provider_named_by_the_setting(django_user_model: type) -> None:
    with override_settings(QUICKSCALE_OWNER_PROVIDER=GROUPS):
        provider = get_owner_provider()
        assert isinstance(provider, UserGroupsProvider)
        assert isinstance(provider, OwnerProvider)
        assert get_owner_provider() is provider  # one instance per path
        assert e004() == []
        user = django_user_model.objects.create(username="ann", email="ann@example.com")
        user.groups.add(Group.objects.create(name="acme"))
        assert [provider.owner_key(owner) for owner in provider.owners_of(user)] == ["acme"]
        assert provider.owner_by_key(user, "acme") is not None


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("tests.owner_providers.Missing", "does not import"),
        ("nowhere.Provider", "does not import"),
        ("tests.owner_providers.INSTANCE", "is not a class"),
        ("tests.owner_providers.HalfProvider", "lacks owner_by_key, owner_key, display_name"),
    ],
)
def test_check_names_what_is_wrong(path: str, problem: str) -> None:
    with override_settings(QUICKSCALE_OWNER_PROVIDER=path):
        (message,) = e004()
        assert path in message
        assert problem in message
        with pytest.raises(OwnerProviderError):
            get_owner_provider()
    with pytest.raises(OwnerProviderError):
        load_provider(path)


def test_missing_methods() -> None:
    assert missing_methods(UserGroupsProvider) == []
    assert "contact_email" in missing_methods(HalfProvider)
    assert "owner_key" in missing_methods(HalfProvider)  # an attribute that is not a method
