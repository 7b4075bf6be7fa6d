"""Token endpoint grants and the validation of access tokens by the API."""

from __future__ import annotations

import base64
import json
import time
import uuid

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from oidc.browser import Browser
from oidc.conftest import bearer

ME = "/api/v1/me"  # any API route: it needs the "profile" scope


def _refresh(browser, refresh_token, **extra):
    return browser.token_request({"grant_type": "refresh_token", "refresh_token": refresh_token, **extra})


def _basic(client_id: str, secret: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


# refresh tokens


def test_refresh_rotates_and_a_public_client_may_refresh(client, browser, citizen):
    tokens = browser.tokens(citizen, scope="openid profile offline_access")
    response = _refresh(browser, tokens["refresh_token"])
    assert response.status_code == 200, response.text
    renewed = response.get_json()
    assert renewed["refresh_token"] != tokens["refresh_token"]
    assert client.get(ME, headers=bearer(renewed["access_token"])).status_code == 200


def test_replayed_refresh_token_revokes_the_whole_family(client, browser, citizen):
    tokens = browser.tokens(citizen)
    renewed = _refresh(browser, tokens["refresh_token"]).get_json()
    replay = _refresh(browser, tokens["refresh_token"])
    assert replay.status_code == 400 and replay.get_json()["error"] == "invalid_grant"
    # the legitimate holder's newer tokens die with the family
    assert _refresh(browser, renewed["refresh_token"]).get_json()["error"] == "invalid_grant"
    assert client.get(ME, headers=bearer(renewed["access_token"])).status_code == 401
    assert client.get(ME, headers=bearer(tokens["access_token"])).status_code == 401


def test_refresh_may_narrow_but_not_widen_the_scope(browser, citizen):
    tokens = browser.tokens(citizen, scope="openid profile email")
    narrowed = _refresh(browser, tokens["refresh_token"], scope="openid")
    assert narrowed.get_json()["scope"] == "openid"
    wider = _refresh(browser, narrowed.get_json()["refresh_token"], scope="openid phone")
    assert wider.get_json()["error"] == "invalid_scope"
    # a refused request does not use the token up
    assert _refresh(browser, narrowed.get_json()["refresh_token"]).status_code == 200


def test_refresh_token_of_another_client_is_refused(client, browser, make_oauth_client, citizen):
    tokens = browser.tokens(citizen)
    other_row, _ = make_oauth_client(public=True)
    response = _refresh(Browser(client, other_row), tokens["refresh_token"])
    assert response.get_json()["error"] == "invalid_grant"
    assert _refresh(browser, tokens["refresh_token"]).status_code == 200  # nor used up by it


def test_a_refresh_reads_once_and_rotates_in_one_statement(app, browser, citizen, count_queries):
    tokens = browser.tokens(citizen)
    with count_queries() as counter:
        assert _refresh(browser, tokens["refresh_token"]).status_code == 200
    if app.extensions["satupintu.engine"].dialect.name == "postgresql":
        # the token with its grant, then the claim and the successor's INSERT as one statement
        assert counter.count == 2, counter.statements
    else:  # the read, then the claim and the INSERT apart (in one transaction)
        assert counter.count == 3, counter.statements


def test_refresh_tokens_are_stored_hashed(browser, citizen, db_session):
    from auth.oidc.models import RefreshToken

    tokens = browser.tokens(citizen)
    stored = [row.token_hash for row in db_session.query(RefreshToken)]
    assert tokens["refresh_token"] not in stored
    assert len(tokens["refresh_token"]) >= 43  # 256 bits


def test_suspension_stops_access_and_refresh_at_once(client, browser, citizen, db_session):
    tokens = browser.tokens(citizen)
    citizen.status = "suspended"
    db_session.commit()
    assert client.get(ME, headers=bearer(tokens["access_token"])).status_code == 401
    assert _refresh(browser, tokens["refresh_token"]).get_json()["error"] == "invalid_grant"


# client credentials


def test_client_credentials_with_basic_and_post(client, make_oauth_client):
    row, secret = make_oauth_client(
        public=False, grant_types=["client_credentials"], scopes=["openid"], agency="bapenda-82"
    )
    response = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=_basic(row.client_id, secret)
    )
    assert response.status_code == 200, response.text
    body = response.get_json()
    assert "refresh_token" not in body and "id_token" not in body
    claims = jwt.decode(
        body["access_token"], KeySet.import_key_set(client.get("/oauth/jwks").get_json())
    ).claims
    assert claims["sub"] == row.client_id and claims["agency"] == "bapenda-82"
    assert body["scope"] == ""  # user scopes never go to a client's own token

    post_row, post_secret = make_oauth_client(
        public=False, auth_method="client_secret_post", grant_types=["client_credentials"]
    )
    ok = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": post_row.client_id,
            "client_secret": post_secret,
        },
    )
    assert ok.status_code == 200
    basic_for_post_client = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=_basic(post_row.client_id, post_secret),
    )
    assert basic_for_post_client.status_code == 401


