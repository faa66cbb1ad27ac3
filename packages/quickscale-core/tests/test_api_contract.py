"""quickscale_core.api: one error body for every error, the schema lists every status, links, strict types."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

JSON = "application/json"
ERROR_KEYS = {"detail", "code", "errors"}


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == JSON
    body: dict[str, Any] = response.json()
    assert set(body) == ERROR_KEYS
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


@pytest.fixture
def schema(db: None) -> dict[str, Any]:
    generated: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    # What /api/schema/ serves: plain JSON (no lazy strings, no tuples).
    return dict(json.loads(json.dumps(generated, default=str)))


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]


# -- the error body ----------------------------------------------------------------------------------


def test_a_validation_error_names_each_field(logged_in_client: Client) -> None:
    body = {"name": "too long", "count": -1, "items": [{"label": "ok"}, {"label": "far too long"}]}
    found = error(logged_in_client.post("/api/things/", body, content_type=JSON), 400)
    assert found["code"] == "invalid"
    assert set(found["errors"]) == {"name", "count", "items.1.label"}
    assert all(isinstance(message, str) for messages in found["errors"].values() for message in messages)


def test_a_whole_body_error_is_under_non_field_errors(logged_in_client: Client) -> None:
    found = error(logged_in_client.post("/api/things/", {"name": "both", "flag": True}, content_type=JSON), 400)
    assert found["errors"] == {"non_field_errors": ["name 'both' cannot be flagged"]}


@pytest.mark.parametrize(
    ("fail", "status", "code"),
    [("http404", 404, "not_found"), ("django403", 403, "permission_denied"), ("conflict", 409, "busy")],
)
def test_refusals_have_the_same_shape(logged_in_client: Client, fail: str, status: int, code: str) -> None:
    found = error(logged_in_client.post(f"/api/things/?fail={fail}", {}, content_type=JSON), status)
    assert found["code"] == code
    assert found["errors"] == {}


def test_signed_out_is_403_not_authenticated(client: Client, db: None) -> None:
    assert error(client.post("/api/things/", {"name": "a"}, content_type=JSON), 403)["code"] == "not_authenticated"


def test_a_body_that_is_not_json_is_415_and_bad_json_400(logged_in_client: Client) -> None:
    assert error(logged_in_client.post("/api/things/", {"name": "a"}), 415)["code"] == "unsupported_media_type"
    assert error(logged_in_client.post("/api/things/", "{", content_type=JSON), 400)["code"] == "parse_error"


def test_method_not_allowed_and_throttled(logged_in_client: Client) -> None:
    cache.clear()
    assert error(logged_in_client.put("/api/things/", {}, content_type=JSON), 405)["code"] == "method_not_allowed"
    assert logged_in_client.get("/api/public/").status_code == 200
    throttled = logged_in_client.get("/api/public/")
    assert error(throttled, 429)["code"] == "throttled"
    assert throttled["Retry-After"]


def test_an_unrouted_api_path_answers_json_404_and_other_paths_keep_the_html_page(logged_in_client: Client) -> None:
    assert error(logged_in_client.get("/api/things/not-a-number/"), 404)["code"] == "not_found"
    assert error(logged_in_client.get("/api/nothing/"), 404)["code"] == "not_found"
    page = logged_in_client.get("/nothing/")
    assert page.status_code == 404
    assert not page["Content-Type"].startswith(JSON)


# -- JSON types as the schema says --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", 5), ("count", "5"), ("count", 5.0), ("count", True), ("flag", "true"), ("flag", 1), ("ratio", "1.5")],
)
def test_a_value_of_another_json_type_is_refused(logged_in_client: Client, field: str, value: Any) -> None:
    body = {"name": "a", field: value}
    assert set(error(logged_in_client.post("/api/things/", body, content_type=JSON), 400)["errors"]) == {field}


def test_values_of_the_right_json_type_are_taken(logged_in_client: Client) -> None:
    body = {"name": "a", "note": "", "count": 3, "flag": False, "ratio": 1, "kind": "b", "items": [{"label": "x"}]}
    response = logged_in_client.post("/api/things/", body, content_type=JSON)
    assert response.status_code == 201, response.content


# -- the schema ---------------------------------------------------------------------------------------


def implied_statuses(path: str, method: str, op: dict[str, Any]) -> set[str]:
    """What the views' parts imply, independently of the AutoSchema: the test's own reading."""
    implied = set()
    if "requestBody" in op:
        implied |= {"400", "415"}
    if "{" in path or any(p["name"] == "page" for p in op.get("parameters", [])):
        implied.add("404")
    if path != "/api/public/" and path != "/api/schema/":
        implied.add("403")
    return implied


def test_every_operation_documents_the_statuses_its_view_implies(schema: dict[str, Any]) -> None:
    found = {(path, method) for path, method, _ in operations(schema)}
    assert ("/api/things/", "post") in found
    assert ("/api/things/{id}/", "get") in found
    for path, method, op in operations(schema):
        responses = op["responses"]
        missing = implied_statuses(path, method, op) - set(responses)
        assert not missing, f"{method.upper()} {path} does not document {sorted(missing)}"
        for status, response in responses.items():
            if status >= "400":
                assert response["content"][JSON]["schema"] == {"$ref": "#/components/schemas/Error"}, (path, status)
                assert response["description"]


def test_declared_throttled_and_public_statuses(schema: dict[str, Any]) -> None:
    assert "409" in schema["paths"]["/api/things/"]["post"]["responses"]
    public = schema["paths"]["/api/public/"]["get"]["responses"]
    assert "429" in public
    assert "403" not in public
    assert set(schema["paths"]["/api/things/{id}/"]["delete"]["responses"]) == {"204", "403", "404"}


def test_the_error_component_is_the_error_body(schema: dict[str, Any]) -> None:
    component = schema["components"]["schemas"]["Error"]
    assert set(component["required"]) == ERROR_KEYS
    assert component["properties"]["errors"]["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


def test_request_strings_say_what_charfield_accepts(schema: dict[str, Any]) -> None:
    properties = schema["components"]["schemas"]["ThingRequest"]["properties"]
    assert properties["name"]["pattern"] == "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
    assert properties["name"]["maxLength"] == 5
    assert properties["note"]["oneOf"][0]["pattern"] == "^[^\\u0000]*$"  # or blank
    assert "pattern" not in properties["kind"]
    path_parameter = schema["paths"]["/api/things/{id}/"]["get"]["parameters"][0]
    assert path_parameter["schema"] == {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}


def test_create_links_to_the_operations_of_what_it_created(schema: dict[str, Any]) -> None:
    links = schema["paths"]["/api/things/"]["post"]["responses"]["201"]["links"]
    assert set(links) == {"things_retrieve", "things_destroy"}
    assert links["things_retrieve"]["parameters"] == {"id": "$response.body#/id"}


def test_the_served_schema_is_valid(logged_in_client: Client) -> None:
    response = logged_in_client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "Error" in response.json()["components"]["schemas"]


@pytest.mark.parametrize("page", ["", "last", "1.0", "x"])
def test_a_page_that_is_not_a_page_number_is_404(logged_in_client: Client, page: str) -> None:
    # DRF's own pagination answered ?page= and ?page=last with page 1 and the last page.
    assert error(logged_in_client.get(f"/api/listed/?page={page}"), 404)["code"] == "not_found"


def test_a_query_parameter_the_list_does_not_take_is_404(logged_in_client: Client) -> None:
    body = error(logged_in_client.get("/api/listed/?page=1&pgae=2"), 404)
    assert body["code"] == "unknown_parameter"
    assert "'pgae'" in body["detail"]


def test_a_string_longer_than_max_length_before_trimming_is_refused(logged_in_client: Client) -> None:
    # DRF strips "\x1d" (a whitespace to str.strip) before it counts: the schema's maxLength counts it.
    body = {"name": "\x1dabcde"}
    assert set(error(logged_in_client.post("/api/things/", body, content_type=JSON), 400)["errors"]) == {"name"}
    assert logged_in_client.post("/api/things/", {"name": " abc "}, content_type=JSON).status_code == 201


def test_pages_of_a_list(logged_in_client: Client, schema: dict[str, Any]) -> None:
    assert logged_in_client.get("/api/listed/").json()["count"] == 3
    assert logged_in_client.get("/api/listed/?page=1").json()["results"] == [{"id": 1}, {"id": 2}, {"id": 3}]
    assert error(logged_in_client.get("/api/listed/?page=2"), 404)["code"] == "not_found"
    page = next(p for p in schema["paths"]["/api/listed/"]["get"]["parameters"] if p["name"] == "page")
    assert page["schema"] == {"type": "integer", "minimum": 1}
    assert "404" in schema["paths"]["/api/listed/"]["get"]["responses"]
