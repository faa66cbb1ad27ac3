"""The account flows through allauth's pages: signup, verification, login, logout, reset, email change, code."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from quickscale_core.testing import DEFAULT_PASSWORD, email_links, last_email_to, run_db_worker
from quickscale_modules.auth.models import User
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_signup_verify_login_logout(client: Client, outbox: list[Any], django_capture_on_commit_callbacks: Any) -> None:
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert b'<label for="id_email"' in response.content

    with django_capture_on_commit_callbacks(execute=True):  # the mail is sent by a task after the commit
        response = client.post(reverse("account_signup"), {"email": "New@Example.com", "password1": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "new@example.com"
    assert not EmailAddress.objects.get(user=user).verified

    # Mandatory verification: an unverified user cannot sign in.
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, "new@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    message = last_email_to("new@example.com", outbox)
    assert message.alternatives, "the verification email has an HTML part"
    link = next(link for link in email_links(message) if "/accounts/confirm-email/" in link)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = login(client, "NEW@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").content == b"dashboard of new@example.com"

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_pages_render_in_base_html(client: Client) -> None:
    for name in ("account_login", "account_signup", "account_reset_password", "account_request_login_code"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<main id="main"' in html, name  # rendered inside the blocks contract
        assert "<title>" in html
        assert "Menu:" not in html


def test_wrong_password_shows_error(client: Client, verified_user: Any) -> None:
    response = login(client, verified_user.email, "not-the-password")
    assert response.status_code == 200
    assert b"not correct" in response.content


def test_signup_closed(client: Client, settings: Any) -> None:
    settings.QUICKSCALE_AUTH_SIGNUP_OPEN = False
    response = client.get(reverse("account_signup"))
    assert b"Sign Up Closed" in response.content
    client.post(reverse("account_signup"), {"email": "x@example.com", "password1": DEFAULT_PASSWORD})
    assert not User.objects.exists()
    response = client.post(
        "/accounts/_allauth/browser/v1/auth/signup",
        {"email": "x@example.com", "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not User.objects.exists()


def test_password_reset_by_email(
    client: Client, verified_user: Any, outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": verified_user.email})
    assert response.status_code == 302
    message = last_email_to(verified_user.email, outbox)
    assert message.alternatives
    link = next(link for link in email_links(message) if "/password/reset/key/" in link)
    response = client.get(link.split("testserver", 1)[1])
    assert response.status_code == 302  # allauth moves the key into the session
    response = client.post(
        response["Location"], {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"}
    )
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password("a-new-long-passphrase")
    assert login(client, verified_user.email, "a-new-long-passphrase")["Location"] == "/dashboard/"


def test_change_email_needs_verification(
    client: Client, verified_user: Any, outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    login(client, verified_user.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_email"), {"action_add": "", "email": "ada@new.example.com"})
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.email == "ada@example.com"  # not until the new address is verified
    message = last_email_to("ada@new.example.com", outbox)
    link = next(link for link in email_links(message) if "/accounts/confirm-email/" in link)
    client.post(link.split("testserver", 1)[1])
    verified_user.refresh_from_db()
    assert verified_user.email == "ada@new.example.com"
    assert list(EmailAddress.objects.filter(user=verified_user).values_list("email", "primary", "verified")) == [
        ("ada@new.example.com", True, True)
    ]


def test_login_by_code(
    client: Client, verified_user: Any, outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": verified_user.email})
    assert response.status_code == 302
    message = last_email_to(verified_user.email, outbox)
    assert message.alternatives
    code = re.search(r"^\s*([A-Z0-9-]{6,9})\s*$", str(message.body), re.MULTILINE)
    assert code is not None
    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_headless_api_is_mounted(client: Client) -> None:
    response = client.get("/accounts/_allauth/browser/v1/config")
    assert response.status_code == 200
    assert response.json()["data"]["account"]["login_methods"] == ["email"]


def test_change_password(client: Client, verified_user: Any) -> None:
    login(client, verified_user.email)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "another-long-passphrase",
            "password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password("another-long-passphrase")
    assert client.session["_auth_user_id"] == str(verified_user.pk)  # still signed in


def test_headless_login_and_session(client: Client, verified_user: Any) -> None:
    base = "/accounts/_allauth/browser/v1"
    assert client.get(f"{base}/auth/session").status_code == 401
    response = client.post(
        f"{base}/auth/login",
        {"email": verified_user.email, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["user"]["email"] == verified_user.email
    assert client.get(f"{base}/auth/session").status_code == 200


def test_account_mail_is_sent_by_a_worker(
    client: Client, verified_user: Any, outbox: list[Any], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": verified_user.email})
    assert response.status_code == 302
    assert outbox == []  # the request only enqueued it

    run_db_worker()

    message = last_email_to(verified_user.email, outbox)
    assert message.alternatives
    assert any("/password/reset/key/" in link for link in email_links(message))
