from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from quickscale_modules.auth import checks
from quickscale_modules.auth.layer import social_providers_from_env


def ids(messages: list[Any]) -> list[str]:
    return [message.id for message in messages]


def test_clean_configuration_has_no_messages() -> None:
    assert [m for m in run_checks() if m.id and m.id.startswith("quickscale")] == []


def test_checks_run_only_when_the_module_is_checked(settings: Any) -> None:
    """``manage.py check contenttypes`` leaves the module's checks out, like Django's own."""
    from django.apps import apps

    settings.AUTH_USER_MODEL = "auth.User"
    settings.QUICKSCALE_AUTH_SIGNUP_OPEN = "yes"
    own = [apps.get_app_config("quickscale_auth")]
    other = [apps.get_app_config("contenttypes")]
    assert {"quickscale_auth.E001", "quickscale_auth.E005"} <= set(ids(run_checks(app_configs=own)))
    assert not [i for i in ids(run_checks(app_configs=other, databases=["default"])) if i.startswith("quickscale_auth")]


def test_other_user_model(settings: Any) -> None:
    settings.AUTH_USER_MODEL = "auth.User"
    messages = checks.check_user_model()
    assert ids(messages) == ["quickscale_auth.E001"]
    assert "Remove the AUTH_USER_MODEL line" in messages[0].hint


@pytest.mark.django_db
def test_installed_after_first_migration() -> None:
    assert checks.check_installed_before_first_migration(databases=["default"]) == []
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("quickscale_auth", "0001_initial")
    try:
        assert ids(checks.check_installed_before_first_migration(databases=["default"])) == ["quickscale_auth.E002"]
    finally:
        recorder.record_applied("quickscale_auth", "0001_initial")
    assert checks.check_installed_before_first_migration(databases=None) == []


@pytest.mark.django_db
def test_database_check_skips_unmigrated_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MigrationRecorder, "has_table", lambda self: False)
    assert checks.check_installed_before_first_migration(databases=["default"]) == []


def test_social_provider_without_keys(settings: Any) -> None:
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["google", "nosuchprovider"]
    settings.SOCIALACCOUNT_PROVIDERS = {}
    messages = checks.check_social_providers()
    assert ids(messages) == ["quickscale_auth.E004", "quickscale_auth.E003"]
    assert "QUICKSCALE_AUTH_GOOGLE_CLIENT_ID and QUICKSCALE_AUTH_GOOGLE_SECRET" in messages[0].hint
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["google", "github"]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "id", "secret": "s"}]},
        "github": {"APP": {"client_id": "id", "secret": "s"}},
    }
    assert checks.check_social_providers() == []


def test_provider_keys_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert social_providers_from_env() == {}
    for provider in ("GOOGLE", "GITHUB", "MICROSOFT"):
        monkeypatch.setenv(f"QUICKSCALE_AUTH_{provider}_CLIENT_ID", f"{provider.lower()}-id")
        monkeypatch.setenv(f"QUICKSCALE_AUTH_{provider}_SECRET", f"{provider.lower()}-secret")
    monkeypatch.setenv("QUICKSCALE_AUTH_MICROSOFT_TENANT", "organizations")
    providers = social_providers_from_env()
    assert providers["google"]["APPS"] == [{"client_id": "google-id", "secret": "google-secret", "key": ""}]
    assert providers["github"]["SCOPE"] == ["user:email"]
    assert providers["microsoft"]["TENANT"] == "organizations"


def test_setting_types(settings: Any) -> None:
    settings.QUICKSCALE_AUTH_SIGNUP_OPEN = "no"
    settings.QUICKSCALE_AUTH_DELETION_POLICY = "shred"
    assert ids(checks.check_settings()) == ["quickscale_auth.E005", "quickscale_auth.E006"]


def test_staff_mfa_needs_its_middleware(settings: Any) -> None:
    settings.QUICKSCALE_AUTH_REQUIRE_MFA_FOR_STAFF = True
    assert checks.check_settings() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMFA" not in m]
    assert ids(checks.check_settings()) == ["quickscale_auth.E007"]


def test_foreign_adapter(settings: Any) -> None:
    settings.ACCOUNT_ADAPTER = "allauth.account.adapter.DefaultAccountAdapter"
    settings.SOCIALACCOUNT_ADAPTER = "no.such.Adapter"
    assert ids(checks.check_adapter()) == ["quickscale_auth.W001", "quickscale_auth.W001"]


def test_manage_py_check_passes() -> None:
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_migrations_are_complete() -> None:
    call_command("makemigrations", "quickscale_auth", check=True, dry_run=True, verbosity=0)
