"""The OpenAPI schema names and types every operation: what it takes, what it answers, how it fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from redress.complaints.api.views import action_payloads

# POSTs that take no body: their views read none, or the action's serializer has no field.
BODYLESS = {
    "complaint_letter_retry",
    "notifications_mark_read",
    "casebook_cases_confirm",
    "casebook_guides_confirm",
} | {f"complaint_action_{name}" for name, payload in action_payloads().items() if not payload().fields}
# Objects whose keys are free by nature (component, property): an event's data, the triage explanation, the
# board pack's sections that the apps above analytics add.
FREE_FORM = {
    ("EventOut", "data"),
    ("SuggestionOut", "explanation"),
    ("ImprovementEventOut", "data"),
    ("BoardMiTotalsOut", "sections"),
    # A bulk request's payload is the named action's (typed there), and so are the fields it may refuse.
    ("BulkIn", "payload"),
    ("BulkFailureOut", "field_errors"),
}
ACTIONS = "/api/v1/complaints/{reference}/actions/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # files, like PDF and ZIP


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]


def component(schema: dict[str, Any], ref: str) -> tuple[str, dict[str, Any]]:
    name = ref.removeprefix("#/components/schemas/")
    return name, schema["components"]["schemas"][name]


def test_the_schema_is_valid_and_generates_without_warnings(tmp_path: Path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_every_operation_is_named_and_summarised(schema: dict[str, Any]) -> None:
    for path, method, op in operations(schema):
        assert op.get("operationId") and op.get("summary"), (path, method)


def test_every_body_is_typed(schema: dict[str, Any]) -> None:
    for path, method, op in operations(schema):
        if method not in ("post", "put", "patch"):
            continue
        if op["operationId"] in BODYLESS:
            assert "requestBody" not in op, (path, method)
            continue
        content = op.get("requestBody", {}).get("content", {})
        assert content, f"{method} {path} declares no body"
        for media, body in content.items():
            assert "$ref" in body["schema"], (path, method, media)


def test_every_answer_is_typed(schema: dict[str, Any]) -> None:
    for path, method, op in operations(schema):
        for status, response in op["responses"].items():
            content = response.get("content", {})
            if status == "204":  # No Content (a DELETE): nothing to type
                assert not content, (path, method)
                continue
            assert content, f"{method} {path} {status} declares no content"
            for media, body in content.items():
                if media in ("application/pdf", "application/zip", "text/csv", XLSX):
                    assert body["schema"] == {"type": "string", "format": "binary"}, (path, status)
                    continue
                name, declared = component(schema, body["schema"]["$ref"])
                assert declared.get("properties"), (path, status, name)
                if not status.startswith("2"):
                    assert name == "ErrorOut", (path, status, name)
        assert any(s.startswith("4") for s in op["responses"]), f"{method} {path} declares no error"


def test_no_declared_object_is_free_form_where_its_keys_are_known(schema: dict[str, Any]) -> None:
    for name, declared in schema["components"]["schemas"].items():
        for field, prop in declared.get("properties", {}).items():
            if prop.get("type") == "object" and "properties" not in prop:
                assert (name, field) in FREE_FORM, f"{name}.{field} is a free-form object"


def test_each_action_has_its_own_operation_with_its_own_body(schema: dict[str, Any]) -> None:
    action_paths = {path for path in schema["paths"] if path.startswith(ACTIONS)}
    assert action_paths == {f"{ACTIONS}{name}/" for name in action_payloads()}
    for name, payload in action_payloads().items():
        op = schema["paths"][f"{ACTIONS}{name}/"]["post"]
        assert op["operationId"] == f"complaint_action_{name}"
        if payload().fields:
            body = op["requestBody"]["content"]["application/json"]["schema"]
            assert body == {"$ref": f"#/components/schemas/{payload.__name__}"}, name
        # A body of another media type is 415 only where the action reads a body.
        unread = {"415"} if payload().fields else set()
        assert set(op["responses"]) == {"200", "400", "401", "403", "404", "409", "413"} | unread


def test_errors_are_documented_from_what_the_view_is(schema: dict[str, Any]) -> None:
    # Worked out centrally (core.schema): a path parameter may find nothing, a parameter or body may be refused,
    # a body may be too large or of a media type not read, every caller but the webhook's must sign in.
    for path, method, op in operations(schema):
        codes = set(op["responses"])
        if "{" in path:
            assert "404" in codes, (path, method)
        if any(p["in"] != "path" for p in op.get("parameters", [])) or "requestBody" in op:
            assert "400" in codes, (path, method)
        if "requestBody" in op:
            assert {"413", "415"} <= codes, (path, method)
        if op.get("security") != [{}]:
            assert "401" in codes, (path, method)
        if method == "post" and op.get("security") != [{}]:
            assert "403" in codes, (path, method)  # a session's POST without its CSRF token
