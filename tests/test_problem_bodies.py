"""Errors about what the client sent (422, malformed JSON) and about the server (500, 503)."""

from __future__ import annotations

import json

import pytest
from platform_probe import SECRET, assert_problem, probe_app

from app import create_app

INVALID_PERSON = {"name": "S", "age": -1, "role": "admin"}


@pytest.fixture(scope="module")
def probe(app, app_config):
    return probe_app(app_config)


@pytest.fixture
def probe_client(probe, db_session):
    return probe.test_client()


def test_invalid_fields_are_422_with_indonesian_messages_per_field(probe_client):
    body = assert_problem(probe_client.post("/api/v1/probe/people", json=INVALID_PERSON), 422)
    assert body["type"] == "urn:satupintu:problem:invalid-fields"
    assert body["title"] == "Data tidak valid"
    assert body["errors"] == {
        "name": ["Panjang harus antara 2 dan 20."],
        "age": ["Harus paling sedikit 0."],
        "role": ["Isian tidak dikenal."],
    }


def test_invalid_fields_are_422_with_english_messages_per_field(probe_client):
    response = probe_client.post("/api/v1/probe/people", json=INVALID_PERSON,
                                 headers={"Accept-Language": "en-US,en;q=0.8,id;q=0.5"})
    body = assert_problem(response, 422)
    assert body["title"] == "Invalid fields"
    assert body["errors"] == {
        "name": ["Length must be between 2 and 20."],
        "age": ["Must be greater than or equal to 0."],
        "role": ["Unknown field."],
    }


@pytest.mark.parametrize("payload", ["", "{}", "[]", '"text"', "null", "42"])
def test_empty_or_non_object_json_is_422(probe_client, payload):
    response = probe_client.post("/api/v1/probe/people", data=payload, content_type="application/json")
    assert assert_problem(response, 422)["errors"]


def test_wrong_types_are_422(probe_client):
    response = probe_client.post("/api/v1/probe/people", json={"name": ["a"], "age": "tua"})
    assert assert_problem(response, 422)["errors"] == {
        "name": ["Bukan teks yang valid."],
        "age": ["Bukan bilangan bulat yang valid."],
    }


def test_unknown_query_parameter_is_422(client):
    body = assert_problem(client.get("/api/v1/catalog", query_string={"sort": "title"}), 422)
    assert body["errors"] == {"sort": ["Isian tidak dikenal."]}


def test_huge_page_size_is_422(client):
    response = client.get("/api/v1/catalog", query_string={"per_page": 10**9},
                          headers={"Accept-Language": "en"})
    expected = ["Must be greater than or equal to 1 and less than or equal to 100."]
    assert assert_problem(response, 422)["errors"] == {"per_page": expected}


@pytest.mark.parametrize("payload", [
    '{"name": ', "{'name': 'Siti'}", '{"name": "Siti",}', "not json", b'{"name": "\xff\xfe"}',
    "[" * 100_000 + "]" * 100_000,  # deeper than the decoder's recursion limit
])
def test_malformed_json_is_400(probe_client, payload):
    response = probe_client.post("/api/v1/probe/people", data=payload, content_type="application/json")
    body = assert_problem(response, 400)
    assert body["type"] == "urn:satupintu:problem:malformed-json"


def test_unexpected_error_is_500_without_internals(probe_client, caplog):
    response = probe_client.get("/api/v1/probe/crash", headers={"Accept-Language": "en"})
    body = assert_problem(response, 500)
    assert body["type"] == "urn:satupintu:problem:internal-error"
    text = response.get_data(as_text=True)
    for leak in (SECRET, "Traceback", "RuntimeError", "platform_probe", ".py"):
        assert leak not in text
    assert set(body) == {"type", "title", "status", "detail", "request_id"}
    # The operators get the details in the log instead.
    assert any(r.exc_info and SECRET in str(r.exc_info[1]) for r in caplog.records)


@pytest.fixture(scope="module")
def app_without_database(app_config):
    # Nothing listens on port 1: connecting fails at once with "connection refused".
    return create_app({**app_config, "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/gone_test"})


@pytest.mark.parametrize("path", ["/api/v1/catalog", "/api/v1/catalog/categories",
                                  "/api/v1/pengumuman/announcements"])
def test_database_unavailable_is_503_with_retry_after(app_without_database, path):
    response = app_without_database.test_client().get(path)
    body = assert_problem(response, 503)
    assert body["type"] == "urn:satupintu:problem:unavailable"
    assert int(response.headers["Retry-After"]) > 0
    assert "127.0.0.1" not in json.dumps(body)
