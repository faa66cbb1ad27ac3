"""The settings layer, the user model, the admin, demo data, factories and the staff MFA middleware."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from quickscale_core.demo import seed_demo
from quickscale_core.signals import user_deletion_blockers
from quickscale_core.testing import DEFAULT_PASSWORD
from quickscale_modules.auth.apps import secure_admin_login
from quickscale_modules.auth.factories import StaffUserFactory, UserFactory
from quickscale_modules.auth.models import User
from tests.conftest import login


def test_layer_wires_allauth() -> None:
    apps = settings.INSTALLED_APPS
    assert apps.index("quickscale_modules.auth") < apps.index("allauth")  # our templates win
    assert {"allauth.account", "allauth.mfa", "allauth.socialaccount", "allauth.headless"} <= set(apps)
    middleware = settings.MIDDLEWARE
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "allauth.account.middleware.AccountMiddleware"
    messages = middleware.index("django.contrib.messages.middleware.MessageMiddleware")
    assert middleware[messages + 1] == "quickscale_modules.auth.middleware.StaffMFAMiddleware"
    assert settings.AUTH_USER_MODEL == "quickscale_auth.User"
    assert "allauth.account.auth_backends.AuthenticationBackend" in settings.AUTHENTICATION_BACKENDS
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"


@pytest.mark.django_db
def test_user_manager() -> None:
    user = User.objects.create_user("  Grace@Example.COM ", "pw")
    assert user.email == "grace@example.com"
    assert not user.is_staff
    assert User.objects.get_by_natural_key("GRACE@example.com") == user
    assert str(user) == "grace@example.com"
    assert user.display_name == "grace@example.com"
    assert user.get_short_name() == "grace@example.com"
    user.first_name, user.last_name = "Grace", "Hopper"
    user.email = "GRACE@example.com"
    user.clean()
    assert user.email == "grace@example.com"
    assert user.display_name == "Grace Hopper"
    assert user.get_short_name() == "Grace"
    admin = User.objects.create_superuser("root@example.com", "pw")
    assert admin.is_staff
    assert admin.is_superuser
    with pytest.raises(ValueError, match="needs an email"):
        User.objects.create_user("", "pw")
    with pytest.raises(ValueError, match="is_superuser=True"):
        User.objects.create_superuser("x@example.com", "pw", is_superuser=False)


@pytest.mark.django_db
def test_seed_demo_is_idempotent(client: Client) -> None:
    context = seed_demo()
    assert context["user"].email == "demo@example.com"
    assert "Demo login: demo@example.com / quickscale-demo" in context["summary"]
    user = User.objects.get(email="demo@example.com")
    user.set_password("changed")
    user.save()
    seed_demo()
    assert User.objects.count() == 1
    assert EmailAddress.objects.get(user=user).verified
    assert login(client, "demo@example.com", "quickscale-demo")["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_factories(client: Client) -> None:
    user = UserFactory()
    assert EmailAddress.objects.get(user=user).verified
    assert login(client, user.email, DEFAULT_PASSWORD)["Location"] == "/dashboard/"
    unverified = UserFactory(verified=False)
    assert not EmailAddress.objects.filter(user=unverified).exists()
    assert StaffUserFactory().is_staff


@pytest.mark.django_db
def test_admin_pages(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    assert client.get("/admin/quickscale_auth/user/").status_code == 200
    assert client.get(f"/admin/quickscale_auth/user/{admin_user.pk}/change/").status_code == 200
    response = client.post(
        "/admin/quickscale_auth/user/add/",
        {
            "email": "New@Example.com",
            "usable_password": "true",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").check_password("a-long-passphrase-1")


@pytest.mark.django_db
def test_admin_delete_goes_through_services(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    target = UserFactory(email="target@example.com")
    reasons: list[str] = ["Owns a team."]

    def receiver(sender: Any, user: Any, **kwargs: Any) -> list[str]:
        return list(reasons) if user.email == "target@example.com" else []

    user_deletion_blockers.connect(receiver, dispatch_uid="admin-test")
    try:
        url = f"/admin/quickscale_auth/user/{target.pk}/delete/"
        response = client.get(url)
        assert b"Owns a team." in response.content
        client.post(url, {"post": "yes"})
        assert User.objects.filter(pk=target.pk).exists()
        reasons.clear()
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not User.objects.filter(pk=target.pk).exists()
        others = [UserFactory().pk, UserFactory().pk]
        response = client.post(
            "/admin/quickscale_auth/user/",
            {"action": "delete_selected", "_selected_action": others, "post": "yes"},
        )
        assert response.status_code == 302
        assert not User.objects.filter(pk__in=others).exists()
    finally:
        user_deletion_blockers.disconnect(dispatch_uid="admin-test")


@pytest.mark.django_db
def test_staff_without_mfa_is_sent_to_setup(client: Client, settings: Any) -> None:
    staff = StaffUserFactory()
    client.force_login(staff)
    assert client.get("/dashboard/").status_code == 200  # setting off by default
    settings.QUICKSCALE_AUTH_REQUIRE_MFA_FOR_STAFF = True
    response = client.get("/dashboard/")
    assert response["Location"] == reverse("mfa_index")
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)
    assert client.get("/accounts/_allauth/browser/v1/auth/session").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    assert client.get(reverse("account_logout")).status_code == 200
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "X"})
    assert client.get("/dashboard/").status_code == 200
    client.force_login(UserFactory())
    assert client.get("/dashboard/").status_code == 200  # not staff


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403  # signed in but not staff
    client.force_login(StaffUserFactory())
    assert client.get("/admin/login/").status_code == 302  # the admin sends staff on to its index
    login_view = admin.site.login
    secure_admin_login()  # idempotent
    assert admin.site.login is login_view


@pytest.mark.django_db
def test_createsuperuser_asks_for_email(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-passphrase-2")
    call_command("createsuperuser", "--noinput", "--email", "Boss@Example.com", verbosity=0)
    boss = User.objects.get(email="boss@example.com")
    assert boss.is_superuser
    assert boss.check_password("a-long-passphrase-2")
