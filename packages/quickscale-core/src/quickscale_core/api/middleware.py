"""``ApiErrorMiddleware``: under the API's prefix, a 404 of Django's URL resolver answers in the one error body.

A path under ``/api/`` that no route matches (``/api/teams/a b/``, ``/api/teams/x/members/abc/``) is
answered by Django's ``handler404``, an HTML page; the schema documents JSON. The prefix is where
``quickscale_core.api.urls`` is included (the URL ``api-schema`` without ``schema/``); nothing is
changed when it is not routed. Added to ``MIDDLEWARE`` by the ``quickscale_core.api`` layer.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def api_prefix() -> str | None:
    """The path the API is served under (``/api/``), or None when its URLs are not included."""
    try:
        schema = reverse("api-schema")
    except NoReverseMatch:
        return None
    return schema[: -len("schema/")] if schema.endswith("schema/") else None


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or getattr(request, "resolver_match", None) is not None:
            return response  # a view answered (DRF's own 404s are already in the error shape)
        prefix = api_prefix()
        if prefix is None or not request.path_info.startswith(prefix):
            return response
        body = {"detail": _("No such API endpoint: check the path in /api/schema/."), "code": "not_found", "errors": {}}
        return JsonResponse(body, status=404)
