"""The email and two-factor pages: allauth's views and context, each page's rows read in one query."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView as AllauthEmailView
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quickscale_modules.auth.factories import UserFactory
from quickscale_modules.auth.views import EmailView

KEYS = ("emailaddresses", "emailaddress_radios", "can_add_email", "new_emailaddress", "current_emailaddress")


def context_of(view_class: Any, user: Any) -> dict[str, Any]:
    request = RequestFactory().get("/accounts/email/")
    request.user = user
    request.session = {}  # type: ignore[assignment]
    response = view_class.as_view()(request)
    return {key: response.context_data.get(key) for key in KEYS}


def comparable(context: dict[str, Any]) -> dict[str, Any]:
    def row(value: Any) -> Any:
        if isinstance(value, EmailAddress):
            return (value.pk, value.email, value.verified, value.primary)
        if isinstance(value, dict):
            return {key: row(item) for key, item in value.items()}
        if isinstance(value, list):
            return [row(item) for item in value]
        return value

    return {key: row(value) for key, value in context.items()}


STATES = {
    "one verified primary": [("ada@example.com", True, True)],
    "changing to a new address": [("ada@example.com", True, True), ("ada@new.example.com", False, False)],
    "two pending, the later wins": [
        ("ada@example.com", True, True),
        ("zed@example.com", False, False),
        ("bob@example.com", False, False),
    ],
    "verified but not primary first": [("b.old@example.com", True, False), ("ada@example.com", True, True)],
    "none verified": [("ada@example.com", False, True)],
    "user.email without its row": [("other@example.com", True, True)],
}


@pytest.mark.django_db
@pytest.mark.parametrize("change_email", [True, False])
@pytest.mark.parametrize("state", list(STATES))
def test_the_context_is_allauths_own(state: str, change_email: bool) -> None:
    user = UserFactory(email="ada@example.com")
    EmailAddress.objects.filter(user=user).delete()
    for email, verified, primary in STATES[state]:
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=primary)
    with override_settings(ACCOUNT_CHANGE_EMAIL=change_email, ACCOUNT_MAX_EMAIL_ADDRESSES=2):
        ours = comparable(context_of(EmailView, user))
        theirs = comparable(context_of(AllauthEmailView, user))

    assert ours == theirs
    # user.email always has its row afterwards (allauth's sync, kept).
    assert EmailAddress.objects.filter(user=user, email="ada@example.com").exists()


@pytest.mark.django_db
def test_the_page_reads_the_addresses_once(client: Client) -> None:
    user = UserFactory(email="ada@example.com")
    EmailAddress.objects.create(user=user, email="ada@new.example.com", verified=False, primary=False)
    client.force_login(user)
    client.get(reverse("account_email"))  # warm: session and caches

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("account_email"))

    assert response.status_code == 200
    address_queries = [q["sql"] for q in queries.captured_queries if "account_emailaddress" in q["sql"]]
    assert len(address_queries) == 1, address_queries
    assert "ada@new.example.com" in response.content.decode()


@pytest.mark.django_db
def test_an_action_then_the_list_read_again(client: Client) -> None:
    user = UserFactory(email="ada@example.com")
    client.force_login(user)
    # An invalid add re-renders the page with the form's error and the current list.
    response = client.post(reverse("account_email"), {"action_add": "", "email": "not an address"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert [address.email for address in response.context["emailaddresses"]] == ["ada@example.com"]


# --- the two-factor page (``mfa_index``): allauth's context, its authenticators read in one query --------


def mfa_context_of(view_class: Any, user: Any) -> dict[str, Any]:
    request = RequestFactory().get("/accounts/2fa/")
    request.user = user
    response = view_class.as_view()(request)

    def key(wrapper: Any) -> Any:
        return [key(item) for item in wrapper] if isinstance(wrapper, list) else (wrapper.instance.pk,)

    context = response.context_data
    return {
        "authenticators": {kind: key(value) for kind, value in context["authenticators"].items()},
        **{name: context[name] for name in ("MFA_SUPPORTED_TYPES", "MFA_RECOVERY_CODES_SHOW_ONCE", "is_mfa_enabled")},
    }


MFA_STATES = {
    "none": [],
    "totp": ["totp"],
    "totp and recovery codes": ["totp", "recovery_codes"],
    "two security keys": ["webauthn", "webauthn"],
    "recovery codes alone": ["recovery_codes"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(MFA_STATES))
def test_the_two_factor_context_is_allauths_own(state: str) -> None:
    from allauth.mfa.base.views import IndexView as AllauthMFAIndexView

    from quickscale_modules.auth.views import MFAIndexView

    user = UserFactory()
    for kind in MFA_STATES[state]:
        Authenticator.objects.create(user=user, type=kind, data={"name": "key", "credential": {}})

    assert mfa_context_of(MFAIndexView, user) == mfa_context_of(AllauthMFAIndexView, user)


class RecoveryCodesAreNotEnoughAdapter(DefaultMFAAdapter):
    """A project's own rule: recovery codes alone do not count as two-factor."""

    def is_mfa_enabled(self, user: Any, types: Any = None) -> bool:
        return bool(Authenticator.objects.filter(user_id=user.pk).exclude(type="recovery_codes").exists())


@pytest.mark.django_db
def test_the_two_factor_page_keeps_a_projects_own_rule(settings: Any) -> None:
    from quickscale_modules.auth.views import MFAIndexView

    user = UserFactory()
    Authenticator.objects.create(user=user, type="recovery_codes", data={})
    assert mfa_context_of(MFAIndexView, user)["is_mfa_enabled"] is True
    settings.MFA_ADAPTER = f"{__name__}.RecoveryCodesAreNotEnoughAdapter"
    assert mfa_context_of(MFAIndexView, user)["is_mfa_enabled"] is False


@pytest.mark.django_db
def test_the_two_factor_page_reads_the_authenticators_once(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("mfa_index"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("mfa_index"))

    assert response.status_code == 200
    assert len([q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]) == 1


@pytest.mark.django_db
def test_the_sign_in_page_links_to_password_reset_in_the_visitors_language(client: Client, settings: Any) -> None:
    """allauth's help text under the password comes from our account/password_reset_help_text.html."""
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    from allauth.account.fields import PasswordField
    from django.utils import translation

    reset = reverse("account_reset_password")
    html = client.get(reverse("account_login")).content.decode()
    assert (
        f'<div class="field-help" id="id_password_helptext"><a href="{reset}">Forgot your password?</a></div>' in html
    )
    with translation.override("fr"):
        assert PasswordField._get_help_text() == f'<a href="{reset}">Mot de passe oublié ?</a>'
    french = Client().get(reverse("account_login"), headers={"Accept-Language": "fr"}).content.decode()
    assert f'<a href="{reset}">Mot de passe oublié ?</a>' in french
