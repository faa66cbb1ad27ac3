from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.test import Client

pytestmark = pytest.mark.django_db


def test_me_requires_login(client: Client) -> None:
    assert client.get("/api/me/").status_code == 403


def test_me_read_and_patch(client: Client, verified_user: Any) -> None:
    client.force_login(verified_user)
    data = client.get("/api/me/").json()
    assert data == {
        "id": verified_user.pk,
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "date_joined": data["date_joined"],
        "email_verified": True,
        "mfa_enabled": False,
    }
    response = client.patch(
        "/api/me/", {"first_name": "Augusta", "email": "evil@example.com"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["first_name"] == "Augusta"
    verified_user.refresh_from_db()
    assert (verified_user.first_name, verified_user.last_name, verified_user.email) == (
        "Augusta",
        "Lovelace",
        "ada@example.com",
    )


def test_me_put_and_delete_are_not_allowed(client: Client, verified_user: Any) -> None:
    client.force_login(verified_user)
    assert client.put("/api/me/", {}, content_type="application/json").status_code == 405
    assert client.delete("/api/me/").status_code == 405


def test_me_patch_needs_csrf(verified_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(verified_user)
    assert client.patch("/api/me/", {"first_name": "X"}, content_type="application/json").status_code == 403


def test_me_is_in_the_openapi_schema(client: Client, verified_user: Any) -> None:
    client.force_login(verified_user)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert set(schema["paths"]["/api/me/"]) >= {"get", "patch"}
    assert "put" not in schema["paths"]["/api/me/"]
    me = schema["components"]["schemas"]["Me"]
    assert me["properties"]["email"]["readOnly"] is True
    assert client.get("/api/docs/").status_code == 200


def test_me_errors_in_the_api_error_shape_and_documented(client: Client, verified_user: Any) -> None:
    assert client.get("/api/me/").json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
        "errors": {},
    }
    client.force_login(verified_user)
    for body in ({"first_name": 5}, {"last_name": "x" * 151}, {"last_name": "a\x00b"}):
        response = client.patch("/api/me/", body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert set(response.json()["errors"]) == set(body)
    assert client.patch("/api/me/", {"first_name": "A"}).status_code == 415  # JSON only, as documented
    assert client.options("/api/me/").status_code == 200
    schema = client.get("/api/schema/?format=json").json()
    me = schema["paths"]["/api/me/"]
    assert set(me["get"]["responses"]) == {"200", "403"}
    assert set(me["patch"]["responses"]) == {"200", "400", "403", "415"}
    assert me["patch"]["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
