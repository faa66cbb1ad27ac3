"""``new_sign_in`` is sent for a sign-in from a browser that has not signed this user in before (devices.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from allauth.core import context
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import signing
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from quickscale_core.signals import new_sign_in
from quickscale_core.testing import DEFAULT_PASSWORD, email_links, last_email_to
from quickscale_modules.auth import checks, devices
from quickscale_modules.auth.factories import UserFactory
from quickscale_modules.auth.models import User
from tests.conftest import login

pytestmark = pytest.mark.django_db

COOKIE = "quickscale_device"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
HEADLESS = "/accounts/_allauth/browser/v1"


@pytest.fixture
def sign_ins() -> Iterator[list[dict[str, Any]]]:
    """What ``new_sign_in`` receivers get, one dict per signal."""
    sent: list[dict[str, Any]] = []

    def receive(sender: Any, **kwargs: Any) -> None:
        sent.append(kwargs)

    new_sign_in.connect(receive, dispatch_uid="test_new_device")
    yield sent
    new_sign_in.disconnect(dispatch_uid="test_new_device")


@pytest.fixture
def ada(db: None) -> Any:
    """A verified user who has signed in before (somewhere else)."""
    return UserFactory(email="ada@example.com", last_login=timezone.now() - timedelta(days=3))


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def browser() -> Client:
    return Client(headers={"user-agent": BROWSER})


def sign_in(client: Client, user: Any, commit: Any) -> Any:
    with commit():
        response = login(client, user.email)
    assert response.status_code == 302, response.content
    client.post(reverse("account_logout"))  # a real sign-out keeps the device cookie (Client.logout() drops all)
    assert "_auth_user_id" not in client.session
    return response


def test_new_device_sends_one_signal_with_address_and_browser(ada: Any, sign_ins: list[Any], commit: Any) -> None:
    client = browser()
    response = sign_in(client, ada, commit)

    assert sign_ins == [{"signal": new_sign_in, "user": ada, "ip": "127.0.0.1", "user_agent": BROWSER}]
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # SESSION_COOKIE_SECURE is off outside production
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    assert cookie.value.split(":")[0] == devices.user_key(ada)  # a keyed hash of the id, not the id


def test_same_device_sends_nothing_again(ada: Any, sign_ins: list[Any], commit: Any) -> None:
    client = browser()
    sign_in(client, ada, commit)
    sign_in(client, ada, commit)
    sign_in(client, ada, commit)
    assert len(sign_ins) == 1


def test_another_browser_is_a_new_device(ada: Any, sign_ins: list[Any], commit: Any) -> None:
    sign_in(browser(), ada, commit)
    sign_in(browser(), ada, commit)
    assert len(sign_ins) == 2


def test_first_sign_in_after_signup_is_not_a_new_device(sign_ins: list[Any], commit: Any, settings: Any) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    client = browser()
    with commit():
        response = client.post(reverse("account_signup"), {"email": "new@example.com", "password1": DEFAULT_PASSWORD})
    assert response["Location"] == "/dashboard/"  # signed in at once
    assert sign_ins == []
    assert COOKIE in response.cookies  # this browser is now known...
    client.post(reverse("account_logout"))
    sign_in(client, User.objects.get(email="new@example.com"), commit)
    assert sign_ins == []  # ...so the next sign-in from it is not new
    sign_in(browser(), User.objects.get(email="new@example.com"), commit)
    assert len(sign_ins) == 1  # but one from another browser is


def test_sign_in_on_email_confirmation_after_signup_is_not_a_new_device(
    sign_ins: list[Any], commit: Any, outbox: list[Any]
) -> None:
    client = browser()
    with commit():
        client.post(reverse("account_signup"), {"email": "new@example.com", "password1": DEFAULT_PASSWORD})
    link = next(link for link in email_links(last_email_to("new@example.com", outbox)) if "confirm-email" in link)
    with commit():
        response = client.post(link.split("testserver", 1)[1])
    assert "_auth_user_id" in client.session  # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION signed them in
    assert COOKIE in response.cookies
    assert sign_ins == []


def test_tampered_cookie_is_a_new_device(ada: Any, sign_ins: list[Any], commit: Any) -> None:
    client = browser()
    sign_in(client, ada, commit)
    value = client.cookies[COOKIE].value
    client.cookies[COOKIE] = ("0" if value[0] != "0" else "1") + value[1:]
    sign_in(client, ada, commit)
    assert len(sign_ins) == 2


def test_cookie_signed_for_another_use_is_a_new_device(ada: Any, sign_ins: list[Any], commit: Any) -> None:
    client = browser()
    client.cookies[COOKIE] = signing.get_cookie_signer(salt=COOKIE).sign(devices.user_key(ada))  # no salt of ours
    sign_in(client, ada, commit)
    assert len(sign_ins) == 1


def test_another_users_cookie_is_a_new_device(ada: Any, sign_ins: list[Any], commit: Any) -> None:
    grace = UserFactory(email="grace@example.com", last_login=timezone.now())
    graces_browser = browser()
    sign_in(graces_browser, grace, commit)
    client = browser()
    client.cookies[COOKIE] = graces_browser.cookies[COOKIE].value
    sign_in(client, ada, commit)
    assert [sent["user"] for sent in sign_ins] == [grace, ada]
    # The browser now knows both: each is at home there.
    sign_in(client, ada, commit)
    sign_in(client, grace, commit)
    assert len(sign_ins) == 2


def test_expired_cookie_is_a_new_device(
    ada: Any, sign_ins: list[Any], commit: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.QUICKSCALE_AUTH_DEVICE_COOKIE_MAX_AGE_DAYS = 30
    client = browser()
    sign_in(client, ada, commit)
    import time

    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    sign_in(client, ada, commit)
    assert len(sign_ins) == 2


def test_cookie_is_secure_in_production(ada: Any, commit: Any, settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = True
    settings.QUICKSCALE_AUTH_DEVICE_COOKIE_NAME = "known_browser"
    response = sign_in(browser(), ada, commit)
    assert response.cookies["known_browser"]["secure"] is True
    assert COOKIE not in response.cookies


def test_a_browser_remembers_the_last_users_only(commit: Any) -> None:
    client = browser()
    users = [UserFactory(email=f"u{n}@example.com", last_login=timezone.now()) for n in range(12)]
    for user in users:
        sign_in(client, user, commit)
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE] = client.cookies[COOKIE].value
    assert devices.known_users(request) == [devices.user_key(u) for u in reversed(users)][:10]


def test_headless_login_new_then_same_device(ada: Any, sign_ins: list[Any], commit: Any) -> None:
    client = browser()
    for _ in range(2):
        with commit():
            response = client.post(
                f"{HEADLESS}/auth/login",
                {"email": ada.email, "password": DEFAULT_PASSWORD},
                content_type="application/json",
            )
        assert response.status_code == 200
        assert response.cookies[COOKIE]["httponly"] is True
        client.delete(f"{HEADLESS}/auth/session")
    assert [sent["user"] for sent in sign_ins] == [ada]


def test_headless_signup_is_not_a_new_device(sign_ins: list[Any], commit: Any, settings: Any) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    client = browser()
    with commit():
        response = client.post(
            f"{HEADLESS}/auth/signup",
            {"email": "new@example.com", "password": DEFAULT_PASSWORD},
            content_type="application/json",
        )
    assert response.status_code == 200
    assert COOKIE in response.cookies
    assert sign_ins == []


def social_login(client: Client, user: Any, commit: Any) -> HttpResponse:
    """A completed Google login for ``user`` (the provider's answer made here: no request leaves the machine)."""
    request = RequestFactory().get("/accounts/google/login/callback/", headers={"user-agent": BROWSER})
    request.COOKIES.update({key: morsel.value for key, morsel in client.cookies.items()})
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = AnonymousUser()
    account = SocialAccount.objects.get(user=user, provider="google")
    sociallogin = SocialLogin(account=SocialAccount(provider="google", uid=account.uid), email_addresses=[])
    sociallogin.state = {"process": "login", "next": "/dashboard/"}
    with commit(), context.request_context(request):
        response: HttpResponse = complete_social_login(request, sociallogin)
    assert response.status_code == 302, response
    assert request.user == user
    client.cookies.update(response.cookies)
    return response


def test_social_login_new_then_same_device(ada: Any, sign_ins: list[Any], commit: Any, settings: Any) -> None:
    settings.QUICKSCALE_AUTH_SOCIAL_PROVIDERS = ["google"]
    settings.SOCIALACCOUNT_PROVIDERS = {"google": {"APPS": [{"client_id": "id", "secret": "secret", "key": ""}]}}
    SocialAccount.objects.create(user=ada, provider="google", uid="108")
    client = browser()
    response = social_login(client, ada, commit)
    assert response.cookies[COOKIE]["httponly"] is True
    social_login(client, ada, commit)
    assert [(sent["user"], sent["user_agent"]) for sent in sign_ins] == [(ada, BROWSER)]


def test_missing_client_address_is_empty() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="")
    with context.request_context(request):
        assert devices.client_ip(request) == ""


@pytest.mark.parametrize(
    ("name", "days", "expected"),
    [
        ("quickscale_device", 365, []),
        ("my-device_1", 1, []),
        ("", 365, ["quickscale_auth.E008"]),
        ("has space", 365, ["quickscale_auth.E008"]),
        (None, 365, ["quickscale_auth.E008"]),
        ("sessionid", 365, ["quickscale_auth.E008"]),
        ("csrftoken", 365, ["quickscale_auth.E008"]),
        ("quickscale_device", 0, ["quickscale_auth.E009"]),
        ("quickscale_device", True, ["quickscale_auth.E009"]),
        ("quickscale_device", "365", ["quickscale_auth.E009"]),
        ("a;b", -1, ["quickscale_auth.E008", "quickscale_auth.E009"]),
    ],
)
def test_device_cookie_settings_are_checked(name: Any, days: Any, expected: list[str], settings: Any) -> None:
    settings.QUICKSCALE_AUTH_DEVICE_COOKIE_NAME = name
    settings.QUICKSCALE_AUTH_DEVICE_COOKIE_MAX_AGE_DAYS = days
    messages = checks.check_device_cookie()
    assert [m.id for m in messages] == expected
    assert all(m.hint for m in messages)
