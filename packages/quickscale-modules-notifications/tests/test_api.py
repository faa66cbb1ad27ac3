"""The API: list, read, mark read, unread count, preferences; the schema documents it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from quickscale_modules.notifications.factories import NotificationFactory
from quickscale_modules.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def test_list_read_and_count(api: Client, alice: Any) -> None:
    first = NotificationFactory(recipient=alice, title="First")
    NotificationFactory(recipient=alice, title="Second", read_at="2026-01-01T00:00Z")
    listing = api.get("/api/notifications/").json()
    assert [row["title"] for row in listing["results"]] == ["Second", "First"]
    assert [row["title"] for row in api.get("/api/notifications/?unread=1").json()["results"]] == ["First"]
    assert api.get("/api/notifications/unread-count/").json() == {"unread": 1}
    assert api.get(f"/api/notifications/{first.pk}/").json()["read"] is False
    marked = api.post(f"/api/notifications/{first.pk}/read/").json()
    assert marked["read"] is True
    assert marked["read_at"]
    assert api.get("/api/notifications/unread-count/").json() == {"unread": 0}
    NotificationFactory.create_batch(2, recipient=alice)
    assert api.post("/api/notifications/read-all/").json() == {"marked": 2}


def test_preferences(api: Client, alice: Any) -> None:
    rows = api.get("/api/notifications/preferences/").json()
    demo = next(row for row in rows if row["kind"] == "quickscale.demo")
    assert demo == {"kind": "quickscale.demo", "title": "Demo messages", "in_app": True, "email": "off"}
    payload = [{"kind": "quickscale.demo", "in_app": False, "email": "digest"}]
    response = api.put("/api/notifications/preferences/", payload, content_type="application/json")
    assert response.status_code == 200
    assert Preference.objects.get(user=alice, kind="quickscale.demo").email == "digest"
    for bad in (
        [{"kind": "nope", "in_app": True, "email": "off"}],
        [{"kind": "quickscale.demo", "in_app": 1, "email": "x"}],
    ):
        assert api.put("/api/notifications/preferences/", bad, content_type="application/json").status_code == 400


def test_anonymous_is_refused(client: Client, db: None) -> None:
    for path in ("/api/notifications/", "/api/notifications/unread-count/", "/api/notifications/preferences/"):
        assert client.get(path).status_code in (401, 403), path
    assert client.post("/api/notifications/read-all/").status_code in (401, 403)
    assert Notification.objects.count() == 0


def test_schema_documents_every_path_and_status(api: Client) -> None:
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]
    ours = {path: ops for path, ops in paths.items() if path.startswith("/api/notifications/")}
    assert set(ours) == {
        "/api/notifications/",
        "/api/notifications/unread-count/",
        "/api/notifications/read-all/",
        "/api/notifications/preferences/",
        "/api/notifications/{id}/",
        "/api/notifications/{id}/read/",
    }
    assert set(ours["/api/notifications/{id}/read/"]["post"]["responses"]) == {"200", "403", "404"}
    assert set(ours["/api/notifications/preferences/"]["put"]["responses"]) == {"200", "400", "403", "415"}
    for path, operations in ours.items():
        for method, operation in operations.items():
            assert "403" in operation["responses"], (path, method)
