"""The runtime switch: a disabled module's endpoints answer 404 and its entries leave the catalog,
in every app process within seconds, with no restart; enabling brings them back."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from app.catalog.service import sync_modules
from app.testing.net import free_port

ANNOUNCEMENTS = "/api/v1/pengumuman/announcements"


def catalog_modules(client):
    return {item["module"] for item in client.get("/api/v1/catalog?per_page=100").get_json()["items"]}


def test_admin_api_switches_a_module_off_and_on(app, client, db_session, admin_headers):
    sync_modules(app.extensions["satupintu.modules"].values())
    assert client.get(ANNOUNCEMENTS).status_code == 200
    assert "pengumuman" in catalog_modules(client)

    response = client.post("/api/v1/admin/services/pengumuman/disable", headers=admin_headers)
    assert response.status_code == 200 and response.get_json()["enabled"] is False
    off = client.get(ANNOUNCEMENTS)
    assert off.status_code == 404
    assert off.mimetype == "application/problem+json"
    assert off.get_json()["type"] == "urn:satupintu:problem:service-disabled"
    assert "pengumuman" not in catalog_modules(client)

    client.post("/api/v1/admin/services/pengumuman/enable", headers=admin_headers)
    assert client.get(ANNOUNCEMENTS).status_code == 200
    assert "pengumuman" in catalog_modules(client)


def test_admin_api_lists_modules_and_refuses_unknown_ones(client, admin_headers):
    listed = client.get("/api/v1/admin/services", headers=admin_headers).get_json()
    assert {"slug": "pengumuman", "enabled": True}.items() <= listed[0].items()
    assert client.post("/api/v1/admin/services/nope/disable", headers=admin_headers).status_code == 404


def test_switch_needs_a_platform_admin(client):
    response = client.post("/api/v1/admin/services/pengumuman/disable")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = {"Authorization": "Bearer not-the-operator-token-but-long-enough-xx"}
    assert client.post("/api/v1/admin/services/pengumuman/disable", headers=wrong).status_code == 401


def test_cli_switches_a_module(app, client, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["services", "disable", "pengumuman"])
    assert result.exit_code == 0, result.output
    assert client.get(ANNOUNCEMENTS).status_code == 404
    listing = runner.invoke(args=["services", "list"]).output
    assert "pengumuman" in listing and "disabled" in listing
    assert runner.invoke(args=["services", "enable", "pengumuman"]).exit_code == 0
    assert client.get(ANNOUNCEMENTS).status_code == 200
    assert runner.invoke(args=["services", "disable", "nope"]).exit_code != 0


# --- every process follows: gunicorn with two workers, switched from another process ---------

_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _statuses(port: int, count: int) -> set[int]:
    seen = set()
    for _ in range(count):
        try:
            with _direct.open(f"http://127.0.0.1:{port}{ANNOUNCEMENTS}", timeout=15) as response:
                seen.add(response.status)
        except urllib.error.HTTPError as error:
            seen.add(error.code)
        except (urllib.error.URLError, OSError):
            seen.add(0)  # not listening yet, or a worker still booting
    return seen


def _wait_for(port: int, expected: int, deadline: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if _statuses(port, 12) == {expected}:
            return time.monotonic() - started
        time.sleep(0.2)
    pytest.fail(f"workers did not all answer {expected} within {deadline} s")


def test_every_worker_process_follows_the_switch_within_seconds(scratch_database_url):
    env = {**os.environ, "SATUPINTU_DATABASE_URL": scratch_database_url,
           "SATUPINTU_SERVICES_STATE_TTL": "1", "SATUPINTU_LOG_LEVEL": "WARNING",
           "FLASK_APP": "wsgi:app"}
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "reference", "load"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "wsgi:app"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, 200, 60)  # both workers booted and answering
        subprocess.run([*flask, "services", "disable", "pengumuman"], env=env, check=True,
                       capture_output=True)
        assert _wait_for(port, 404, 10) < 5
        subprocess.run([*flask, "services", "enable", "pengumuman"], env=env, check=True,
                       capture_output=True)
        assert _wait_for(port, 200, 10) < 5
    finally:
        server.terminate()
        server.wait(timeout=15)
