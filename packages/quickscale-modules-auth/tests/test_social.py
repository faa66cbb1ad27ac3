from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from quickscale_modules.auth.adapter import AccountAdapter

pytestmark = pytest.mark.django_db

APPS = {
    "github": {"APPS": [{"client_id": "gh-id", "secret": "gh-secret", "key": ""}]},
    "google": {"APPS": [{"client_id": "g-id", "secret": "g-secret", "key": ""}]},
}


def test_only_enabled_providers_are_offered(client: Client, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = APPS
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["github"]
    html = client.get(reverse("account_login")).content.decode()
    assert "/accounts/github/login/" in html
    assert "/accounts/google/login/" not in html
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = []
    html = client.get(reverse("account_login")).content.decode()
    assert "/accounts/github/login/" not in html


def test_other_validation_errors_pass_through(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: Any, request: Any, **credentials: Any) -> None:
        raise ValidationError("nope", code="something_else")

    monkeypatch.setattr("allauth.account.adapter.DefaultAccountAdapter.pre_authenticate", fail)
    with pytest.raises(ValidationError):
        AccountAdapter().pre_authenticate(RequestFactory().post("/"), email="a@example.com")
