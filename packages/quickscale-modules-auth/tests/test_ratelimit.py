from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_burst_of_wrong_passwords_gets_429(client: Client, verified_user: Any) -> None:
    statuses = [login(client, verified_user.email, f"wrong-{i}").status_code for i in range(8)]
    assert statuses[:5] == [200] * 5  # the form says the password is wrong
    assert statuses[5:] == [429] * 3
    response = login(client, verified_user.email)
    assert response.status_code == 429  # even the right password, until the window passes
    assert b"Too many attempts" in response.content
    assert '<main id="main"' in response.content.decode()


def test_headless_burst_gets_429(client: Client, verified_user: Any) -> None:
    url = "/accounts/_allauth/browser/v1/auth/login"
    statuses = [
        client.post(
            url, {"email": verified_user.email, "password": "wrong"}, content_type="application/json"
        ).status_code
        for _ in range(6)
    ]
    assert statuses[-1] == 429


def test_password_reset_requests_are_limited(client: Client, verified_user: Any) -> None:
    statuses = [
        client.post(reverse("account_reset_password"), {"email": verified_user.email}).status_code for _ in range(6)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429


def test_login_code_requests_are_limited(
    verified_user: Any, outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            Client().post(reverse("account_request_login_code"), {"email": verified_user.email}) for _ in range(4)
        ]
    assert [r.status_code for r in responses[:3]] == [302] * 3
    assert b"Too many failed login attempts" in responses[3].content
    assert len(outbox) == 3
