"""The page shell's links: reversed once per URLconf, script prefix and language, "" when missing."""

from __future__ import annotations

from typing import Any

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import set_script_prefix

from quickscale_core import context_processors
from quickscale_core.context_processors import nav_urls, site


def test_links_are_reversed_once_and_missing_ones_are_empty(monkeypatch: Any) -> None:
    calls: list[str] = []
    real = context_processors.reverse

    def counting(name: str) -> str:
        calls.append(name)
        return real(name)

    monkeypatch.setattr(context_processors, "reverse", counting)
    context_processors.forget_nav_urls()
    first = site(RequestFactory().get("/"))["nav_urls"]
    second = nav_urls()

    assert first is second
    assert len(calls) == len(context_processors.NAV_URLS)  # once each, not once per render
    assert first["admin"] == "/admin/"
    assert first["login"] == ""  # no allauth URLs in these tests: the link is left out


def test_script_prefix_and_settings_give_their_own_links(settings: Any) -> None:
    try:
        set_script_prefix("/shop/")
        assert nav_urls()["admin"] == "/shop/admin/"
    finally:
        set_script_prefix("/")
    assert nav_urls()["admin"] == "/admin/"
    settings.QUICKSCALE_NAV_URLS = {"health": "healthz"}
    assert nav_urls()["health"] == "/healthz"


def test_templates_read_them() -> None:
    html = Template('<a href="{{ nav_urls.admin }}">{% if nav_urls.login %}x{% endif %}</a>').render(
        Context(site(None))
    )
    assert html == '<a href="/admin/"></a>'
