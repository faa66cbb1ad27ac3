"""Pages, emails and kinds go through gettext (rendered under a pseudo-language)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

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
