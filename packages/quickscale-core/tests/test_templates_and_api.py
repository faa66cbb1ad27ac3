from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.test import Client


def test_fallback_base_template_provides_the_blocks_contract() -> None:
    html = render_to_string("base.html", {})

    assert '<main id="main"' in html
    assert '<meta name="viewport"' in html


def test_schema_and_docs_are_served_without_cdn(logged_in_client: Client, user: Any) -> None:
    schema = logged_in_client.get("/api/schema/")
    docs = logged_in_client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    assert docs.status_code == 200
    assert b"cdn." not in docs.content
    assert b"swagger-ui" in docs.content
