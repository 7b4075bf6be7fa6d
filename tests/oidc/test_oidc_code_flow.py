"""Authorization code flow with PKCE: the happy path and the redirect URI rules."""

from __future__ import annotations

from joserfc import jwt
from joserfc.jwk import KeySet

from oidc.conftest import bearer


def test_citizen_signs_in_consents_and_gets_tokens(client, browser, citizen):
    tokens = browser.tokens(citizen, scope="openid profile email")
    assert tokens["token_type"] == "Bearer"
    assert set(tokens["scope"].split()) == {"openid", "profile", "email"}
    assert tokens["refresh_token"] and tokens["id_token"]

    jwks = KeySet.import_key_set(client.get("/oauth/jwks").get_json())
    id_token = jwt.decode(tokens["id_token"], jwks)
    assert id_token.header["kid"] and id_token.header["alg"] == "RS256"
    claims = id_token.claims
    assert claims["sub"] == str(citizen.id)
    assert claims["aud"] == browser.oauth_client.client_id
    assert claims["nonce"] == browser.nonce
    assert claims["iss"] == "http://localhost"
    assert claims["auth_time"] and claims["acr"] == "aal1"
    assert claims["email"] == citizen.email

    access = jwt.decode(tokens["access_token"], jwks)
    assert access.header["typ"] == "at+jwt" and access.header["kid"]
    assert access.claims["sub"] == str(citizen.id)
    assert access.claims["client_id"] == browser.oauth_client.client_id
    assert access.claims["aud"] == "http://localhost/api/v1"
    assert access.claims["exp"] - access.claims["iat"] == 300

    info = client.get("/oauth/userinfo", headers=bearer(tokens["access_token"]))
    assert info.status_code == 200
    assert info.get_json()["sub"] == str(citizen.id)
    assert info.get_json()["name"] == citizen.full_name