def test_client_credentials_refusals(client, make_oauth_client, public_client):
    row, secret = make_oauth_client(public=False, grant_types=["client_credentials"])
    wrong = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=_basic(row.client_id, "x" + secret)
    )
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "invalid_client"
    public = client.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": public_client.client_id}
    )
    assert public.get_json()["error"] in ("invalid_client", "unauthorized_client")
    scope = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "openid"},
        headers=_basic(row.client_id, secret),
    )
    assert scope.get_json()["error"] == "invalid_scope"
    code_only, code_secret = make_oauth_client(public=False, grant_types=["authorization_code"])
    refused = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=_basic(code_only.client_id, code_secret),
    )
    assert refused.get_json()["error"] == "unauthorized_client"


def test_password_and_implicit_grants_do_not_exist(client, confidential_client):
    response = client.post(
        "/oauth/token",
        data={"grant_type": "password", "username": "a", "password": "b"},
        headers=_basic(confidential_client.client_id, confidential_client.test_secret),
    )
    assert response.get_json()["error"] == "unsupported_grant_type"


def test_private_key_jwt_client_authentication(app, client, make_oauth_client):
    key = ECKey.generate_key("P-256", parameters={"kid": "agency-key-1", "alg": "ES256"})
    row, secret = make_oauth_client(
        public=False,
        auth_method="private_key_jwt",
        grant_types=["client_credentials"],
        jwks={"keys": [key.as_dict(private=False)]},
    )
    assert secret is None

    def assertion(jti: str) -> str:
        now = int(time.time())
        claims = {
            "iss": row.client_id,
            "sub": row.client_id,
            "aud": "http://localhost/oauth/token",
            "iat": now,
            "exp": now + 60,
            "jti": jti,
        }
        return jwt.encode({"alg": "ES256", "kid": "agency-key-1"}, claims, key)

    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    }
    first = assertion(uuid.uuid4().hex)
    response = client.post("/oauth/token", data={**form, "client_assertion": first})
    assert response.status_code == 200, response.text
    replay = client.post("/oauth/token", data={**form, "client_assertion": first})
    assert replay.get_json()["error"] == "invalid_client"
    stranger = ECKey.generate_key("P-256", parameters={"kid": "agency-key-1"})
    forged = jwt.encode(
        {"alg": "ES256", "kid": "agency-key-1"},
        {
            "iss": row.client_id,
            "sub": row.client_id,
            "aud": "http://localhost/oauth/token",
            "exp": int(time.time()) + 60,
            "jti": uuid.uuid4().hex,
        },
        stranger,
    )
    assert (
        client.post("/oauth/token", data={**form, "client_assertion": forged}).get_json()["error"]
        == "invalid_client"
    )


# access token validation


def _segments(token: str) -> list[str]:
    return token.split(".")


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _sign_custom(app, claims: dict, header: dict | None = None) -> str:
    from auth.oidc.keys import keyring

    with app.test_request_context("/"):
        key = keyring().signing_key("ES256")
        return jwt.encode(
            {"alg": "ES256", "kid": key.kid, "typ": "at+jwt", **(header or {})}, claims, key.private
        )


def _assert_401(client, token: str) -> None:
    response = client.get(ME, headers=bearer(token))
    assert response.status_code == 401, response.text
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_valid_token_is_accepted(client, token_for, citizen):
    assert client.get(ME, headers=bearer(token_for("profile", user=citizen))).status_code == 200


