"""Codes and refresh tokens presented twice at the same moment: exactly one wins, and the
grant it created is revoked. Real threads and connections (SQLite here, PostgreSQL when
SATUPINTU_DATABASE_URL points at it), so the rows are committed and removed afterwards."""

from __future__ import annotations

import secrets
import threading
from datetime import date

import pytest
from sqlalchemy import delete

from app.db import session, utcnow
from oidc.browser import REDIRECT, pkce_pair

ROUNDS = 4


@pytest.fixture
def committed(app, oidc_signing_keys):
    from auth.accounts.models import Account
    from auth.accounts.records import build_account
    from auth.oidc.clients import create_client
    from auth.oidc.models import Client
    from auth.oidc.server import supported_scopes

    with app.app_context():
        account = build_account(
            full_name="Warga Serentak",
            password="kata sandi serentak sekali",
            email=f"serentak-{secrets.token_hex(4)}@contoh.id",
            birth_date=date(1990, 1, 1),
        )
        session.add(account)
        session.commit()
        row, _secret = create_client(
            name="Serentak",
            public=True,
            auth_method="none",
            redirect_uris=[REDIRECT],
            grant_types=["authorization_code", "refresh_token"],
            scopes=["openid"],
            known_scopes=set(supported_scopes(app)),
        )
        ids = (account.id, row.client_id)
        session.remove()
    yield ids
    with app.app_context():
        session.execute(delete(Client).where(Client.client_id == ids[1]))
        session.execute(delete(Account).where(Account.id == ids[0]))  # cascades to codes, grants, tokens
        session.commit()
        session.remove()


def _new_code(app, account_id, client_id) -> tuple[str, str]:
    from auth.oidc import store

    verifier, challenge = pkce_pair()
    code = secrets.token_urlsafe(32)
    with app.app_context():
        store.save_code(
            code,
            client_id=client_id,
            account_id=account_id,
            sso_session_id=None,
            redirect_uri=REDIRECT,
            scope="openid",
            nonce=None,
            code_challenge=challenge,
            code_challenge_method="S256",
            auth_time=utcnow(),
            acr="aal1",
            amr=["pwd"],
        )
        session.remove()
    return code, verifier


def _race(app, form: dict) -> list:
    barrier = threading.Barrier(2)
    responses = [None, None]

    def redeem(index: int) -> None:
        http = app.test_client()
        barrier.wait()
        responses[index] = http.post("/oauth/token", data=form)

    threads = [threading.Thread(target=redeem, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def _still_valid(app, access_token: str) -> bool:
    from auth.oidc.authn import authenticate

    with app.test_request_context("/"):
        valid = authenticate(access_token) is not None
        session.remove()
    return valid


def test_concurrent_code_redemptions_one_wins_and_its_tokens_are_revoked(app, committed):
    account_id, client_id = committed
    for _ in range(ROUNDS):
        code, verifier = _new_code(app, account_id, client_id)
        responses = _race(
            app,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT,
                "code_verifier": verifier,
                "client_id": client_id,
            },
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 400], [r.get_json() for r in responses]
        winner = next(r for r in responses if r.status_code == 200).get_json()
        loser = next(r for r in responses if r.status_code == 400).get_json()
        assert loser["error"] == "invalid_grant"
        assert not _still_valid(app, winner["access_token"])
        refreshed = app.test_client().post(
            "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": winner["refresh_token"],
                "client_id": client_id,
            },
        )
        assert refreshed.get_json()["error"] == "invalid_grant"


def test_concurrent_refresh_one_wins_and_the_family_is_revoked(app, committed):
    account_id, client_id = committed
    for _ in range(ROUNDS):
        code, verifier = _new_code(app, account_id, client_id)
        tokens = (
            app.test_client()
            .post(
                "/oauth/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": REDIRECT,
                    "code_verifier": verifier,
                    "client_id": client_id,
                },
            )
            .get_json()
        )
        responses = _race(
            app,
            {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": client_id},
        )
        assert sorted(r.status_code for r in responses) == [200, 400], [r.get_json() for r in responses]
        winner = next(r for r in responses if r.status_code == 200).get_json()
        assert not _still_valid(app, winner["access_token"])
