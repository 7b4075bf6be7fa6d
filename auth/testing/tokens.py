"""Token fixtures (token_for, OAuth clients) for the test kit.

    def test_vehicles(client, citizen, token_for):
        token = token_for("pajak.vehicles:read", user=citizen)
        client.get("/api/v1/pajak/vehicles", headers={"Authorization": f"Bearer {token}"})

Tokens are real: minted and signed by the provider's own code, for the issuer the test
client talks to (http://localhost), and checked by the same authenticator as in production.
"""

from __future__ import annotations

import uuid

import pytest

TEST_ISSUER_BASE = "http://localhost/"


@pytest.fixture(scope="session")
def oidc_signing_keys(app):
    """Signing keys committed once for the whole session (tests roll back their own rows)."""
    from app.db import session
    from auth.oidc.keys import ensure_keys, keyring

    with app.app_context():
        ensure_keys()
        keyring().invalidate()
        session.remove()


@pytest.fixture
def make_oauth_client(app, db_session, oidc_signing_keys):
    """`make_oauth_client(public=True, **registration)` -> (client row, secret or None)."""
    from auth.oidc.clients import create_client
    from auth.oidc.server import supported_scopes

    def make(*, public: bool = True, name: str = "Aplikasi Uji", auth_method: str | None = None,
             redirect_uris=("https://app.contoh.id/callback",), grant_types=None, scopes=None, **more):
        return create_client(
            name=name, public=public,
            auth_method=auth_method or ("none" if public else "client_secret_basic"),
            redirect_uris=list(redirect_uris),
            grant_types=list(grant_types or ["authorization_code", "refresh_token"]),
            scopes=list(scopes or supported_scopes(app)), known_scopes=set(supported_scopes(app)), **more)

    return make


@pytest.fixture
def public_client(make_oauth_client):
    """A mobile-app style public client (PKCE, no secret) allowed every scope."""
    row, _secret = make_oauth_client(public=True, name="SatuPintu Mobile")
    return row


@pytest.fixture
def confidential_client(make_oauth_client):
    """A web back-end client using client_secret_basic; its secret is `client.test_secret`."""
    row, secret = make_oauth_client(public=False, name="Portal Web",
                                    grant_types=["authorization_code", "refresh_token", "client_credentials"])
    row.test_secret = secret
    return row


@pytest.fixture
def token_for(app, db_session, oidc_signing_keys, make_oauth_client):
    """`token_for(*scopes, user=account)`: a signed RFC 9068 access token.

    With `user`, the token belongs to that account through a live grant (suspending the
    account or revoking the grant stops it); without, it is a client-credentials token of a
    test back-end client (pass `agency=` to set its agency)."""
    from app.db import session, utcnow
    from auth.oidc import store
    from auth.oidc.clients import RegisteredClient
    from auth.oidc.tokens import UserContext, mint_access_token

    clients: dict = {}

    def registered(agency: str | None):
        if agency not in clients:
            row, _secret = make_oauth_client(public=False, name="Klien Uji", agency=agency,
                                             grant_types=["authorization_code", "client_credentials"])
            clients[agency] = RegisteredClient.from_row(row)
        return clients[agency]

    def mint(*scopes: str, user=None, agency: str | None = None, acr: str = "aal1") -> str:
        client = registered(agency)
        scope = " ".join(scopes)
        context = None
        if user is not None:
            now = utcnow()
            grant = store.create_grant(grant_id=uuid.uuid4(), client_id=client.client_id, account_id=user.id,
                                       scope=scope, auth_time=now, acr=acr, amr=["pwd"], sso_session_id=None)
            session.commit()  # the session create_grant used: a request may have replaced db_session's
            context = UserContext(account=user, grant_id=grant.id, auth_time=now, acr=acr, amr=("pwd",),
                                  scope=scope)
        with app.test_request_context("/", base_url=TEST_ISSUER_BASE):
            return mint_access_token(client=client, scope=scope, user=context)

    return mint
