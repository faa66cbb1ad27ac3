"""The way into the admin: createsuperuser, the demo admin, staff MFA and the page for non-staff users."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from quickscale_modules.auth.factories import UserFactory
from quickscale_modules.auth.models import User

PASSWORD = "a-long-passphrase-2"


def sign_in(client: Client, email: str, password: str, next_url: str = "/admin/") -> Any:
    """allauth's login form, as a browser sent there by the admin posts it."""
    return client.post(reverse("account_login"), {"login": email, "password": password, "next": next_url})


@pytest.fixture
def superuser_from_command(db: None, monkeypatch: pytest.MonkeyPatch) -> User:
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Root@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, verbosity=0)
    return User.objects.get(email="root@example.com")


class TTYInput(StringIO):
    def isatty(self) -> bool:
        return True


def test_createsuperuser_noinput_opens_the_admin_at_once(client: Client, superuser_from_command: User) -> None:
    response = sign_in(client, "root@example.com", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"  # not the "Verify your email address" page
    assert client.get("/admin/").status_code == 200
    address = EmailAddress.objects.get(user=superuser_from_command)
    assert (address.email, address.verified, address.primary) == ("root@example.com", True, True)


@pytest.mark.django_db
def test_interactive_createsuperuser_is_verified_too(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": "boss@example.com")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)

    call_command("createsuperuser", interactive=True, stdin=TTYInput(), stdout=StringIO(), stderr=StringIO())

    assert EmailAddress.objects.get(email="boss@example.com").verified
    assert sign_in(client, "boss@example.com", PASSWORD)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_mfa_rule_still_applies_to_superusers(
    client: Client, superuser_from_command: User, settings: Any
) -> None:
    settings.QUICKSCALE_AUTH_REQUIRE_MFA_FOR_STAFF = True

    sign_in(client, "root@example.com", PASSWORD)
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


@pytest.mark.django_db
def test_an_existing_address_is_verified_and_made_primary() -> None:
    from quickscale_modules.auth.services import mark_email_verified

    user = User.objects.create_user("ops@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email="old@example.com", verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="ops@example.com", verified=False, primary=False)

    address = mark_email_verified(user)

    assert (address.verified, address.primary) == (True, True)
    assert not EmailAddress.objects.get(email="old@example.com").primary


@pytest.mark.django_db
def test_non_staff_user_gets_a_page_that_says_why(client: Client) -> None:
    client.force_login(UserFactory(email="ada@example.com"))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert "quickscale_auth/admin_staff_only.html" in [t.name for t in response.templates]
    assert b"ada@example.com" in response.content
    assert f"{reverse('account_logout')}?next=/admin/".encode() in response.content


def run_demo(settings: Any) -> str:
    settings.DEBUG = True
    out = StringIO()
    call_command("quickscale_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_prints_an_admin_login_that_works(client: Client, settings: Any) -> None:
    text = run_demo(settings)

    assert "Admin: admin@example.com / quickscale-admin at /admin/" in text
    assert "Demo login: demo@example.com / quickscale-demo" in text
    assert "two-factor" not in text
    assert sign_in(client, "admin@example.com", "quickscale-admin")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_admin_is_get_or_create(client: Client, settings: Any) -> None:
    run_demo(settings)
    admin = User.objects.get(email="admin@example.com")
    admin.set_password("changed")
    admin.is_staff = False
    admin.save()
    EmailAddress.objects.filter(user=admin).update(verified=False)

    run_demo(settings)

    assert User.objects.filter(email="admin@example.com").count() == 1
    assert EmailAddress.objects.get(user=admin).verified
    assert sign_in(client, "admin@example.com", "quickscale-admin")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_says_staff_need_mfa_when_the_rule_is_on(client: Client, settings: Any) -> None:
    settings.QUICKSCALE_AUTH_REQUIRE_MFA_FOR_STAFF = True

    text = run_demo(settings)

    assert "two-factor authentication" in text
    sign_in(client, "admin@example.com", "quickscale-admin")
    assert client.get("/admin/")["Location"] == reverse("mfa_index")
