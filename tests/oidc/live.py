"""The provider served by gunicorn (two workers) on a loopback port, with its own SQLite
database, a citizen and a confidential client: for tests that drive it over real HTTP."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.testing.net import free_port

ROOT = Path(__file__).resolve().parents[2]

PASSWORD = "teh manis hangat sore hari"
APP_REDIRECT = "http://127.0.0.1:8765/callback"  # never contacted: tests read the redirect themselves
APP_LOGOUT = "http://127.0.0.1:8765/bye"


@dataclass(frozen=True)
class LiveProvider:
    base_url: str
    email: str
    password: str
    client_id: str
    client_secret: str


def _prepare(env: dict[str, str], email: str) -> tuple[str, str]:
    """Migrate the database and register the citizen and the client through the app's own code."""
    from app import create_app, migrate
    from app.db import session, utcnow
    from auth.accounts.records import build_account
    from auth.oidc.clients import create_client
    from auth.oidc.keys import ensure_keys
    from auth.oidc.server import supported_scopes

    config = {
        key.removeprefix("SATUPINTU_"): value for key, value in env.items() if key.startswith("SATUPINTU_")
    }
    app = create_app({**config, "LOG_JSON": False})
    migrate.upgrade(app)
    with app.app_context():
        ensure_keys()
        account = build_account(
            full_name="Siti Rahayu", password=PASSWORD, email=email, birth_date=date(1988, 3, 9)
        )
        account.email_verified_at = utcnow()
        session.add(account)
        session.commit()
        row, secret = create_client(
            name="Portal Uji E2E",
            public=False,
            auth_method="client_secret_basic",
            redirect_uris=[APP_REDIRECT],
            post_logout_redirect_uris=[APP_LOGOUT],
            grant_types=["authorization_code", "refresh_token"],
            scopes=["openid", "profile", "email"],
            known_scopes=set(supported_scopes(app)),
        )
        session.remove()
    app.extensions["satupintu.engine"].dispose()
    return row.client_id, secret


def _wait_ready(process: subprocess.Popen, url: str, log: Path) -> None:
    for _ in range(150):  # about 30 seconds
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        with suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


@contextmanager
def _gunicorn(env: dict[str, str], port: int, log: Path):
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(process, f"http://127.0.0.1:{port}/healthz", log)
        yield
    finally:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its own group: leftover workers, if any
        process.wait(timeout=5)


@contextmanager
def live_provider(tmp_path: Path):
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SATUPINTU_DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}",
        "SATUPINTU_SECRET_KEY": secrets.token_urlsafe(32),
        "SATUPINTU_ENV": "development",  # plain http on loopback: cookies without Secure
        "SATUPINTU_OIDC_ISSUER": base_url,
        "SATUPINTU_LOG_LEVEL": "WARNING",
    }
    email = f"siti-{secrets.token_hex(3)}@contoh.id"
    client_id, secret = _prepare(env, email)
    with _gunicorn(env, port, tmp_path / "gunicorn.log"):
        yield LiveProvider(base_url, email, PASSWORD, client_id, secret)
