"""Views the core tests request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines

from quickscale_core.csp import extend_response_policy

INLINE_SCRIPT = '<script nonce="{{ csp_nonce }}">document.title = "ok";</script>'


def inline_script(request: HttpRequest) -> HttpResponse:
    """A page with one inline script, nonced the way every QuickScale template does it."""
    return HttpResponse(engines["django"].from_string(INLINE_SCRIPT).render({}, request))


def no_script(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>no inline code</p>")


def posts_elsewhere(request: HttpRequest) -> HttpResponse:
    return extend_response_policy(no_script(request), {"form-action": ["https://pay.example.net"]})
