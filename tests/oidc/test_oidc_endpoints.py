"""Discovery, JWKS and key rotation, UserInfo, revocation, introspection and logout."""

from __future__ import annotations

import base64

from joserfc import jwt
from joserfc.jwk import KeySet

from oidc.browser import Browser, form_field
from oidc.conftest import bearer


def _basic(client_id: str, secret: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def test_discovery_documents(client, oidc_signing_keys):
    oidc = client.get("/.well-known/openid-configuration").get_json()
    assert oidc["issuer"] == "http://localhost"
    assert oidc["code_challenge_methods_supported"] == ["S256"]
    assert oidc["response_types_supported"] == ["code"]
    assert {"RS256", "ES256"} <= set(oidc["id_token_signing_alg_values_supported"])
    assert {"openid", "profile", "email", "phone", "address", "offline_access", "nik"} <= set(
        oidc["scopes_supported"]
    )
    assert "private_key_jwt" in oidc["token_endpoint_auth_methods_supported"]
    assert "password" not in oidc["grant_types_supported"] and "implicit" not in oidc["grant_types_supported"]
    rfc8414 = client.get("/.well-known/oauth-authorization-server").get_json()
    assert rfc8414["token_endpoint"] == oidc["token_endpoint"] == "http://localhost/oauth/token"


def test_module_scopes_are_supported(app):
    module_scopes = {scope.name for scope in app.extensions["satupintu.scopes"].all()}
    assert module_scopes <= set(app.config["OAUTH2_SCOPES_SUPPORTED"])


def test_jwks_publishes_every_algorithm_with_kids(client, oidc_signing_keys):
    keys = client.get("/oauth/jwks").get_json()["keys"]
    assert {key["alg"] for key in keys} >= {"RS256", "ES256"}
    assert all(key["kid"] and key["use"] == "sig" for key in keys)
    assert not any("d" in key or "p" in key for key in keys)  # public parts only


def test_private_keys_are_encrypted_at_rest(db_session, oidc_signing_keys):
    from auth.oidc.models import SigningKey

    for row in db_session.query(SigningKey):
        assert b"PRIVATE KEY" not in row.private_key


def test_key_rotation_keeps_old_keys_published_until_their_tokens_expire(
    app, client, browser, citizen, override_config
):
    from auth.oidc.keys import keyring, rotate

    old = browser.tokens(citizen)
    old_kid = jwt.decode(
        old["access_token"], KeySet.import_key_set(client.get("/oauth/jwks").get_json())
    ).header["kid"]
    try:
        with app.test_request_context("/"):
            new_kids = rotate()
        published = {key["kid"] for key in client.get("/oauth/jwks").get_json()["keys"]}
        assert old_kid in published and set(new_kids) <= published
        assert client.get("/api/v1/me", headers=bearer(old["access_token"])).status_code == 200
        fresh = browser.redeem(browser.code(citizen)).get_json()
        assert (
            jwt.decode(
                fresh["access_token"], KeySet.import_key_set(client.get("/oauth/jwks").get_json())
            ).header["kid"]
            in new_kids
        )
        # once every token the old key signed has expired, it is no longer published
        override_config(OIDC_ACCESS_TOKEN_TTL=-100, OIDC_ID_TOKEN_TTL=-100, OIDC_LEEWAY=0)
        keyring(app).invalidate()
        assert old_kid not in {key["kid"] for key in client.get("/oauth/jwks").get_json()["keys"]}
    finally:
        keyring(app).invalidate()


def test_keys_rotate_cli(app, db_session, oidc_signing_keys):
    from auth.oidc.keys import keyring

    try:
        result = app.test_cli_runner().invoke(args=["keys", "rotate"])
        assert result.exit_code == 0, result.output
        assert result.output.count("new active key") == 2
        listing = app.test_cli_runner().invoke(args=["keys", "list"]).output
        assert "retired" in listing and "active" in listing
    finally:
        keyring(app).invalidate()


def test_userinfo_claims_follow_the_scopes(client, browser, citizen):
    info = client.get(
        "/oauth/userinfo", headers=bearer(browser.tokens(citizen, scope="openid email")["access_token"])
    ).get_json()
    assert (
        info["email"] == citizen.email
        and "name" not in info
        and "nik" not in info
        and "phone_number" not in info
    )


def test_nik_only_for_clients_allowed_the_nik_scope(client, make_oauth_client, citizen):
    from auth.accounts.service import reveal_nik

    limited, _ = make_oauth_client(public=True, scopes=["openid", "profile"])
    app = Browser(client, limited)
    tokens = app.tokens(citizen, scope="openid profile nik")
    assert "nik" not in tokens["scope"].split()
    assert "nik" not in client.get("/oauth/userinfo", headers=bearer(tokens["access_token"])).get_json()

    allowed, _ = make_oauth_client(public=True, scopes=["openid", "nik"])
    nik_app = Browser(client, allowed)
    tokens = nik_app.tokens(citizen, scope="openid nik")
    assert client.get("/oauth/userinfo", headers=bearer(tokens["access_token"])).get_json()[
        "nik"
    ] == reveal_nik(citizen)


def test_userinfo_bearer_errors(client, token_for, citizen):
    missing = client.get("/oauth/userinfo")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    invalid = client.get("/oauth/userinfo", headers=bearer("garbage"))
    assert invalid.status_code == 401 and 'error="invalid_token"' in invalid.headers["WWW-Authenticate"]
    assert invalid.get_json()["error"] == "invalid_token"
    no_openid = client.get("/oauth/userinfo", headers=bearer(token_for("profile", user=citizen)))
    assert (
        no_openid.status_code == 403 and 'error="insufficient_scope"' in no_openid.headers["WWW-Authenticate"]
    )
    client_token = client.get("/oauth/userinfo", headers=bearer(token_for("openid")))
    assert client_token.status_code == 401


def test_revoking_a_refresh_token_revokes_its_grant(client, browser, citizen):
    tokens = browser.tokens(citizen)
    response = client.post(
        "/oauth/revoke",
        data={
            "token": tokens["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": browser.oauth_client.client_id,
        },
    )
    assert response.status_code == 200
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
    refreshed = browser.token_request(
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.get_json()["error"] == "invalid_grant"


def test_revoking_an_access_token(client, browser, citizen):
    tokens = browser.tokens(citizen)
    client.post(
        "/oauth/revoke", data={"token": tokens["access_token"], "client_id": browser.oauth_client.client_id}
    )
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401


def test_revoking_a_client_credentials_token(client, make_oauth_client):
    from auth.oidc.authn import authenticate

    row, secret = make_oauth_client(public=False, grant_types=["client_credentials"])
    token = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=_basic(row.client_id, secret)
    ).get_json()["access_token"]
    with client.application.test_request_context("/"):
        assert authenticate(token) is not None
    assert (
        client.post("/oauth/revoke", data={"token": token}, headers=_basic(row.client_id, secret)).status_code
        == 200
    )
    with client.application.test_request_context("/"):
        assert authenticate(token) is None


def test_unknown_tokens_revoke_quietly(client, browser):
    response = client.post(
        "/oauth/revoke", data={"token": "never-issued", "client_id": browser.oauth_client.client_id}
    )
    assert response.status_code == 200


def test_introspection_for_confidential_clients(client, confidential_client, make_oauth_client, citizen):
    web = Browser(client, confidential_client)
    tokens = web.redeem(web.code(citizen), secret=confidential_client.test_secret).get_json()
    auth = _basic(confidential_client.client_id, confidential_client.test_secret)
    active = client.post("/oauth/introspect", data={"token": tokens["access_token"]}, headers=auth).get_json()
    assert active["active"] is True and active["sub"] == str(citizen.id)
    assert active["client_id"] == confidential_client.client_id and active["token_type"] == "access_token"
    refresh = client.post(
        "/oauth/introspect", data={"token": tokens["refresh_token"]}, headers=auth
    ).get_json()
    assert refresh["active"] is True and refresh["token_type"] == "refresh_token"

    stranger_row, stranger_secret = make_oauth_client(public=False)
    foreign = client.post(
        "/oauth/introspect",
        data={"token": tokens["access_token"]},
        headers=_basic(stranger_row.client_id, stranger_secret),
    ).get_json()
    assert foreign == {"active": False}
    resource_row, resource_secret = make_oauth_client(
        public=False, may_introspect=True, grant_types=["client_credentials"]
    )
    resource = client.post(
        "/oauth/introspect",
        data={"token": tokens["access_token"]},
        headers=_basic(resource_row.client_id, resource_secret),
    ).get_json()
    assert resource["active"] is True

    client.post("/oauth/revoke", data={"token": tokens["refresh_token"]}, headers=auth)
    assert client.post(
        "/oauth/introspect", data={"token": tokens["access_token"]}, headers=auth
    ).get_json() == {"active": False}


def test_public_clients_may_not_introspect(client, browser, citizen):
    tokens = browser.tokens(citizen)
    response = client.post(
        "/oauth/introspect",
        data={"token": tokens["access_token"], "client_id": browser.oauth_client.client_id},
    )
    assert response.status_code in (400, 401) and response.get_json()["error"] == "invalid_client"


def test_logout_with_id_token_hint_ends_the_session_and_redirects(client, make_oauth_client, citizen):
    row, _ = make_oauth_client(public=True, post_logout_redirect_uris=["https://app.contoh.id/bye"])
    app = Browser(client, row)
    tokens = app.tokens(citizen)
    response = client.get(
        "/oauth/logout",
        query_string={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": "https://app.contoh.id/bye",
            "state": "s1",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "https://app.contoh.id/bye?state=s1"
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
    refreshed = app.token_request({"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert refreshed.get_json()["error"] == "invalid_grant"
    assert app.authorize().headers["Location"].startswith("/oauth/login")


def test_logout_without_hint_asks_for_confirmation(client, browser, citizen):
    tokens = browser.tokens(citizen)
    page = client.get("/oauth/logout")
    assert page.status_code == 200 and 'action="/oauth/logout"' in page.text
    # an access token is no ID token hint: the citizen is still asked
    hinted = client.get("/oauth/logout", query_string={"id_token_hint": tokens["access_token"]})
    assert hinted.status_code == 200 and 'action="/oauth/logout"' in hinted.text
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 200
    without_csrf = client.post("/oauth/logout", data={"csrf_token": "forged"})
    assert without_csrf.status_code == 400
    done = client.post("/oauth/logout", data={"csrf_token": form_field(page.text, "csrf_token")})
    assert done.status_code == 200 and 'role="status"' in done.text
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401


def test_logout_never_redirects_to_an_unregistered_uri(client, browser, citizen):
    tokens = browser.tokens(citizen)
    response = client.get(
        "/oauth/logout",
        query_string={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": "https://evil.example/",
        },
    )
    assert response.status_code == 400 and "Location" not in response.headers


def test_oauth_errors_are_rfc6749_json(client, browser):
    response = client.post(
        "/oauth/token", data={"grant_type": "authorization_code", "code": "x", "client_id": "nobody"}
    )
    assert response.mimetype == "application/json"
    assert response.get_json()["error"] == "invalid_client"
    assert response.headers["Cache-Control"] == "no-store"


def test_cors_only_for_configured_origins_and_never_on_authorize(app_config):
    from app import create_app

    spa = "https://warga.contoh.go.id"
    other = create_app({**app_config, "CORS_ORIGINS": (spa,)}, services=[]).test_client()
    for path in ("/oauth/token", "/oauth/userinfo", "/oauth/revoke"):
        preflight = other.options(path, headers={"Origin": spa, "Access-Control-Request-Method": "POST"})
        assert preflight.headers.get("Access-Control-Allow-Origin") == spa, path
    for path in ("/oauth/authorize", "/oauth/login", "/oauth/consent"):
        preflight = other.options(path, headers={"Origin": spa, "Access-Control-Request-Method": "POST"})
        assert "Access-Control-Allow-Origin" not in preflight.headers, path
    stranger = other.options(
        "/oauth/token", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in stranger.headers


def test_es256_id_tokens_for_clients_that_ask(client, make_oauth_client, citizen):
    row, _ = make_oauth_client(public=True, id_token_alg="ES256")
    tokens = Browser(client, row).tokens(citizen)
    header = jwt.decode(
        tokens["id_token"], KeySet.import_key_set(client.get("/oauth/jwks").get_json())
    ).header
    assert header["alg"] == "ES256" and header["kid"].startswith("es256-")


def test_a_key_the_secret_cannot_open_is_replaced(app, db_session, oidc_signing_keys, caplog):
    from sqlalchemy import update

    from app.db import utcnow
    from auth.oidc.keys import keyring
    from auth.oidc.models import SigningKey

    db_session.execute(update(SigningKey).where(SigningKey.alg == "ES256").values(retired_at=utcnow()))
    db_session.add(
        SigningKey(
            kid="es256-foreign",
            alg="ES256",
            private_key=b"\0" * 64,
            wrapping_key_id="old",
            public_jwk=db_session.query(SigningKey).filter_by(alg="ES256").first().public_jwk,
        )
    )
    db_session.commit()
    try:
        keyring(app).invalidate()
        with app.test_request_context("/"):
            replacement = keyring(app).signing_key("ES256")
        assert replacement.kid != "es256-foreign" and replacement.private is not None
        assert "cannot be decrypted" in caplog.text
    finally:
        keyring(app).invalidate()


def test_each_app_gets_its_own_authorization_server(app, app_config):
    from app import create_app
    from auth.oidc.server import authorization_server

    other = create_app(app_config, services=[])
    mine, theirs = authorization_server(app), authorization_server(other)
    assert mine is not theirs
    assert len(mine._token_grants) == len(theirs._token_grants) == 3  # nothing piles up


def test_signing_in_again_keeps_the_other_apps_signed_in_until_logout(client, browser, make_oauth_client,
                                                                     citizen, make_citizen, db_session):
    """An app asking for prompt=login gets a fresh sign-in (a new session id), and the apps already
    signed in in this browser keep their tokens; a logout then ends them all."""
    first = browser.tokens(citizen)
    other_row, _ = make_oauth_client(public=True)
    other = Browser(client, other_row)
    second = other.tokens(citizen, prompt="login")
    for tokens in (first, second):
        assert client.get("/oauth/userinfo", headers=bearer(tokens["access_token"])).status_code == 200
    from app.audit.models import AuditEntry

    assert db_session.query(AuditEntry).filter_by(action="auth.sso_session.renewed").count() == 1
    refreshed = browser.token_request({"grant_type": "refresh_token",
                                       "refresh_token": first["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.get_json()
    page = client.get("/oauth/logout")
    client.post("/oauth/logout", data={"csrf_token": form_field(page.text, "csrf_token")})
    for token in (refreshed.get_json()["access_token"], second["access_token"]):
        assert client.get("/oauth/userinfo", headers=bearer(token)).status_code == 401
    # another person signing in on this browser signs the previous one's apps out
    again = browser.tokens(citizen)
    browser.tokens(make_citizen(full_name="Budi Santoso"), prompt="login")
    assert client.get("/oauth/userinfo", headers=bearer(again["access_token"])).status_code == 401


def test_a_code_issued_before_logout_is_worth_nothing_after_it(client, browser, citizen):
    code = browser.code(citizen)
    page = client.get("/oauth/logout")
    client.post("/oauth/logout", data={"csrf_token": form_field(page.text, "csrf_token")})
    redeemed = browser.redeem(code)
    assert redeemed.status_code == 400 and redeemed.get_json()["error"] == "invalid_grant"
