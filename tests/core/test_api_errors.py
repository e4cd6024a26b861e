"""What the API answers to requests it cannot read: always the JSON error envelope, never a 500 or HTML."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client, RequestFactory

from redress.core.api import ErrorOut, api_bad_request
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


def test_a_deeply_nested_body_is_400_malformed_request(api: Any) -> None:
    body = '{"x":' + "[" * 5000 + "]" * 5000 + "}"
    assert len(body) < 11_000
    response = api("intake").post("/api/v1/complaints/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_request"
    assert_shape(ErrorOut, response.json())


def test_normal_json_is_parsed_as_before(api: Any) -> None:
    # A body nested a little is read as ever: the refusal is the serializer's, naming fields.
    body = json.dumps({"customer": {"name": [[["x"]]]}})
    response = api("intake").post("/api/v1/complaints/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_a_body_too_large_is_a_json_413(api: Any, settings: Any) -> None:
    body = json.dumps({"description": "x" * (10 * 1024 * 1024)})
    response = api("intake").post("/api/v1/complaints/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "request_too_large"
    assert_shape(ErrorOut, response.json())


def test_a_form_body_too_large_is_a_json_413(api: Any) -> None:
    response = api("intake").post(
        "/api/v1/complaints/",
        "description=" + "x" * (10 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/complaints/X/nothing/here/", "/api/nothing"])
def test_an_unknown_api_path_is_a_json_404(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "not_found"
    assert_shape(ErrorOut, response.json())


def test_an_unknown_page_is_still_an_html_404(people: Any) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_a_body_too_large_outside_drf_is_a_json_413_on_api_paths_only() -> None:
    # Django answers a SuspiciousOperation raised before any view (e.g. by a middleware) with handler400.
    exc = RequestDataTooBig("too big")
    response = api_bad_request(RequestFactory().post("/api/v1/complaints/"), exc)
    assert (response.status_code, json.loads(response.content)["error"]) == (413, "request_too_large")
    assert api_bad_request(RequestFactory().post("/login/"), exc).status_code == 400


def test_an_error_of_a_view_that_also_answers_csv_is_json(api: Any) -> None:
    # Found by the schema fuzzer: `?format=csv` made the refusal's body JSON but its Content-Type text/csv.
    response = api("intake").get("/api/v1/analytics/ageing/?format=csv")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert_shape(ErrorOut, response.json())


def test_a_401_still_names_the_scheme(api: Any) -> None:
    response = api(None).get("/api/v1/complaints/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response["Content-Type"] == "application/json"


def test_a_format_the_answer_does_not_give_is_a_400_naming_it(api: Any) -> None:
    # Found by the schema fuzzer: DRF answered an unknown `?format=` with a bare 404, which no schema lists.
    response = api("manager").get("/api/v1/analytics/ageing/?format=xml")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "detail": {"format": ["Not a format of this answer; one of: csv, json."]},
    }
    assert api("manager").get("/api/v1/analytics/ageing/?format=csv").status_code == 200
