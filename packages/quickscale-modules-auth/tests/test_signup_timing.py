"""Signup does not tell, by content or by time, whether an address already has an account.

With mandatory verification and allauth's enumeration prevention, a signup with a known address
gets the same answer as a new one; a new one also hashes the password (~300 ms with the real
hasher), so the adapter hashes it on the known-address path too.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from itertools import count
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from quickscale_core.testing import DEFAULT_PASSWORD
from quickscale_modules.auth.adapter import SIGNUP_CREDENTIAL_ATTR, AccountAdapter
from quickscale_modules.auth.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "known@example.com"
HEADLESS_SIGNUP = "/accounts/_allauth/browser/v1/auth/signup"
PAIRS = 7  # known/new pairs per door: ~16 hashes of ~0.3 s each


def page_signup(email: str, password: str = DEFAULT_PASSWORD) -> HttpResponse:
    response: HttpResponse = Client().post(reverse("account_signup"), {"email": email, "password1": password})
    return response


def headless_signup(email: str) -> HttpResponse:
    response: HttpResponse = Client().post(
        HEADLESS_SIGNUP, {"email": email, "password": DEFAULT_PASSWORD}, content_type="application/json"
    )
    return response


DOORS = pytest.mark.parametrize("signup", [page_signup, headless_signup], ids=["page", "headless"])


HASHED: list[str] = []


class CountingHasher(MD5PasswordHasher):
    def encode(self, password: str, salt: str) -> str:
        HASHED.append(password)
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings: Any) -> list[str]:
    """The passwords hashed during the test, in order."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    HASHED.clear()
    return HASHED


@pytest.fixture
def no_rate_limits(settings: Any) -> None:
    # Repeated signups from one client and mails to one address would hit "signup" and "confirm_email".
    settings.ACCOUNT_RATE_LIMITS = False


def answer(response: HttpResponse) -> tuple[int, str, bytes]:
    """What the client sees: status, redirect, body (the page redirects, the headless API answers JSON)."""
    return response.status_code, response.get("Location", ""), response.content


@DOORS
def test_known_and_new_addresses_get_the_same_answer_and_one_hash(
    signup: Callable[[str], HttpResponse], counting_hasher: list[str], no_rate_limits: None
) -> None:
    UserFactory(email=KNOWN)
    counting_hasher.clear()
    known = signup(KNOWN)
    assert counting_hasher == [DEFAULT_PASSWORD]
    counting_hasher.clear()
    new = signup("new@example.com")
    assert counting_hasher == [DEFAULT_PASSWORD]
    assert answer(known) == answer(new)


def test_a_rejected_password_is_not_hashed(counting_hasher: list[str]) -> None:
    UserFactory(email=KNOWN)
    counting_hasher.clear()
    response = page_signup(KNOWN, "short")
    assert response.status_code == 200  # the form, with the error
    assert counting_hasher == []


def test_signups_without_a_password_hash_nothing(counting_hasher: list[str]) -> None:
    # Social and passkey signups with a known address come here too; their new-address path sets an
    # unusable password (no hash), so hashing here would open the gap the other way.
    request = RequestFactory().post("/")
    AccountAdapter().respond_email_verification_sent(request, None)
    assert counting_hasher == []
    setattr(request, SIGNUP_CREDENTIAL_ATTR, DEFAULT_PASSWORD)
    AccountAdapter().respond_email_verification_sent(request, None)
    assert counting_hasher == [DEFAULT_PASSWORD]


def test_passwords_checked_outside_a_request_are_not_kept() -> None:
    assert AccountAdapter().clean_password(DEFAULT_PASSWORD) == DEFAULT_PASSWORD


@DOORS
def test_known_and_new_addresses_take_the_same_time(
    signup: Callable[[str], HttpResponse], settings: Any, no_rate_limits: None
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the real cost
    UserFactory(email=KNOWN)
    new_addresses = (f"new-{n}@example.com" for n in count())
    # Warm up templates, URL resolvers and caches before measuring.
    signup(KNOWN)
    signup(next(new_addresses))

    def timed(email: str) -> float:
        start = time.perf_counter()
        signup(email)
        return time.perf_counter() - start

    known: list[float] = []
    new: list[float] = []
    for pair in range(PAIRS):
        # Interleaved, and in alternating order, so load from other processes hits both alike.
        if pair % 2:
            known.append(timed(KNOWN))
            new.append(timed(next(new_addresses)))
        else:
            new.append(timed(next(new_addresses)))
            known.append(timed(KNOWN))
    ratio = statistics.median(known) / statistics.median(new)
    # Without the hash on the known path the ratio is ~0.03; with it, ~1.
    assert 0.5 < ratio < 2, f"median known {statistics.median(known):.3f} s, new {statistics.median(new):.3f} s"
