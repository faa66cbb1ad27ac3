"""Pages, emails and kinds go through gettext (rendered under a pseudo-language)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from quickscale_modules.notifications import services
from quickscale_modules.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_pages_and_emails_are_translated(client: Client, alice: Any, pseudo_language: None, commit: Any) -> None:
    NotificationFactory(recipient=alice)
    client.force_login(alice)
    inbox = client.get(reverse("quickscale_notifications:inbox")).content.decode()
    prefs = client.get(reverse("quickscale_notifications:preferences")).content.decode()
    for text in ("⟦Notifications⟧", "⟦Mark all read⟧", "⟦Mark read⟧"):
        assert text in inbox, text
    for text in ("⟦Save preferences⟧", "⟦Team invitations⟧", "⟦Daily digest⟧"):
        assert text in prefs, text
    with commit():
        services.notify(kind="teams.role_changed", recipients=[alice], context={"team": "Acme", "role": "admin"})
    [message] = mail.outbox
    assert "⟦Your role in" in message.subject
    assert "⟦Unsubscribe from these emails⟧" in message.alternatives[0][0]


def test_french_catalog_ships_with_the_module(client: Client, alice: Any, settings: Any, commit: Any) -> None:
    """locale/fr: a browser asking for French gets the inbox and preferences in French, emails too."""
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    NotificationFactory(recipient=alice)
    client.force_login(alice)
    french = {"accept-language": "fr"}

    inbox = client.get(reverse("quickscale_notifications:inbox"), headers=french).content.decode()
    prefs = client.get(reverse("quickscale_notifications:preferences"), headers=french).content.decode()

    for text in ("Tout marquer comme lu", "Marquer comme lue", "Préférences"):
        assert text in inbox, text
    assert "Mark all read" not in inbox
    team_invitations = "Invitations d\N{RIGHT SINGLE QUOTATION MARK}équipe"
    for text in ("Enregistrer les préférences", team_invitations, "Résumé quotidien"):
        assert text in prefs, text
    with translation.override("fr"), commit():
        services.notify(kind="teams.role_changed", recipients=[alice], context={"team": "Acme", "role": "admin"})
    [message] = mail.outbox
    assert message.subject == "Votre rôle dans Acme a changé"
    assert "Votre rôle dans l\N{RIGHT SINGLE QUOTATION MARK}équipe Acme est maintenant admin." in message.body
    assert "Se désabonner de ces e-mails" in message.alternatives[0][0]
