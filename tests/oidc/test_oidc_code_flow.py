"""Authorization code flow with PKCE: the happy path and the redirect URI rules."""

from __future__ import annotations

from joserfc import jwt
from joserfc.jwk import KeySet

from oidc.browser import REDIRECT, Browser, pkce_pair, query_of
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


def _error_page(response, code: str) -> None:
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert f"<code>{code}</code>" in response.text
    assert "Location" not in response.headers


def _redirect_error(browser, response, code: str) -> None:
    assert response.status_code == 302, response.text[:300]
    result = query_of(response.headers["Location"])
    assert response.headers["Location"].startswith(browser.redirect_uri)
    assert result["error"] == code
    assert result["state"] == browser.state


def test_pkce_is_required_for_public_clients(browser):
    _redirect_error(
        browser, browser.authorize(code_challenge=None, code_challenge_method=None), "invalid_request"
    )


def test_pkce_plain_and_missing_method_are_refused(browser):
    _redirect_error(browser, browser.authorize(code_challenge_method="plain"), "invalid_request")
    _redirect_error(browser, browser.authorize(code_challenge_method=None), "invalid_request")


def test_pkce_is_required_for_confidential_clients_too(client, confidential_client):
    web = Browser(client, confidential_client)
    _redirect_error(web, web.authorize(code_challenge=None, code_challenge_method=None), "invalid_request")


def test_confidential_client_redeems_with_its_secret_and_verifier(client, confidential_client, citizen):
    web = Browser(client, confidential_client)
    code = web.code(citizen)
    assert web.redeem(code, secret="wrong-" + confidential_client.test_secret).status_code == 401
    response = web.redeem(code, secret=confidential_client.test_secret)
    assert response.status_code == 200, response.text
    assert "id_token" in response.get_json()


def test_wrong_pkce_verifier_is_invalid_grant(browser, citizen):
    code = browser.code(citizen)
    other_verifier, _ = pkce_pair()
    response = browser.redeem(code, verifier=other_verifier)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_grant"
    assert response.mimetype == "application/json"


def test_missing_redirect_uri_shows_an_error_page(browser):
    _error_page(browser.authorize(redirect_uri=None), "invalid_request")


def test_unregistered_redirect_uri_shows_an_error_page_never_redirects(browser):
    _error_page(browser.authorize(redirect_uri="https://evil.example/callback"), "invalid_request")
    _error_page(browser.authorize(redirect_uri=REDIRECT + "/"), "invalid_request")  # exact match only
    _error_page(browser.authorize(redirect_uri=REDIRECT + "?next=x"), "invalid_request")


def test_unknown_client_shows_an_error_page(browser):
    _error_page(browser.authorize(client_id="nobody"), "invalid_client")


def test_native_app_loopback_redirect_may_use_any_port(client, make_oauth_client, citizen):
    row, _ = make_oauth_client(public=True, redirect_uris=["http://127.0.0.1/callback"])
    native = Browser(client, row, redirect_uri="http://127.0.0.1:53127/callback")
    assert native.tokens(citizen)["access_token"]
    _error_page(
        Browser(client, row, redirect_uri="http://127.0.0.1:53127/other").authorize(), "invalid_request"
    )
    _error_page(
        Browser(client, row, redirect_uri="http://localhost:53127/callback").authorize(), "invalid_request"
    )


def test_no_loopback_port_exception_for_confidential_clients(client, make_oauth_client):
    row, _ = make_oauth_client(
        public=False, auth_method="client_secret_basic", redirect_uris=["http://127.0.0.1/callback"]
    )
    _error_page(
        Browser(client, row, redirect_uri="http://127.0.0.1:8080/callback").authorize(), "invalid_request"
    )


def test_token_request_redirect_uri_must_match(browser, citizen):
    code = browser.code(citizen)
    response = browser.redeem(code, redirect_uri="https://app.contoh.id/other")
    assert response.get_json()["error"] == "invalid_grant"


def test_unsupported_response_type_and_unknown_scope(browser):
    _redirect_error(browser, browser.authorize(response_type="token"), "unsupported_response_type")
    _redirect_error(browser, browser.authorize(scope="openid bogus.scope"), "invalid_scope")


def test_reused_code_is_refused_and_revokes_the_first_tokens(client, browser, citizen):
    code = browser.code(citizen)
    first = browser.redeem(code)
    assert first.status_code == 200
    tokens = first.get_json()
    second = browser.redeem(code)
    assert second.status_code == 400
    assert second.get_json()["error"] == "invalid_grant"

    assert client.get("/oauth/userinfo", headers=bearer(tokens["access_token"])).status_code == 401
    refreshed = browser.token_request(
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.get_json()["error"] == "invalid_grant"


def test_code_of_another_client_is_refused(client, browser, make_oauth_client, citizen):
    code = browser.code(citizen)
    other_row, _ = make_oauth_client(public=True, name="Lain")
    thief = Browser(client, other_row)
    thief.verifier = browser.verifier
    assert thief.redeem(code).get_json()["error"] == "invalid_grant"


def test_expired_code_is_refused(browser, citizen, override_config):
    override_config(OIDC_CODE_TTL=-1)
    code = browser.code(citizen)
    assert browser.redeem(code).get_json()["error"] == "invalid_grant"


def test_missing_client_authentication_for_confidential_client(client, confidential_client, citizen):
    web = Browser(client, confidential_client)
    code = web.code(citizen)
    response = web.redeem(code)  # client_id only, no secret
    assert response.status_code in (400, 401)
    assert response.get_json()["error"] == "invalid_client"
