"""Template context of every page: ``site_name`` (the brand in the header, titles and error pages)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

#: The brand shown when ``QUICKSCALE_SITE_NAME`` is not set (``quickscale_core.W006`` warns in deploy checks).
DEFAULT_SITE_NAME = "QuickScale"


def site_name() -> str:
    return str(getattr(settings, "QUICKSCALE_SITE_NAME", "") or DEFAULT_SITE_NAME)


def site(request: HttpRequest | None) -> dict[str, str]:
    return {"site_name": site_name()}
