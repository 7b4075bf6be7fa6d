"""Flask's and Werkzeug's own errors (404, 405, 413, 415) come out as localised problem+json."""

from __future__ import annotations

import pytest
from platform_probe import assert_problem, probe_app

BODY_LIMIT = 1024


@pytest.fixture(scope="module")
def probe(app, app_config):
    return probe_app(app_config, MAX_CONTENT_LENGTH=BODY_LIMIT)


@pytest.fixture
def probe_client(probe, db_session):
    return probe.test_client()


@pytest.mark.parametrize("path", ["/no/such/page", "/api/v1/no-such-thing", "/api/v1/catalog/not-a-uuid"])
def test_unknown_url_is_a_problem(client, path):
    body = assert_problem(client.get(path), 404)
    assert body["type"] == "urn:satupintu:problem:not-found"
    assert body["title"] == "Tidak ditemukan"


def test_unknown_url_in_english(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "en-GB,en;q=0.9"})
    body = assert_problem(response, 404)
    assert body["title"] == "Not found"
    assert response.headers["Content-Language"] == "en"


@pytest.mark.parametrize("header", ["fr-FR", "zz", "*", "en;q=0", ";;;q=x,", "x" * 500])
def test_unknown_or_malformed_locale_falls_back_to_indonesian(client, header):
    response = client.get("/no/such/page", headers={"Accept-Language": header})
    assert assert_problem(response, 404)["title"] == "Tidak ditemukan"
    assert response.headers["Content-Language"] == "id"


def test_wrong_method_is_405_with_allow(client):
    response = client.delete("/api/v1/catalog")
    body = assert_problem(response, 405)
    assert body["type"] == "urn:satupintu:problem:method-not-allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    assert "DELETE" not in response.headers["Allow"]


def test_unknown_method_is_405(client):
    assert_problem(client.open("/api/v1/catalog", method="PROPFIND"), 405)


def test_body_over_the_limit_is_413(probe_client):
    response = probe_client.post("/api/v1/probe/people", data="x" * (BODY_LIMIT + 1),
                                 content_type="application/json")
    body = assert_problem(response, 413)
    assert body["type"] == "urn:satupintu:problem:payload-too-large"
    assert str(BODY_LIMIT) in body["detail"]


def test_body_within_the_limit_is_read(probe_client):
    response = probe_client.post("/api/v1/probe/people", json={"name": "Siti", "age": 30})
    assert response.status_code == 200
    assert response.get_json() == {"name": "Siti", "age": 30}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/xml"])
def test_non_json_body_is_415(probe_client, content_type):
    response = probe_client.post("/api/v1/probe/people", data="name=Siti", content_type=content_type)
    body = assert_problem(response, 415)
    assert body["type"] == "urn:satupintu:problem:unsupported-media-type"
    assert "application/json" in body["detail"]


def test_json_with_charset_parameter_is_accepted(probe_client):
    response = probe_client.post("/api/v1/probe/people", data='{"name": "Siti"}',
                                 content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_body_on_an_unknown_url_is_404_not_415(probe_client):
    assert_problem(probe_client.post("/api/v1/probe/nowhere", data="x", content_type="text/plain"), 404)


def test_body_with_a_wrong_method_is_405_not_415(client):
    response = client.post("/api/v1/catalog", data="x", content_type="text/plain")
    assert_problem(response, 405)


def test_admin_post_with_non_json_body_is_415(client, admin_headers):
    response = client.post("/api/v1/admin/services/pengumuman/enable", data="on",
                           content_type="text/plain", headers=admin_headers)
    assert_problem(response, 415)
