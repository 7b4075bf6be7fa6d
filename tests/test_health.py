"""Load balancer probes: /healthz (the process answers) and /readyz (its dependencies answer)."""

from __future__ import annotations

import pytest

from app import create_app

# Nothing listens on port 1 of this machine: connections are refused at once.
UNREACHABLE_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/gone_test"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(scope="module")
def app_without_database(app_config):
    return create_app({**app_config, "DATABASE_URL": UNREACHABLE_DATABASE}, services=[])


def test_healthz_answers_without_touching_dependencies(client, app_without_database):
    for probe_client in (client, app_without_database.test_client()):
        response = probe_client.get("/healthz")
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok"}


def test_readyz_is_200_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_with_retry_after_when_the_database_is_gone(app_without_database):
    response = app_without_database.test_client().get("/readyz")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json() == {"status": "unavailable", "checks": {"database": "unreachable"}}
    assert "127.0.0.1" not in response.get_data(as_text=True)


def test_readyz_checks_redis_when_configured(client, override_config, redis_url):
    override_config(REDIS_URL=redis_url)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}


def test_readyz_is_503_when_redis_is_gone(client, override_config):
    override_config(REDIS_URL=UNREACHABLE_REDIS)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json()["checks"] == {"database": "ok", "redis": "unreachable"}
