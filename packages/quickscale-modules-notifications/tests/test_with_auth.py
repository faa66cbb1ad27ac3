"""With the auth module: a sign-in from a new device reaches the inbox and the mailbox, once per browser."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quickscale_core.testing import DEFAULT_PASSWORD
from quickscale_modules.notifications import services
from quickscale_modules.notifications.kinds import EMAIL_OFF
from quickscale_modules.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.auth]

BROWSER = "Mozilla/5.0 (Macintosh) Safari/605.1"
KIND = "auth.new_sign_in"


@pytest.fixture
def ada(db: None) -> Any:
    """A verified user who has signed in before, from another browser."""
    from quickscale_modules.auth.factories import UserFactory

    return UserFactory(email="ada@example.com", last_login=timezone.now() - timedelta(days=2))


def sign_in(client: Client, email: str, commit: Any) -> None:
    with commit():
        response = client.post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content
    client.post(reverse("account_logout"))  # keeps the device cookie, as a browser does


def test_new_device_notifies_in_app_and_by_email_once(ada: Any, commit: Any) -> None:
    client = Client(headers={"user-agent": BROWSER})
    sign_in(client, ada.email, commit)

    [row] = Notification.objects.filter(recipient=ada)
    assert row.kind == KIND
    assert row.title == "New sign-in to your account"
    assert f"({BROWSER}, 127.0.0.1)" in row.body
    [message] = mail.outbox
    assert message.to == [ada.email]
    assert message.subject == "New sign-in to your account"
    assert "List-Unsubscribe" in message.extra_headers

    sign_in(client, ada.email, commit)  # the same browser again
    sign_in(client, ada.email, commit)
    assert Notification.objects.filter(recipient=ada).count() == 1
    assert len(mail.outbox) == 1

    sign_in(Client(), ada.email, commit)  # another browser
    assert Notification.objects.filter(recipient=ada, kind=KIND).count() == 2


def test_tampered_or_borrowed_cookie_is_a_new_device(ada: Any, commit: Any) -> None:
    from quickscale_modules.auth.factories import UserFactory

    grace = UserFactory(email="grace@example.com", last_login=timezone.now())
    graces_browser = Client()
    sign_in(graces_browser, grace.email, commit)
    cookie = graces_browser.cookies["quickscale_device"].value

    borrowed = Client()
    borrowed.cookies["quickscale_device"] = cookie
    sign_in(borrowed, ada.email, commit)
    tampered = Client()
    tampered.cookies["quickscale_device"] = cookie.replace(":", "x:", 1)
    sign_in(tampered, grace.email, commit)

    assert Notification.objects.filter(recipient=ada, kind=KIND).count() == 1
    assert Notification.objects.filter(recipient=grace, kind=KIND).count() == 2


def test_signup_is_not_a_new_device(commit: Any, settings: Any) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    client = Client()
    with commit():
        response = client.post(reverse("account_signup"), {"email": "new@example.com", "password1": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert not Notification.objects.filter(kind=KIND).exists()
    assert mail.outbox == []


def test_email_off_keeps_the_inbox(ada: Any, commit: Any) -> None:
    services.set_preference(user=ada, kind=KIND, in_app=True, email=EMAIL_OFF)
    sign_in(Client(), ada.email, commit)
    assert Notification.objects.filter(recipient=ada, kind=KIND).count() == 1
    assert mail.outbox == []
