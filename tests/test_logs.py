"""Logs are one JSON object per line, and lines written while serving a request carry its id."""

from __future__ import annotations

import io
import json
import logging

import pytest

from app import create_app
from app.logs import make_handler


@pytest.fixture
def json_log():
    """Every record of the process, written as the production (LOG_JSON) handler writes it."""
    stream = io.StringIO()
    handler = make_handler(json_lines=True, stream=stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_lines_written_during_a_request_are_json_with_its_request_id(app_config, json_log):
    app = create_app({**app_config, "LOG_JSON": True,
                      "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/gone_test"}, services=[])
    response = app.test_client().get("/readyz", headers={"X-Request-ID": "trace-0001-abcd"})
    assert response.status_code == 503
    lines = [line for line in json_log() if line["logger"] == "satupintu.health"]
    assert lines
    for line in lines:
        assert line["request_id"] == "trace-0001-abcd"
        assert line["level"] == "WARNING"
        assert {"time", "message"} <= line.keys()
    assert "database unreachable" in lines[0]["message"]


def test_lines_outside_a_request_have_no_request_id(json_log):
    logging.getLogger("satupintu.test").warning("starting up")
    (line,) = [line for line in json_log() if line["logger"] == "satupintu.test"]
    assert line["message"] == "starting up"
    assert line["request_id"] is None


def test_a_crash_is_logged_as_one_json_line_with_the_traceback(app_config, json_log, db_session):
    from platform_probe import SECRET, probe_app

    app = probe_app(app_config)
    response = app.test_client().get("/api/v1/probe/crash")
    assert response.status_code == 500
    (line,) = [line for line in json_log() if line["logger"] == "satupintu.api"]
    assert line["level"] == "ERROR"
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert SECRET in line["exc_info"]
