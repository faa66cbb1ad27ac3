"""One error body for the whole API: ``{"detail": str, "code": str, "errors": {field: [str, ...]}}``.

:func:`exception_handler` (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``, set by the ``quickscale_core.api``
layer) gives every error response of DRF that shape: ``detail`` is one line for a person, ``code`` a
stable machine-readable word (``invalid``, ``not_authenticated``, ``permission_denied``, ``not_found``,
``conflict``, ``throttled``, ``unsupported_media_type``... or a module's own, e.g. ``already_member``),
``errors`` the field errors of a 400 keyed by field name (``non_field_errors`` for the whole body,
``items.0.name`` for nested fields), empty for every other status. :class:`Conflict` (409) is the
refusal of a service because of the state of things (the owner cannot leave, already subscribed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

#: ``detail`` of a 400 with field errors (each field's own messages are in ``errors``).
INVALID = _("The request has invalid fields; see errors.")


class Conflict(exceptions.APIException):
    """409: the request is well formed but the current state of things refuses it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This cannot be done in the current state.")
    default_code = "conflict"


def _messages(detail: Any, prefix: str, errors: dict[str, list[str]]) -> None:
    """Flatten DRF's nested error detail into ``errors`` keyed by dotted field paths."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            _messages(value, f"{prefix}.{key}" if prefix else str(key), errors)
    elif isinstance(detail, list) and any(isinstance(item, (Mapping, list)) for item in detail):
        for index, item in enumerate(detail):
            if item:  # a ListSerializer's valid items have empty details
                _messages(item, f"{prefix}.{index}" if prefix else str(index), errors)
    elif isinstance(detail, list):
        errors.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).extend(str(item) for item in detail)
    else:
        errors.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).append(str(detail))


def _code(detail: Any, default: str) -> str:
    code = getattr(detail, "code", None)
    return str(code) if code else default


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    """The body of ``exc``'s response (see the module docstring)."""
    if isinstance(exc, exceptions.ValidationError):
        errors: dict[str, list[str]] = {}
        _messages(exc.detail, "", errors)
        return {"detail": str(INVALID), "code": "invalid", "errors": errors}
    detail = exc.detail
    if isinstance(detail, Mapping):  # e.g. PermissionDenied({"detail": ..., "code": ...})
        message = detail.get("detail", exc.default_detail)
        return {"detail": str(message), "code": str(detail.get("code", _code(message, exc.default_code))), "errors": {}}
    if isinstance(detail, list):
        return {"detail": " ".join(str(item) for item in detail), "code": exc.default_code, "errors": {}}
    return {"detail": str(detail), "code": _code(detail, str(exc.default_code)), "errors": {}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (Http404 -> 404, Django's PermissionDenied -> 403, headers such as
    ``Retry-After`` and ``WWW-Authenticate``) with the body in the one error shape."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handling, as for any other bug
    if isinstance(exc, exceptions.APIException):
        response.data = error_body(exc)
    else:  # Http404 / Django's PermissionDenied, translated by DRF
        code = "not_found" if response.status_code == status.HTTP_404_NOT_FOUND else "permission_denied"
        response.data = {"detail": str(response.data.get("detail", "")), "code": code, "errors": {}}
    return response
