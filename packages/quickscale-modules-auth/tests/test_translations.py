"""locale/fr: the module's own pages, forms and messages in French; allauth's pages keep allauth's French."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tests.conftest import login, reauthenticate

pytestmark = pytest.mark.django_db

FRENCH = {"accept-language": "fr"}


@pytest.fixture(autouse=True)
def _french_offered(settings: Any) -> None:
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]


def test_profile_and_deletion_pages_in_french(client: Client, verified_user: Any) -> None:
    login(client, verified_user.email)
    reauthenticate(client)  # the deletion page asks for the password again

    profile = client.get(reverse("quickscale_auth:profile"), headers=FRENCH).content.decode()
    delete = client.get(reverse("quickscale_auth:delete"), headers=FRENCH).content.decode()
    saved = client.post(
        reverse("quickscale_auth:profile"), {"first_name": "Ada", "last_name": "L"}, headers=FRENCH, follow=True
    )

    for text in ("Votre profil", "Enregistrer le nom", "Authentification à deux facteurs", "Télécharger vos données"):
        assert text in profile, text
    assert "Your profile" not in profile
    assert "Supprimer mon compte" in delete
    assert "Votre nom est enregistré." in [str(m) for m in saved.context["messages"]]


def test_allauth_pages_keep_their_french(client: Client) -> None:
    login = client.get(reverse("account_login"), headers=FRENCH).content.decode()
    with translation.override("fr"):
        assert _("Sign In") in login
        assert _("Sign In") != "Sign In"  # allauth's own catalog, not shadowed by ours


def test_emails_overridden_by_the_module_in_french() -> None:
    with translation.override("fr"):
        assert _("Confirm my email address") == "Confirmer mon adresse e-mail"
        assert _("Too many attempts") == "Trop de tentatives"
