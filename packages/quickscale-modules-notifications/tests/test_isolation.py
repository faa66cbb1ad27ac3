"""No user reads or changes another user's notifications or preferences through any page or API path.

Every URL of the module (pages and API, found in the resolver, not listed by hand) is requested by
Bob with Alice's notification id; nothing of Alice's may show or change.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from quickscale_modules.notifications import services
from quickscale_modules.notifications.factories import NotificationFactory
from quickscale_modules.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def module_patterns(resolver: Any = None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += module_patterns(entry, route)
        elif entry.callback.__module__.startswith("quickscale_modules.notifications"):
            found.append((route, entry))
    return found


def state(user: Any) -> list[Any]:
    return [
        *Notification.objects.filter(recipient=user).order_by("pk").values_list("pk", "read_at", "title", "in_app"),
        *Preference.objects.filter(user=user).order_by("pk").values_list("kind", "in_app", "email", "version"),
    ]


def test_every_path_refuses_another_users_rows(client: Client, alice: Any, bob: Any) -> None:
    secret = NotificationFactory(recipient=alice, title="Alice's secret")
    services.set_preference(user=alice, kind="quickscale.demo", in_app=False, email="digest")
    before = state(alice)
    client.force_login(bob)
    routes = module_patterns()
    assert len(routes) >= 12
    for route, _pattern in routes:
        path = "/" + route.replace("<int:pk>", str(secret.pk)).replace("<str:token>", "x").lstrip("^").rstrip("$")
        for method in ("get", "post", "put", "patch", "delete"):
            data = {"open": "1", "quickscale.demo-email": "immediate", "quickscale.demo-in_app": "on"}
            if method == "post":
                response = client.post(path, data)
            else:
                response = getattr(client, method)(path, data, content_type="application/json")
            assert b"Alice's secret" not in response.content, (method, path)
            assert response.status_code in (200, 302, 400, 404, 405), (method, path, response.status_code)
    assert state(alice) == before
    assert Notification.objects.get(pk=secret.pk).read_at is None
    assert Preference.objects.get(user=alice, kind="quickscale.demo").email == "digest"


def test_services_refuse_another_users_notification(alice: Any, bob: Any) -> None:
    secret = NotificationFactory(recipient=alice)
    with pytest.raises(PermissionError):
        services.mark_read(user=bob, notification=secret)
    assert services.mark_all_read(user=bob) == 0
    assert Notification.objects.get(pk=secret.pk).read_at is None
