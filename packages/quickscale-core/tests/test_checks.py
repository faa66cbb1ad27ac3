from __future__ import annotations

from importlib import metadata
from typing import Any

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.test import override_settings

from quickscale_core import checks

SECURITY = "django.middleware.security.SecurityMiddleware"
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"


def ids() -> list[str]:
    return [message.id for message in run_checks() if message.id and message.id.startswith("quickscale_core")]


def test_test_settings_are_clean() -> None:
    assert ids() == []


def test_module_installed_without_its_layer() -> None:
    with override_settings(QUICKSCALE_LAYERS=["quickscale_core.api"]):
        messages = checks.check_layers()

    assert [m.id for m in messages] == ["quickscale_core.E001"]
    assert "tests.demoapp is in INSTALLED_APPS but its settings layer was not applied" in messages[0].msg
    assert 'apply_modules(globals(), "tests.demoapp")' in str(messages[0].hint)


def test_layer_applied_but_app_removed() -> None:
    with override_settings(QUICKSCALE_LAYERS=["quickscale_core.api", "tests.demoapp", "quickscale_modules.gone"]):
        messages = checks.check_layers()

    assert [m.id for m in messages] == ["quickscale_core.E002"]
    assert "quickscale_modules.gone" in messages[0].msg


@pytest.mark.parametrize(
    "middleware",
    [
        [SECURITY, "django.contrib.sessions.middleware.SessionMiddleware"],
        [SECURITY, "django.contrib.sessions.middleware.SessionMiddleware", WHITENOISE],
    ],
)
def test_whitenoise_missing_or_misplaced(middleware: list[str]) -> None:
    with override_settings(MIDDLEWARE=middleware):
        messages = checks.check_whitenoise()

    assert [m.id for m in messages] == ["quickscale_core.W001"]
    assert messages[0].hint


def test_distribution_name_follows_the_pypi_convention() -> None:
    config = apps.get_app_config("demoapp")

    assert checks.distribution_name(config) == "tests-demoapp"


def test_module_whose_core_range_excludes_installed_core(monkeypatch: pytest.MonkeyPatch) -> None:
    real_requires = metadata.requires

    def requires(name: str) -> list[str] | None:
        if name == "tests-demoapp":
            return ["django>=5.2", "pytest; extra == 'testing'", "not a requirement ][", "quickscale-core>=9,<10"]
        return real_requires(name)

    monkeypatch.setattr(checks.metadata, "requires", requires)

    messages = checks.check_core_ranges()

    assert [m.id for m in messages] == ["quickscale_core.W002"]
    assert "tests-demoapp supports quickscale-core<10,>=9" in messages[0].msg
    assert "pip install -U tests-demoapp" in str(messages[0].hint)


def test_module_whose_core_range_includes_installed_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks.metadata, "requires", lambda name: ["quickscale-core>=0.1,<99"])

    assert checks.check_core_ranges() == []


def test_unknown_distribution_is_skipped() -> None:
    assert checks.core_requirement("no-such-distribution-anywhere") is None


def test_without_core_metadata_nothing_to_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> Any:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(checks.metadata, "version", missing)

    assert checks.check_core_ranges() == []


@pytest.mark.parametrize(
    "value",
    [
        "sk_test_REPLACE_ME",
        "whsec_replace-me",
        "replaceme",
        "https://www.example.com",
        "http://example.org:8000/path",
        "noreply@example.net",
        '"Shop" <noreply@mail.example.com>',
    ],
)
def test_placeholders_are_recognised(value: str) -> None:
    assert checks.is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    ["", None, "sk_test_" + "a1" * 12, "https://app.acme.io", "Acme <noreply@acme.io>", "https://notexample.com"],
)
def test_real_values_are_not_placeholders(value: str | None) -> None:
    assert not checks.is_placeholder(value)


def test_deploy_check_names_core_placeholders() -> None:
    with override_settings(SECRET_KEY="REPLACE_ME", DEFAULT_FROM_EMAIL="Shop <noreply@example.com>"):
        with override_settings(SERVER_EMAIL="errors@example.com"):
            messages = checks.check_placeholders()
        assert [m.msg.split()[0] for m in messages] == [
            "DJANGO_SECRET_KEY",
            "DJANGO_DEFAULT_FROM_EMAIL",
            "DJANGO_SERVER_EMAIL",
        ]
        assert {m.id for m in messages} == {"quickscale_core.E003"}
        assert "secrets.token_urlsafe" in str(messages[0].hint)
        # SERVER_EMAIL that only follows DEFAULT_FROM_EMAIL is named once, as the sender.
        with override_settings(SERVER_EMAIL="Shop <noreply@example.com>"):
            assert len(checks.check_placeholders()) == 2


def test_deploy_check_warns_about_djangos_default_sender() -> None:
    with override_settings(DEFAULT_FROM_EMAIL="webmaster@localhost", SERVER_EMAIL="webmaster@localhost"):
        assert [m.id for m in checks.check_placeholders()] == ["quickscale_core.W003"]
    with override_settings(DEFAULT_FROM_EMAIL="Acme <noreply@acme.io>", SERVER_EMAIL="Acme <noreply@acme.io>"):
        assert checks.check_placeholders() == []


def test_checks_follow_the_apps_manage_py_check_names() -> None:
    """``manage.py check <app>`` passes those apps' configs: core's checks run only when core is among them."""
    core, demo, contenttypes = (apps.get_app_config(label) for label in ("quickscale_core", "demoapp", "contenttypes"))
    with override_settings(
        MIDDLEWARE=[SECURITY],
        QUICKSCALE_LAYERS=["quickscale_core.api", "quickscale_modules.gone"],
        DEFAULT_FROM_EMAIL="webmaster@localhost",
    ):
        everything = {m.id for m in run_checks(include_deployment_checks=True)}
        only_core = {m.id for m in run_checks(app_configs=[core], include_deployment_checks=True)}
        only_demo = {m.id for m in run_checks(app_configs=[demo], include_deployment_checks=True)}
        other = {m.id for m in run_checks(app_configs=[contenttypes], include_deployment_checks=True)}
    ours = {"quickscale_core.E001", "quickscale_core.E002", "quickscale_core.W001", "quickscale_core.W003"}
    assert ours <= everything
    assert ours - {"quickscale_core.E001"} <= only_core
    assert "quickscale_core.E001" not in only_core  # about demoapp, reported when demoapp is checked
    assert {i for i in only_demo if i and i.startswith("quickscale_core")} == {"quickscale_core.E001"}
    assert not {i for i in other if i and i.startswith("quickscale_core")}
    assert checks.selected(None, "anything")
    assert checks.module_configs([contenttypes]) == []


def test_subclass_problem_says_why_a_dotted_path_does_not_fit() -> None:
    from django.apps import AppConfig

    assert checks.subclass_problem("quickscale_core.apps.ModuleConfig", AppConfig) == ""
    assert checks.subclass_problem("quickscale_core.apps.Missing", AppConfig).startswith("does not import (")
    assert checks.subclass_problem(None, AppConfig) == "is not a subclass of django.apps.config.AppConfig"
    assert checks.subclass_problem("quickscale_core.checks.LABEL", AppConfig) == (
        "is not a subclass of django.apps.config.AppConfig"
    )
