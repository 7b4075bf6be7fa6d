"""Data for the single sign-on scenarios, made with the provider's own code against the bench
database: OAuth clients, a pool of single-use refresh tokens, a citizen's access token, and
prepared sign-in forms (a real CSRF token and cookie each, as a browser would hold them)."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import uuid
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from bench.database import database_url

PASSWORD = "Bench-Sandi-Kuat-2026!"  # noqa: S105 - the bench citizens' password, loopback only
REDIRECT_URI = "https://bench.contoh.id/callback"
USER_SCOPE = "openid profile"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SIGN_IN_ACCOUNTS = 16  # one prepared sign-in form each: no single account's row is a hot spot


@contextmanager
def _provider(base_url: str):
    """The app, inside a request for the served issuer (tokens must name it)."""
    from app import create_app
    from app.db import session

    app = create_app({"DATABASE_URL": database_url(), "LOG_LEVEL": "WARNING"})
    try:
        with app.test_request_context("/", base_url=base_url + "/"):
            yield app
            session.remove()
    finally:
        app.extensions["satupintu.engine"].dispose()


def _citizen(email: str, full_name: str = "Warga Uji Masuk", password: str = PASSWORD):
    """The bench citizen with this verified email, made on the first run."""
    from sqlalchemy import select

    from app.db import session, utcnow
    from auth.accounts.models import Account
    from auth.accounts.records import build_account

    account = session.scalar(select(Account).where(Account.email == email))
    if account is None:
        account = build_account(full_name=full_name, password=password, email=email)
        account.email_verified_at = utcnow()
        session.add(account)
        session.commit()
    return account


def _client(app, *, name: str, public: bool, grant_types: list[str], scopes: list[str]):
    """A new client each run (its secret is only known when it is registered)."""
    from auth.oidc.clients import create_client
    from auth.oidc.server import supported_scopes

    return create_client(name=name, public=public, auth_method="none" if public else "client_secret_basic",
                         redirect_uris=[REDIRECT_URI] if "authorization_code" in grant_types else [],
                         grant_types=grant_types, scopes=scopes, known_scopes=set(supported_scopes(app)))


def client_credentials(base_url: str) -> list[tuple]:
    """An agency back-end asks for a token with its id and secret (client_secret_basic)."""
    from auth.oidc.grants import USER_ONLY_SCOPES
    from auth.oidc.server import supported_scopes

    with _provider(base_url) as app:
        scopes = [s for s in supported_scopes(app) if s not in USER_ONLY_SCOPES][:3]
        row, secret = _client(app, name="Bench back-end", public=False, grant_types=["client_credentials"],
                              scopes=scopes)
        basic = base64.b64encode(f"{row.client_id}:{secret}".encode()).decode()
    return [("/oauth/token", {**FORM, "Authorization": f"Basic {basic}"},
             "grant_type=client_credentials")]  # no scope asked: all the client may have


def refresh_tokens(base_url: str, count: int) -> list[tuple]:
    """`count` live refresh tokens of a public (mobile) client, each in its own grant as each
    device's would be; every one may be presented once (rotation)."""
    from app.db import session, utcnow
    from auth.oidc import crypto, store

    with _provider(base_url) as app:
        account = _citizen("warga-refresh@contoh.id")
        row, _secret = _client(app, name="Bench mobile", public=True,
                               grant_types=["authorization_code", "refresh_token"], scopes=USER_SCOPE.split())
        now = utcnow() - timedelta(minutes=1)
        values = [crypto.new_token() for _ in range(count)]
        for value in values:
            grant = store.create_grant(grant_id=uuid.uuid4(), client_id=row.client_id, account_id=account.id,
                                       scope=USER_SCOPE, auth_time=now, acr="aal1", amr=["pwd"],
                                       sso_session_id=None)
            store.add_refresh_token(value, grant_id=grant.id, client_id=row.client_id, scope=USER_SCOPE)
        session.commit()
        client_id = row.client_id
    return [("/oauth/token", FORM, urlencode({"grant_type": "refresh_token", "refresh_token": value,
                                              "client_id": client_id}))
            for value in values]


def me_token(base_url: str) -> str:
    """A citizen's RFC 9068 access token (scope openid profile) through a live grant."""
    with _provider(base_url) as app:
        account = _citizen("warga-me@contoh.id")
        row, _secret = _client(app, name="Bench me", public=True,
                               grant_types=["authorization_code", "refresh_token"], scopes=USER_SCOPE.split())
        return _user_token(account, row, USER_SCOPE)


def _user_token(account, row, scope: str) -> str:
    """An access token of `account` for client `row`, through a live grant made now (committed),
    as a sign-in with a password would leave it; minted directly, valid for an hour."""
    from app.db import session, utcnow
    from auth.oidc import store
    from auth.oidc.clients import RegisteredClient
    from auth.oidc.tokens import UserContext, mint_access_token

    now = utcnow()
    grant = store.create_grant(grant_id=uuid.uuid4(), client_id=row.client_id, account_id=account.id,
                               scope=scope, auth_time=now, acr="aal1", amr=["pwd"], sso_session_id=None)
    session.commit()
    context = UserContext(account=account, grant_id=grant.id, auth_time=now, acr="aal1", amr=("pwd",),
                          scope=scope)
    return mint_access_token(client=RegisteredClient.from_row(row), scope=scope, user=context, ttl=3600)


def sign_in_forms(base_url: str) -> list[tuple]:
    """For each of SIGN_IN_ACCOUNTS citizens, the sign-in form a browser was shown for a real
    authorization request (cookie, CSRF token and ticket from the page), filled in and ready to
    post. Flask-WTF's CSRF token stays valid for its time limit, so each form may be posted again."""
    from bench.scenarios import fetch

    with _provider(base_url) as app:
        emails = [f"warga-masuk-{n:02d}@contoh.id" for n in range(SIGN_IN_ACCOUNTS)]
        for email in emails:
            _citizen(email)
        row, _secret = _client(app, name="Bench web", public=True, grant_types=["authorization_code"],
                               scopes=USER_SCOPE.split())
        client_id = row.client_id
    forms = []
    for email in emails:
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        authorize = "/oauth/authorize?" + urlencode({
            "response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT_URI,
            "scope": USER_SCOPE,
            "state": secrets.token_urlsafe(12), "nonce": secrets.token_urlsafe(12),
            "code_challenge": challenge, "code_challenge_method": "S256"})
        to_login = fetch(base_url, (authorize, {}))
        location = urlsplit(to_login.headers["Location"])
        ticket = parse_qs(location.query)["ticket"][0]
        page = fetch(base_url, (f"{location.path}?{location.query}", {}))
        csrf = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.body).group(1).decode()
        cookie = "; ".join(value.split(";", 1)[0] for name, value in page.headers.items()
                           if name.lower() == "set-cookie")
        forms.append((location.path, {**FORM, "Cookie": cookie},
                      urlencode({"csrf_token": csrf, "ticket": ticket, "identifier": email,
                                 "password": PASSWORD})))
    return forms
