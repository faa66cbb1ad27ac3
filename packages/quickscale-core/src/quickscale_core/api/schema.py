"""The OpenAPI schema tells the truth: every status an operation can answer, and links between operations.

:class:`AutoSchema` (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``, set by the ``quickscale_core.api`` layer)
adds the error responses each operation can give, in the one error body (the ``Error`` component,
:class:`~quickscale_core.api.serializers.ErrorSerializer`), from what the view is made of:

* 400 and 415: the operation takes a request body (invalid fields; a body that is not JSON);
* 403: a permission other than ``AllowAny`` (not signed in, no CSRF token, or not allowed);
* 404: a path parameter (no such object, or one the user cannot see) or a paginated list (no such page);
* 429: the view has throttles;
* anything the view declares in ``error_statuses`` for the action or HTTP method, e.g.
  ``error_statuses = {"leave": (409,)}`` for a service that can refuse in the current state.

A string a request may send is documented with the ``pattern`` DRF's ``CharField`` enforces (no NUL
character; not only white space unless blanks are allowed).

:func:`add_links` (a ``POSTPROCESSING_HOOKS`` entry) adds OpenAPI links from each operation that creates
(201) or lists resources to the operations whose path continues with the identifier it returns, so a
client, or a stateful fuzzer, can walk from ``POST /api/teams/`` to ``GET /api/teams/{slug}/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

from quickscale_core.api.serializers import ErrorSerializer

#: What each error status means, in the schema's response descriptions.
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Invalid request: `errors` lists the messages of each invalid field (`non_field_errors`: the whole body).",
    403: "Not signed in, no CSRF token on a write, or not allowed to do this (`code` says which).",
    404: "No such object (or one you cannot see), or no such page of a list.",
    405: "Method not allowed.",
    409: "Refused in the current state of things; `detail` says why and what to do, `code` names the reason.",
    415: "The request body is not JSON (send `Content-Type: application/json`).",
    429: "Too many requests: retry after the seconds of the `Retry-After` header.",
    503: "A service this operation needs (e.g. the payment provider) did not answer; retry later.",
}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
#: A string DRF's ``CharField`` accepts: no NUL character; ``NOT_BLANK`` also needs a non-space.
NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with the error responses and string patterns described above."""

    def error_statuses(self) -> list[int]:
        """The error statuses this operation can answer, from its view's parts and declarations."""
        view = self.view
        found: set[int] = set()
        if self.method in WRITE_METHODS and self.get_request_serializer() is not None:
            found |= {400, 415}
        if any(not isinstance(permission, permissions.AllowAny) for permission in view.get_permissions()):
            found.add(403)
        paginated = self._is_list_view() and self._get_paginator() is not None  # type: ignore[no-untyped-call]
        if "{" in self.path or paginated:
            found.add(404)
        if view.get_throttles():
            found.add(429)
        declared: Mapping[str, Iterable[int]] = getattr(view, "error_statuses", {})
        action = getattr(view, "action", None)
        found.update(declared.get(action or "", ()))
        found.update(declared.get(self.method.lower(), ()))
        return sorted(found)

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            if str(status) not in responses:
                error = OpenApiResponse(response=ErrorSerializer, description=ERROR_DESCRIPTIONS.get(status, ""))
                responses[str(status)] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    error, str(status), direction=direction
                )
        return dict(sorted(responses.items()))

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)  # type: ignore[no-untyped-call]
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not isinstance(field, serializers.ChoiceField)
            and isinstance(schema, dict)
            and schema.get("type") == "string"
            and not {"format", "enum", "pattern", "$ref"} & schema.keys()
        ):
            blank_ok = field.allow_blank or not field.trim_whitespace
            schema["pattern"] = NO_NUL if blank_ok else NOT_BLANK
        return schema


def _resolve(schema: dict[str, Any], components: Mapping[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _returned(operation: Mapping[str, Any], components: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(JSON pointer prefix, properties) of the object a create/list operation returns, or None."""
    for status, prefix in (("201", ""), ("200", "")):
        content = operation.get("responses", {}).get(status, {}).get("content", {})
        body = content.get("application/json", {}).get("schema")
        if not body:
            continue
        body = _resolve(body, components)
        if "results" in body.get("properties", {}):  # a page of a paginated list
            body, prefix = _resolve(body["properties"]["results"], components), "/results"
        if body.get("type") == "array":
            body, prefix = _resolve(body.get("items", {}), components), f"{prefix}/0"
        if body.get("properties"):
            return prefix, body["properties"]
    return None


PARAMETER = re.compile(r"\{(\w+)\}")


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: OpenAPI links from create/list operations (see module docstring)."""
    components = result.get("components", {}).get("schemas", {})
    operations = [
        (path, method, operation)
        for path, item in result.get("paths", {}).items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    ]
    for path, method, operation in operations:
        creates = method == "post" and "201" in operation["responses"]
        lists = method == "get" and "{" not in path.rsplit("/", 2)[-2]
        returned = _returned(operation, components) if creates or lists else None
        if returned is None:
            continue
        prefix, properties = returned
        known = set(PARAMETER.findall(path))
        for target_path, target_method, target in operations:
            rest = target_path[len(path) :] if target_path.startswith(path) else ""
            new = PARAMETER.findall(rest)
            if not rest.startswith("{") or len(new) != 1:
                continue
            field = "id" if new[0] in ("pk", "id") else new[0]
            if field not in properties or "operationId" not in target:
                continue
            parameters = {name: f"$request.path.{name}" for name in known}
            parameters[new[0]] = f"$response.body#{prefix}/{field}"
            status = "201" if creates else "200"
            operation["responses"][status].setdefault("links", {})[target["operationId"]] = {
                "operationId": target["operationId"],
                "parameters": parameters,
                "description": f"The `{field}` returned here is the `{new[0]}` of {target_method.upper()} "
                f"{target_path}.",
            }
    return result
