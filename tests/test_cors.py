"""CORS only for the origins configured, and only on the API."""

from __future__ import annotations

import pytest

from app import create_app

ALLOWED = "https://app.satupintu.example"
OTHER = "https://evil.example"


@pytest.fixture(scope="module")
def cors_app(app, app_config):
    return create_app({**app_config, "CORS_ORIGINS": (ALLOWED,)}, services=[])


@pytest.fixture
def cors_client(cors_app, db_session):
    return cors_app.test_client()


def cors_headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


def test_no_cors_headers_without_configured_origins(client):
    assert client.application.config["CORS_ORIGINS"] == ()
    for origin in (ALLOWED, OTHER):
        response = client.get("/api/v1/catalog", headers={"Origin": origin})
        assert response.status_code == 200
        assert cors_headers(response) == {}
        preflight = client.options("/api/v1/catalog", headers={
            "Origin": origin, "Access-Control-Request-Method": "GET"})
        assert cors_headers(preflight) == {}


def test_a_configured_origin_may_read_the_catalog(cors_client):
    response = cors_client.get("/api/v1/catalog", headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    exposed = response.headers["Access-Control-Expose-Headers"].lower()
    assert "x-request-id" in exposed and "etag" in exposed


def test_a_configured_origin_passes_preflight(cors_client):
    response = cors_client.options("/api/v1/catalog", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "Authorization, Accept-Language"})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def test_another_origin_gets_no_cors_headers(cors_client):
    response = cors_client.get("/api/v1/catalog", headers={"Origin": OTHER})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = cors_client.options("/api/v1/catalog", headers={
        "Origin": OTHER, "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_cors_covers_only_the_api(cors_client):
    response = cors_client.get("/healthz", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_api_responses_vary_on_origin_when_cors_is_on(cors_client, client):
    # A shared cache must not hand the answer for one origin (or for none) to another.
    for headers in ({"Origin": ALLOWED}, {"Origin": OTHER}, {}):
        assert "Origin" in cors_client.get("/api/v1/catalog", headers=headers).vary
    assert "Origin" not in client.get("/api/v1/catalog").vary
