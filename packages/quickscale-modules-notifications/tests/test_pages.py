"""Inbox, bell, mark read, preferences pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from quickscale_modules.notifications.factories import NotificationFactory
from quickscale_modules.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_client(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def test_pages_need_a_login(client: Client, db: None) -> None:
    for name in ("inbox", "bell", "preferences"):
        response = client.get(reverse(f"quickscale_notifications:{name}"))
        assert response.status_code == 302, name
        assert "/login" in response["Location"], name


def test_inbox_lists_and_filters(alice_client: Client, alice: Any) -> None:
    NotificationFactory(recipient=alice, title="Unread one", body="line\nnext")
    NotificationFactory(recipient=alice, title="Read one", read_at="2026-01-01T00:00Z")
    NotificationFactory(recipient=alice, title="Hidden", in_app=False)
    page = alice_client.get(reverse("quickscale_notifications:inbox")).content.decode()
    assert "Unread one" in page
    assert "Read one" in page
    assert "Hidden" not in page
    assert "line<br>next" in page
    unread = alice_client.get(reverse("quickscale_notifications:inbox"), {"unread": "1"}).content.decode()
    assert "Unread one" in unread
    assert "Read one" not in unread


def test_empty_inbox_and_pages(alice_client: Client, alice: Any, settings: Any) -> None:
    assert "No notifications yet" in alice_client.get(reverse("quickscale_notifications:inbox")).content.decode()
    assert (
        "Nothing unread" in alice_client.get(reverse("quickscale_notifications:inbox") + "?unread=1").content.decode()
    )
    settings.QUICKSCALE_NOTIFICATIONS_PAGE_SIZE = 1
    NotificationFactory.create_batch(3, recipient=alice)
    page = alice_client.get(reverse("quickscale_notifications:inbox"), {"page": 2, "unread": "1"}).content.decode()
    assert "Page 2 of 3" in page
    assert "Newer" in page
    assert "Older" in page


def test_bell_shows_the_unread_count_and_polls(alice_client: Client, alice: Any, settings: Any) -> None:
    NotificationFactory.create_batch(2, recipient=alice)
    bell = alice_client.get(reverse("quickscale_notifications:bell")).content.decode()
    assert 'data-count="2"' in bell
    assert 'hx-trigger="every 30s"' in bell
    settings.QUICKSCALE_NOTIFICATIONS_POLL_SECONDS = 0
    Notification.objects.update(read_at="2026-01-01T00:00Z")
    bell = alice_client.get(reverse("quickscale_notifications:bell")).content.decode()
    assert "data-count" not in bell
    assert "hx-trigger" not in bell


def test_mark_read_and_open(alice_client: Client, alice: Any) -> None:
    linked = NotificationFactory(recipient=alice, url="/somewhere/")
    outside = NotificationFactory(recipient=alice, url="https://evil.example/")
    response = alice_client.post(reverse("quickscale_notifications:read", kwargs={"pk": linked.pk}), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/somewhere/"
    response = alice_client.post(reverse("quickscale_notifications:read", kwargs={"pk": outside.pk}), {"open": "1"})
    assert response["Location"] == reverse("quickscale_notifications:inbox")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert alice_client.get(reverse("quickscale_notifications:read", kwargs={"pk": linked.pk})).status_code == 405


def test_mark_all_read(alice_client: Client, alice: Any) -> None:
    NotificationFactory.create_batch(3, recipient=alice)
    response = alice_client.post(reverse("quickscale_notifications:read_all"), follow=True)
    assert "Marked 3 notifications read." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_page_saves_every_kind(alice_client: Client, alice: Any) -> None:
    page = alice_client.get(reverse("quickscale_notifications:preferences")).content.decode()
    assert "Demo messages" in page
    assert "Team invitations" in page
    from quickscale_modules.notifications.kinds import all_kinds

    data = {f"{kind.key}-email": "digest" for kind in all_kinds()}
    data["quickscale.demo-in_app"] = "on"
    response = alice_client.post(reverse("quickscale_notifications:preferences"), data, follow=True)
    assert "Your notification preferences are saved." in response.content.decode()
    assert Preference.objects.filter(user=alice).count() == len(all_kinds())
    assert Preference.objects.get(user=alice, kind="quickscale.demo").in_app is True
    assert Preference.objects.get(user=alice, kind="teams.invitation").in_app is False
    data["quickscale.demo-email"] = "sometimes"
    response = alice_client.post(reverse("quickscale_notifications:preferences"), data, follow=True)
    assert "Choose how each kind reaches you" in response.content.decode()
    assert Preference.objects.get(user=alice, kind="quickscale.demo").email == "digest"
