"""Profile, account deletion and data export: pages and services."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from quickscale_core.signals import user_data_export, user_deleting, user_deletion_blockers
from quickscale_modules.auth import services
from quickscale_modules.auth.factories import UserFactory
from quickscale_modules.auth.models import User
from tests.conftest import reauthenticate

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_user(verified_user: Any) -> Any:
    """A user with a second email, a social account and token, a TOTP authenticator and a group."""
    EmailAddress.objects.create(user=verified_user, email="ada@work.example.com", verified=False, primary=False)
    account = SocialAccount.objects.create(user=verified_user, provider="github", uid="42", extra_data={"login": "ada"})
    SocialToken.objects.create(account=account, token="secret-token")
    Authenticator.objects.create(user=verified_user, type=Authenticator.Type.TOTP, data={"secret": "TOPSECRET"})
    verified_user.groups.add(Group.objects.create(name="editors"))
    return verified_user


@pytest.fixture
def blocker() -> Iterator[list[str]]:
    reasons: list[str] = []

    def receiver(sender: Any, user: Any, **kwargs: Any) -> list[str]:
        return list(reasons)

    user_deletion_blockers.connect(receiver, dispatch_uid="test-blocker")
    yield reasons
    user_deletion_blockers.disconnect(dispatch_uid="test-blocker")


def test_profile_page_and_name_change(client: Client, rich_user: Any, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {"github": {"APPS": [{"client_id": "gh-id", "secret": "gh-secret", "key": ""}]}}
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["github"]  # the connected accounts card shows with social login
    assert client.get(reverse("quickscale_auth:profile"))["Location"].startswith(reverse("account_login"))
    client.force_login(rich_user)
    response = client.get(reverse("quickscale_auth:profile"))
    html = response.content.decode()
    assert '<label for="id_first_name">' in html
    assert "ada@work.example.com" in html
    assert "GitHub" in html
    assert '<span class="badge badge-success">On</span>' in html
    response = client.post(reverse("quickscale_auth:profile"), {"first_name": " Augusta ", "last_name": "King"})
    assert response.status_code == 302
    rich_user.refresh_from_db()
    assert rich_user.get_full_name() == "Augusta King"
    assert b"Your name was saved." in client.get(reverse("quickscale_auth:profile")).content


def test_profile_without_mfa(client: Client, verified_user: Any, settings: Any) -> None:
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = []
    client.force_login(verified_user)
    html = client.get(reverse("quickscale_auth:profile")).content.decode()
    assert '<span class="badge badge-warning">Off</span>' in html
    assert "Connected accounts" not in html  # no social login: no card (tests/test_social.py)
    settings.SOCIALACCOUNT_PROVIDERS = {"github": {"APPS": [{"client_id": "gh-id", "secret": "gh-secret", "key": ""}]}}
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["github"]
    assert "No connected accounts." in client.get(reverse("quickscale_auth:profile")).content.decode()


def test_delete_needs_recent_reauthentication(client: Client, verified_user: Any) -> None:
    client.force_login(verified_user)
    response = client.get(reverse("quickscale_auth:delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    response = client.get(reverse("quickscale_auth:delete"))
    assert response.status_code == 200
    assert b"Delete my account" in response.content


def test_delete_by_page(client: Client, rich_user: Any) -> None:
    client.force_login(rich_user)
    reauthenticate(client)
    response = client.post(reverse("quickscale_auth:delete"), {})
    assert response.status_code == 200  # the confirmation box is required
    assert b"Tick the box" in response.content
    response = client.post(reverse("quickscale_auth:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=rich_user.pk).exists()
    assert not EmailAddress.objects.exists()
    assert not SocialAccount.objects.exists()
    assert not SocialToken.objects.exists()
    assert not Authenticator.objects.exists()
    assert "_auth_user_id" not in client.session


def test_delete_refused_with_reasons(client: Client, verified_user: Any, blocker: list[str]) -> None:
    blocker.append("You own the team Acme: transfer it or delete it first.")
    client.force_login(verified_user)
    reauthenticate(client)
    response = client.get(reverse("quickscale_auth:delete"))
    assert b"You own the team Acme" in response.content
    assert b"Delete my account" not in response.content
    response = client.post(reverse("quickscale_auth:delete"), {"confirm": "on"})
    assert response.status_code == 409
    assert User.objects.filter(pk=verified_user.pk).exists()
    with pytest.raises(services.AccountDeletionBlockedError) as excinfo:
        services.delete_account(verified_user)
    assert excinfo.value.reasons == ["You own the team Acme: transfer it or delete it first."]


def test_blocker_appearing_after_page_load(client: Client, verified_user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client.force_login(verified_user)
    reauthenticate(client)

    def blocked(user: Any) -> None:
        raise services.AccountDeletionBlockedError(["A payment is being processed."])

    monkeypatch.setattr(services, "delete_account", blocked)
    response = client.post(reverse("quickscale_auth:delete"), {"confirm": "on"})
    assert response.status_code == 409
    assert b"A payment is being processed." in response.content


def test_user_deleting_runs_in_the_transaction(verified_user: Any) -> None:
    seen: list[Any] = []

    def receiver(sender: Any, user: Any, **kwargs: Any) -> None:
        seen.append(user.pk)
        raise RuntimeError("module cleanup failed")

    user_deleting.connect(receiver, dispatch_uid="test-deleting")
    try:
        with pytest.raises(RuntimeError):
            services.delete_account(verified_user)
    finally:
        user_deleting.disconnect(dispatch_uid="test-deleting")
    assert seen == [verified_user.pk]
    assert User.objects.filter(pk=verified_user.pk).exists()  # rolled back


def test_anonymise_policy(rich_user: Any, settings: Any) -> None:
    settings.QUICKSCALE_AUTH_DELETION_POLICY = "anonymise"
    rich_user.is_staff = True
    rich_user.save()
    services.delete_account(rich_user)
    user = User.objects.get(pk=rich_user.pk)
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert (user.first_name, user.last_name) == ("", "")
    assert not user.is_active
    assert not user.is_staff
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not EmailAddress.objects.exists()
    assert not SocialAccount.objects.exists()
    assert not SocialToken.objects.exists()
    assert not Authenticator.objects.exists()


def test_delete_page_describes_anonymise_policy(client: Client, verified_user: Any, settings: Any) -> None:
    settings.QUICKSCALE_AUTH_DELETION_POLICY = "anonymise"
    client.force_login(verified_user)
    reauthenticate(client)
    assert b"anonymous, disabled record" in client.get(reverse("quickscale_auth:delete")).content


def test_export_download(client: Client, rich_user: Any) -> None:
    def receiver(sender: Any, user: Any, **kwargs: Any) -> tuple[str, Any]:
        return "teams", [{"name": "Acme", "role": "owner", "user": user.email}]

    def silent(sender: Any, user: Any, **kwargs: Any) -> None:
        return None

    user_data_export.connect(receiver, dispatch_uid="test-export")
    user_data_export.connect(silent, dispatch_uid="test-export-silent")
    try:
        client.force_login(rich_user)
        page = client.get(reverse("quickscale_auth:export"))
        assert b"Download my data" in page.content
        response = client.post(reverse("quickscale_auth:export"))
    finally:
        user_data_export.disconnect(dispatch_uid="test-export")
        user_data_export.disconnect(dispatch_uid="test-export-silent")
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="account-data-')
    data = json.loads(response.content)
    assert data["format"] == "quickscale-user-export"
    assert data["user"]["email"] == "ada@example.com"
    assert data["user"]["first_name"] == "Ada"
    assert {e["email"]: e["verified"] for e in data["emails"]} == {
        "ada@example.com": True,
        "ada@work.example.com": False,
    }
    assert data["social_accounts"][0]["provider"] == "github"
    assert data["social_accounts"][0]["extra_data"] == {"login": "ada"}
    assert [m["type"] for m in data["mfa"]] == ["totp"]
    assert data["teams"] == [{"name": "Acme", "role": "owner", "user": "ada@example.com"}]
    text = response.content.decode()
    assert "TOPSECRET" not in text
    assert "secret-token" not in text
    assert "password" not in text


def test_export_section_names_cannot_collide(verified_user: Any) -> None:
    def receiver(sender: Any, user: Any, **kwargs: Any) -> tuple[str, Any]:
        return "user", {}

    user_data_export.connect(receiver, dispatch_uid="test-collide")
    try:
        with pytest.raises(ValueError, match="reuses the section name 'user'"):
            services.export_user_data(verified_user)
    finally:
        user_data_export.disconnect(dispatch_uid="test-collide")


def test_update_profile_only_given_fields() -> None:
    user = UserFactory(first_name="A", last_name="B")
    services.update_profile(user, last_name="C")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("A", "C")
    assert services.update_profile(user) is user


def test_profile_two_factor_card_follows_the_status(client: Client, verified_user: Any) -> None:
    """The card is kept per process (core's shellcache), keyed on every status value it shows."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    client.force_login(verified_user)
    assert (
        '<span class="badge badge-warning">Off</span>'
        in client.get(reverse("quickscale_auth:profile")).content.decode()
    )
    Authenticator.objects.create(user=verified_user, type=Authenticator.Type.TOTP, data={"secret": "TOPSECRET"})
    html = client.get(reverse("quickscale_auth:profile")).content.decode()
    assert '<span class="badge badge-success">On</span> Authenticator app' in html
    assert "Recovery codes left" not in html
    RecoveryCodes.activate(verified_user)
    html = client.get(reverse("quickscale_auth:profile")).content.decode()
    assert "Recovery codes left: 10" in html
    Authenticator.objects.filter(user=verified_user).delete()
    assert (
        '<span class="badge badge-warning">Off</span>'
        in client.get(reverse("quickscale_auth:profile")).content.decode()
    )
