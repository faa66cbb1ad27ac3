from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from quickscale_core.app_settings import AppSettings


class ShopSettings(AppSettings):
    prefix = "QUICKSCALE_SHOP_"

    @property
    def OPEN(self) -> bool:  # noqa: N802 - settings are upper case
        """Whether the shop takes orders."""
        return self._setting("OPEN", True)

    @property
    def CURRENCY(self) -> str:  # noqa: N802
        return str(self._setting("CURRENCY", "eur"))

    @property
    def api_key(self) -> str:
        """Not a prefixed setting: a library's own (lower-case properties are not listed in names())."""
        return str(self._django_setting("SHOP_API_KEY", ""))


class OutletSettings(ShopSettings):
    @property
    def DISCOUNT(self) -> int:  # noqa: N802
        return int(self._setting("DISCOUNT", 10))


def test_defaults_when_the_project_sets_nothing() -> None:
    shop = ShopSettings()
    assert shop.OPEN is True
    assert shop.CURRENCY == "eur"
    assert shop.api_key == ""


def test_values_are_read_on_each_access(settings: Any) -> None:
    shop = ShopSettings()
    settings.QUICKSCALE_SHOP_OPEN = False
    settings.SHOP_API_KEY = "key"
    assert shop.OPEN is False
    assert shop.api_key == "key"
    with override_settings(QUICKSCALE_SHOP_CURRENCY="usd"):
        assert shop.CURRENCY == "usd"
    assert shop.CURRENCY == "eur"


def test_prefix_from_the_class_or_the_constructor() -> None:
    assert ShopSettings().prefix == "QUICKSCALE_SHOP_"
    with override_settings(QUICKSCALE_OUTLET_OPEN=False):
        assert ShopSettings("QUICKSCALE_OUTLET_").OPEN is False
    assert ShopSettings().setting_name("OPEN") == "QUICKSCALE_SHOP_OPEN"
    assert repr(ShopSettings()) == "<ShopSettings QUICKSCALE_SHOP_*>"


def test_a_prefix_is_required() -> None:
    with pytest.raises(ValueError, match="needs a prefix"):
        AppSettings()


def test_names_lists_the_settings_of_the_class_and_its_bases() -> None:
    assert ShopSettings.names() == ["OPEN", "CURRENCY"]
    assert OutletSettings.names() == ["OPEN", "CURRENCY", "DISCOUNT"]


def test_core_task_settings_read_like_a_modules(settings: Any) -> None:
    """quickscale_core.tasks reads QUICKSCALE_TASKS_* through the same base: defaults, then the project's values."""
    from quickscale_core.app_settings import TaskSettings, task_settings
    from quickscale_core.tasks import _backoff_seconds, _max_attempts

    assert TaskSettings.names() == ["MAX_ATTEMPTS", "BACKOFF_SECONDS"]
    del settings.QUICKSCALE_TASKS_MAX_ATTEMPTS, settings.QUICKSCALE_TASKS_BACKOFF_SECONDS
    assert (task_settings.MAX_ATTEMPTS, task_settings.BACKOFF_SECONDS) == (5, 30)
    settings.QUICKSCALE_TASKS_MAX_ATTEMPTS = 3
    settings.QUICKSCALE_TASKS_BACKOFF_SECONDS = 0.5
    assert (_max_attempts(), _backoff_seconds()) == (3, 0.5)
    assert task_settings.setting_name("MAX_ATTEMPTS") == "QUICKSCALE_TASKS_MAX_ATTEMPTS"
