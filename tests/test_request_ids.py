"""Every response carries a request id; a caller's own id is reused only when it is safe."""

from __future__ import annotations

import re

import pytest
from platform_probe import assert_problem
from werkzeug.test import EnvironBuilder, run_wsgi_app

GENERATED = re.compile(r"^[0-9a-f]{32}$")


def test_every_response_has_a_request_id(client):
    ok = client.get("/healthz")
    assert GENERATED.match(ok.headers["X-Request-ID"])
    other = client.get("/healthz")
    assert other.headers["X-Request-ID"] != ok.headers["X-Request-ID"]


@pytest.mark.parametrize("incoming", ["abc12345", "req-2024.01:node_7", "A" * 128,
                                      "0f8fad5b-d9cb-469f-a165-70867728950e"])
def test_a_safe_incoming_request_id_is_reused(client, incoming):
    response = client.get("/no/such/page", headers={"X-Request-ID": incoming})
    assert response.headers["X-Request-ID"] == incoming
    assert assert_problem(response, 404)["request_id"] == incoming


@pytest.mark.parametrize("incoming", ["short", "A" * 129, "has space-12345", "<script>alert(1)</script>",
                                      "semi;colon-1234", "ünïcode-12345", ""])
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/no/such/page", headers={"X-Request-ID": incoming})
    body = assert_problem(response, 404)
    assert GENERATED.match(body["request_id"])


@pytest.mark.parametrize("incoming", ["abcdefgh\n", "abcdefgh\r\nSet-Cookie: x=1"])
def test_a_request_id_with_line_breaks_is_replaced(app, db_session, incoming):
    # The test client refuses such headers, so build the WSGI environ by hand, as a lax server might.
    environ = EnvironBuilder("/healthz").get_environ()
    environ["HTTP_X_REQUEST_ID"] = incoming
    _body, status, headers = run_wsgi_app(app, environ)
    assert status.startswith("200")
    assert GENERATED.match(headers["X-Request-ID"])
