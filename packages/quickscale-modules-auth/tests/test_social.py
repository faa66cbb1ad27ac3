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


def login_page_queries(client: Client) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("account_login"))  # warm-up
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("account_login")).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_login_page_without_providers_runs_no_query(client: Client, settings: Any) -> None:
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = []
    assert login_page_queries(client) == []  # no SocialApp query, so no database connection is opened
    settings.SOCIALACCOUNT_PROVIDERS = APPS
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["github"]
    assert any("socialaccount_socialapp" in sql for sql in login_page_queries(client))


def test_profile_without_providers_leaves_connected_accounts_out(client: Client, settings: Any) -> None:
    from allauth.socialaccount.models import SocialAccount
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quickscale_modules.auth.factories import UserFactory

    user = UserFactory()
    SocialAccount.objects.create(user=user, provider="github", uid="4242")
    client.force_login(user)
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = []
    client.get(reverse("quickscale_auth:profile"))
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("quickscale_auth:profile")).content.decode()
    assert "Connected accounts" not in html
    assert not any("socialaccount_socialaccount" in query["sql"] for query in captured.captured_queries)

    settings.SOCIALACCOUNT_PROVIDERS = APPS
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["github"]
    html = client.get(reverse("quickscale_auth:profile")).content.decode()
    assert "Connected accounts" in html
    assert "4242" in html
