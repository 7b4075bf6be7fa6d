"""End to end with an independent relying-party library (pyoidc, the `oic` package) against
the provider under gunicorn: discovery, authorize, login form, consent, token (ID token
verified by the library), UserInfo, refresh, revocation and RP-initiated logout."""

from __future__ import annotations

import re
import secrets
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oic.oic import Client as RelyingParty
from oic.oic.message import AuthorizationResponse, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD

from oidc.live import APP_LOGOUT, APP_REDIRECT, live_provider


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with live_provider(tmp_path_factory.mktemp("live")) as live:
        yield live


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    assert match, f"no {name} in page"
    return unescape(match.group(1))


def _location_query(response) -> dict[str, str]:
    assert response.status_code == 302, response.text[:300]
    return {key: values[0] for key, values in parse_qs(urlsplit(response.headers["Location"]).query).items()}


def test_relying_party_library_completes_the_whole_flow(provider):
    rp = RelyingParty(client_authn_method=CLIENT_AUTHN_METHOD)
    rp.provider_config(provider.base_url)  # discovery; the library checks the issuer matches
    assert rp.provider_info["issuer"] == provider.base_url
    rp.store_registration_info(
        RegistrationResponse(
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            redirect_uris=[APP_REDIRECT],
            token_endpoint_auth_method="client_secret_basic",
        )
    )

    state, nonce = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    pkce, verifier = rp.add_code_challenge()
    request = rp.construct_AuthorizationRequest(
        request_args={
            "client_id": provider.client_id,
            "response_type": "code",
            "scope": ["openid", "profile", "email"],
            "redirect_uri": APP_REDIRECT,
            "state": state,
            "nonce": nonce,
            **pkce,
        }
    )
    browser = requests.Session()

    # the citizen's browser: login page, login form, consent page, back to the app
    login_page = browser.get(request.request(rp.authorization_endpoint), timeout=10)
    assert login_page.status_code == 200 and 'name="password"' in login_page.text
    consent_page = browser.post(
        f"{provider.base_url}/oauth/login",
        timeout=10,
        data={
            "csrf_token": _field(login_page.text, "csrf_token"),
            "ticket": _field(login_page.text, "ticket"),
            "identifier": provider.email,
            "password": provider.password,
        },
    )
    assert consent_page.status_code == 200 and 'action="/oauth/consent"' in consent_page.text
    back = browser.post(
        f"{provider.base_url}/oauth/consent",
        allow_redirects=False,
        timeout=10,
        data={
            "csrf_token": _field(consent_page.text, "csrf_token"),
            "ticket": _field(consent_page.text, "ticket"),
            "approve": "1",
        },
    )
    assert back.headers["Location"].startswith(APP_REDIRECT)

    response = rp.parse_response(
        AuthorizationResponse, info=urlsplit(back.headers["Location"]).query, sformat="urlencoded"
    )
    assert response["state"] == state
    tokens = rp.do_access_token_request(
        state=state,
        authn_method="client_secret_basic",
        request_args={"code": response["code"], "redirect_uri": APP_REDIRECT, "code_verifier": verifier},
    )
    id_token = tokens["id_token"]  # signature, iss, aud and expiry verified by the library
    assert id_token["nonce"] == nonce and id_token["aud"] == [provider.client_id]
    assert tokens["refresh_token"]

    userinfo = rp.do_user_info_request(state=state)
    assert userinfo.to_dict().get("sub") == id_token["sub"], userinfo.to_dict()
    assert userinfo["email"] == provider.email
    assert userinfo["name"] == "Siti Rahayu"

    refreshed = rp.do_access_token_refresh(state=state, authn_method="client_secret_basic")
    assert refreshed["access_token"] != tokens["access_token"]
    assert refreshed["refresh_token"] != tokens["refresh_token"]

    # RFC 7009 revocation of the first (already rotated) refresh token's grant, then logout
    revoked = requests.post(
        rp.provider_info["revocation_endpoint"],
        timeout=10,
        auth=(provider.client_id, provider.client_secret),
        data={"token": refreshed["refresh_token"], "token_type_hint": "refresh_token"},
    )
    assert revoked.status_code == 200
    again = requests.get(
        rp.provider_info["userinfo_endpoint"],
        timeout=10,
        headers={"Authorization": f"Bearer {refreshed['access_token']}"},
    )
    assert again.status_code == 401 and again.headers["WWW-Authenticate"].startswith("Bearer")

    logout = rp.construct_EndSessionRequest(
        request_args={"id_token_hint": id_token.jwt, "post_logout_redirect_uri": APP_LOGOUT, "state": "bye"}
    )
    ended = browser.get(
        logout.request(rp.provider_info["end_session_endpoint"]), allow_redirects=False, timeout=10
    )
    assert ended.headers["Location"].startswith(APP_LOGOUT)
    assert _location_query(ended) == {"state": "bye"}
    # the SSO session is over: the next authorization request asks for the password again
    assert browser.get(request.request(rp.authorization_endpoint), timeout=10).url.startswith(
        f"{provider.base_url}/oauth/login"
    )
