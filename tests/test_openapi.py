"""The OpenAPI document is valid, complete and honest about errors; the docs page answers."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def test_document_is_valid_openapi(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "SatuPintu"


def test_bearer_security_scheme_is_declared(spec):
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


def test_every_route_of_the_api_is_documented(app, spec):
    documented = {path for path in spec["paths"]}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and not rule.endpoint.startswith("api-docs."):
            openapi_path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)  # <uuid:id> -> {id}
            assert openapi_path in documented, rule.rule


def test_every_operation_documents_success_and_errors(spec):
    found = list(operations(spec))
    assert found
    for name, operation in found:
        responses = operation.get("responses", {})
        successes = [code for code in responses if code.startswith(("2", "3"))]
        assert successes, f"{name} documents no success response"
        assert "default" in responses, f"{name} documents no error response"
        assert operation.get("summary"), f"{name} has no summary (view docstring)"
        for code, response in responses.items():
            if "$ref" not in response:
                assert response.get("description"), f"{name} {code} has no description"


def test_error_responses_are_documented_as_problem_json(spec):
    for name, response in spec["components"]["responses"].items():
        if "content" in response:
            assert list(response["content"]) == ["application/problem+json"], name
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "request_id", "errors"} <= problem.keys()


def test_operations_behind_a_role_declare_bearer_security(app, spec):
    secured = {name for name, operation in operations(spec) if operation.get("security")}
    assert "GET /api/v1/admin/services" in secured
    assert "GET /api/v1/catalog" not in secured


def test_docs_page_is_html(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "/api/v1/openapi.json" in response.get_data(as_text=True)
