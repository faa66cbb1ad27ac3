"""allauth's pages and ours in the design system, and our own strings through gettext."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_in_is_a_card_with_labelled_fields(client: Client) -> None:
    html = " ".join(client.get(reverse("account_login")).content.decode().split())

    assert '<form method="post" class="form form-entrance" action="/accounts/login/">' in html
    assert '<label for="id_login">Email</label>' in html
    # "Remember Me": the box, then its label (not "Remember Me:" above a lone box).
    assert '<div class="field field-check"> <input type="checkbox" name="remember" id="id_remember">' in html
    assert '<button class="button button-block" type="submit"> Sign In </button>' in html
    assert 'class="button button-secondary button-block"> Send me a sign-in code' in html
    assert "<p><label" not in html


def test_allauth_manage_pages_use_cards_and_fields(client: Client, user: Any) -> None:
    client.force_login(user)

    mfa = " ".join(client.get(reverse("mfa_index")).content.decode().split())
    email = " ".join(client.get(reverse("account_email")).content.decode().split())

    assert '<section class="card"> <h2 class="card-title">Authenticator App</h2>' in mfa
    assert '<a href="/accounts/2fa/totp/activate/" class="button">Activate</a>' in mfa
    assert '<div class="field"> <label for="current_email">Current email:</label>' in email
    assert '<label for="id_email">Change to:</label> <input name="email" id="id_email" type="email">' in email


def test_email_change_shows_the_field_errors(client: Client, user: Any) -> None:
    client.force_login(user)

    response = client.post(reverse("account_email"), {"action_add": "", "email": "not an address"})
    html = " ".join(response.content.decode().split())

    assert '<div class="field field-invalid">' in html
    assert 'value="not an address" type="email" aria-invalid="true">' in html
    assert '<ul class="field-errors"><li>' in html


def test_own_pages_are_translated(client: Client, user: Any, pseudo_language: None) -> None:
    client.force_login(user)

    profile = client.get(reverse("quickscale_auth:profile")).content.decode()
    export = client.get(reverse("quickscale_auth:export")).content.decode()

    for text in ("⟦Your profile⟧", "⟦Email addresses⟧", "⟦Two-factor authentication⟧", "⟦Delete your account⟧"):
        assert text in profile, text
    assert "⟦Download my data⟧" in export
