"""The real sign-in and consent pages in headless Chromium (Debian's `chromium`, installed by
`make test`), with JavaScript switched off: keyboard only, labels, focus order, the locale
the app asked for, and a code that the token endpoint accepts."""

from __future__ import annotations

import base64
import hashlib
import secrets
import shutil
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from playwright.sync_api import sync_playwright

from oidc.live import APP_REDIRECT, live_provider

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with live_provider(tmp_path_factory.mktemp("pages")) as live:
        yield live


@pytest.fixture(scope="module")
def chromium():
    if not shutil.which("chromium"):
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


def test_sign_in_and_consent_by_keyboard_without_javascript(provider, chromium):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    state = secrets.token_urlsafe(8)
    authorize = f"{provider.base_url}/oauth/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": APP_REDIRECT,
            "scope": "openid profile email",
            "state": state,
            "nonce": "n-1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "ui_locales": "en",
        }
    )

    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(authorize)

    assert page.title().startswith("Sign in to SatuPintu")
    assert page.locator("html").get_attribute("lang") == "en"
    identifier = page.get_by_label("NIK, phone number or email")
    password = page.get_by_label("Password")
    assert identifier.count() == 1 and password.count() == 1

    # autofocus puts the caret in the first field; Tab walks identifier -> password -> button
    page.keyboard.type(provider.email)
    page.keyboard.press("Tab")
    page.keyboard.type(provider.password)
    assert identifier.input_value() == provider.email and password.input_value() == provider.password
    page.keyboard.press("Enter")

    page.wait_for_url(f"{provider.base_url}/oauth/authorize/resume**")
    assert page.title().startswith("Allow access?")
    assert page.get_by_text("Your email address").count() == 1
    allow = page.get_by_role("button", name="Allow")
    assert allow.count() == 1 and page.get_by_role("button", name="Deny").count() == 1
    # the Allow button has the focus; the browser then follows the redirect to the app (which
    # needs CSP form-action to allow the app's origin after a form post)
    with page.expect_request(lambda request: request.url.startswith(APP_REDIRECT)) as arrival:
        page.keyboard.press("Enter")
    result = {key: values[0] for key, values in parse_qs(urlsplit(arrival.value.url).query).items()}
    assert result["state"] == state
    tokens = requests.post(
        f"{provider.base_url}/oauth/token",
        timeout=10,
        auth=(provider.client_id, provider.client_secret),
        data={
            "grant_type": "authorization_code",
            "code": result["code"],
            "redirect_uri": APP_REDIRECT,
            "code_verifier": verifier,
        },
    )
    assert tokens.status_code == 200 and "id_token" in tokens.json()
    context.close()


def test_error_page_for_an_unknown_redirect_stays_on_the_provider(provider, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    response = page.goto(
        f"{provider.base_url}/oauth/authorize?"
        + urlencode(
            {
                "response_type": "code",
                "client_id": provider.client_id,
                "redirect_uri": "https://evil.example/cb",
                "scope": "openid",
                "code_challenge": "x" * 43,
                "code_challenge_method": "S256",
            }
        )
    )
    assert response.status == 400
    assert page.url.startswith(provider.base_url)
    assert page.title().startswith("Permintaan tidak dapat diproses")
    context.close()