def test_expired_token_is_401(app, client, token_for, citizen):
    token = token_for("profile", user=citizen)
    payload = json.loads(base64.urlsafe_b64decode(_segments(token)[1] + "=="))
    payload.update(iat=int(time.time()) - 1000, exp=int(time.time()) - 100)
    _assert_401(client, _sign_custom(app, payload))


def test_tampered_token_is_401(client, token_for, citizen, make_citizen):
    header, payload, signature = _segments(token_for("profile", user=citizen))
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["scope"] = "openid nik"
    _assert_401(client, ".".join([header, _b64(claims), signature]))


def test_alg_none_is_401(client, token_for, citizen):
    header, payload, _signature = _segments(token_for("profile", user=citizen))
    original = json.loads(base64.urlsafe_b64decode(header + "=="))
    _assert_401(client, ".".join([_b64({**original, "alg": "none"}), payload, ""]))
    _assert_401(client, ".".join([_b64({**original, "alg": "HS256"}), payload, "c2lnbmF0dXJl"]))


def test_wrong_audience_issuer_type_or_kid_is_401(app, client, token_for, citizen):
    token = token_for("profile", user=citizen)
    claims = json.loads(base64.urlsafe_b64decode(_segments(token)[1] + "=="))
    _assert_401(client, _sign_custom(app, {**claims, "aud": "https://other.example/api"}))
    _assert_401(client, _sign_custom(app, {**claims, "iss": "https://evil.example"}))
    _assert_401(client, _sign_custom(app, claims, {"typ": "JWT"}))  # e.g. an ID token
    _assert_401(client, _sign_custom(app, claims, {"kid": "unknown-kid"}))
    header = json.loads(base64.urlsafe_b64decode(_segments(token)[0] + "=="))
    del header["kid"]
    _assert_401(client, ".".join([_b64(header), *_segments(token)[1:]]))
    _assert_401(client, "not-a-jwt")


def test_missing_or_mistyped_claims_are_401_every_time(app, client, token_for, citizen):
    token = token_for("profile", user=citizen)
    claims = json.loads(base64.urlsafe_b64decode(_segments(token)[1] + "=="))
    for name in ("sub", "client_id", "jti", "scope", "exp", "iat"):
        without = _sign_custom(app, {key: value for key, value in claims.items() if key != name})
        _assert_401(client, without)
        _assert_401(client, without)  # a rejected token is not remembered as verified
    _assert_401(client, _sign_custom(app, {**claims, "exp": str(claims["exp"])}))
    _assert_401(client, _sign_custom(app, {**claims, "sub": 42}))


def test_an_audience_list_naming_the_api_is_accepted(app, client, token_for, citizen):
    token = token_for("profile", user=citizen)
    claims = json.loads(base64.urlsafe_b64decode(_segments(token)[1] + "=="))
    listed = _sign_custom(app, {**claims, "aud": ["https://other.example/api", claims["aud"]]})
    assert client.get(ME, headers=bearer(listed)).status_code == 200
    _assert_401(client, _sign_custom(app, {**claims, "aud": ["https://other.example/api"]}))
    _assert_401(client, _sign_custom(app, {**claims, "aud": claims["aud"][:-1]}))  # a part of it is not it


def test_missing_scope_is_403_with_a_bearer_challenge(client, token_for, citizen):
    response = client.get(ME, headers=bearer(token_for("openid", user=citizen)))
    assert response.status_code == 403
    challenge = response.headers["WWW-Authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="profile"' in challenge


def test_validation_costs_at_most_one_query(app, token_for, citizen, count_queries):
    from auth.oidc.authn import authenticate

    token = token_for("profile", user=citizen)
    with app.test_request_context("/"), count_queries() as counter:
        principal = authenticate(token)
    assert principal.subject == str(citizen.id) and "profile" in principal.scopes
    assert counter.count == 1


def test_staff_token_carries_roles_and_agency(app, token_for, officer):
    from auth.oidc.authn import authenticate

    with app.test_request_context("/"):
        principal = authenticate(token_for("openid", user=officer))
    assert principal.roles == frozenset({"officer"}) and principal.agency == "dukcapil"


def test_client_token_principal(app, token_for):
    from auth.oidc.authn import authenticate

    with app.test_request_context("/"):
        principal = authenticate(token_for("pengumuman.read", agency="bapenda-82"))
    assert principal.agency == "bapenda-82" and principal.roles == frozenset()
