"""SSO session, consent memory, prompt, max_age, acr_values with step-up, locales, page security."""

from __future__ import annotations

import time

from joserfc import jwt
from joserfc.jwk import KeySet

from auth.testing.accounts import next_totp
from oidc.browser import Browser, form_field, query_of


def _claims(client, id_token: str) -> dict:
    return jwt.decode(id_token, KeySet.import_key_set(client.get("/oauth/jwks").get_json())).claims


def _login_location(response) -> str:
    assert response.status_code == 302, response.text[:300]
    location = response.headers["Location"]
    assert location.startswith("/oauth/login?ticket="), location
    return location


def test_a_signed_in_citizen_is_not_asked_again_by_the_next_app(client, browser, make_oauth_client, citizen):
    browser.tokens(citizen)
    other_row, _ = make_oauth_client(public=True, name="Aplikasi Pajak")
    other = Browser(client, other_row)
    response = other.authorize()
    assert response.status_code == 200 and 'action="/oauth/consent"' in response.text  # consent, no login
    assert "Aplikasi Pajak" in response.text
    assert other.follow_to_client(response)["code"]


def test_consent_is_remembered_per_client_and_scopes(browser, citizen):
    browser.tokens(citizen, scope="openid profile")
    again = browser.authorize(scope="openid profile")
    assert again.status_code == 302 and "code=" in again.headers["Location"]  # no pages at all
    wider = browser.authorize(scope="openid profile email")
    assert wider.status_code == 200 and 'action="/oauth/consent"' in wider.text  # asked for the new scope


def test_denied_consent_returns_access_denied(browser, citizen):
    response = browser.login(_login_location(browser.authorize()), citizen.email, citizen.test_password)
    consent_page = browser.http.get(response.headers["Location"])
    result = query_of(browser.consent(consent_page, approve=False).headers["Location"])
    assert result == {
        "error": "access_denied",
        "error_description": "The citizen denied the request.",
        "state": browser.state,
    }


def test_prompt_none_without_session_is_login_required(browser):
    response = browser.authorize(prompt="none")
    assert query_of(response.headers["Location"])["error"] == "login_required"


def test_prompt_none_without_consent_is_consent_required(client, browser, make_oauth_client, citizen):
    browser.tokens(citizen)
    other_row, _ = make_oauth_client(public=True)
    response = Browser(client, other_row).authorize(prompt="none")
    assert query_of(response.headers["Location"])["error"] == "consent_required"


def test_prompt_none_with_session_and_consent_returns_a_code(browser, citizen):
    browser.tokens(citizen)
    assert "code" in query_of(browser.authorize(prompt="none").headers["Location"])


def test_prompt_none_with_others_is_invalid(browser):
    assert query_of(browser.authorize(prompt="none login").headers["Location"])["error"] == "invalid_request"


def test_prompt_login_asks_again_and_gives_a_new_session(client, browser, citizen):
    browser.tokens(citizen)
    first_cookie = client.get_cookie("__Host-satupintu_sso").value
    location = _login_location(browser.authorize(prompt="login"))
    result = browser.follow_to_client(browser.login(location, citizen.email, citizen.test_password))
    assert "code" in result
    assert client.get_cookie("__Host-satupintu_sso").value != first_cookie


def test_prompt_consent_shows_the_consent_page_again(browser, citizen):
    browser.tokens(citizen)
    response = browser.authorize(prompt="consent")
    assert response.status_code == 200 and 'action="/oauth/consent"' in response.text


def test_max_age_forces_a_fresh_login_and_id_token_has_auth_time(client, browser, citizen):
    tokens = browser.tokens(citizen)
    first_auth_time = _claims(client, tokens["id_token"])["auth_time"]
    time.sleep(1.1)
    _login_location(browser.authorize(max_age="0"))
    assert "code" in query_of(browser.authorize(max_age="3600").headers["Location"])
    fresh = browser.redeem(browser.code(citizen, max_age="0")).get_json()
    assert _claims(client, fresh["id_token"])["auth_time"] > first_auth_time


def test_invalid_max_age_is_refused(browser):
    assert query_of(browser.authorize(max_age="soon").headers["Location"])["error"] == "invalid_request"


def test_acr_aal2_steps_up_with_the_second_factor(client, make_oauth_client, make_staff):
    staff = make_staff("officer")
    row, _ = make_oauth_client(public=True)
    app = Browser(client, row)
    # staff with MFA: the second factor is asked right after the password
    response = app.login(_login_location(app.authorize()), staff.email, staff.test_password)
    assert response.headers["Location"].startswith("/oauth/mfa?ticket=")
    response = app.submit_mfa(response.headers["Location"], next_totp(staff))
    result = app.follow_to_client(response)
    tokens = app.redeem(result["code"]).get_json()
    claims = _claims(client, tokens["id_token"])
    assert claims["acr"] == "aal2" and claims["amr"] == ["mfa", "otp", "pwd"]


def test_acr_aal2_step_up_for_an_aal1_session(client, browser, citizen, db_session):
    import pyotp

    from auth.accounts import security

    browser.tokens(citizen)  # aal1 session (no MFA yet)
    uri, _codes = security.enrol_totp_now(citizen)
    citizen.test_totp_secret = pyotp.parse_uri(uri).secret
    response = browser.authorize(acr_values="aal2")
    assert response.headers["Location"].startswith("/oauth/mfa?ticket=")
    wrong = browser.submit_mfa(response.headers["Location"], "000000")
    assert wrong.status_code == 401
    result = browser.follow_to_client(browser.submit_mfa(response.headers["Location"], next_totp(citizen)))
    claims = _claims(client, browser.redeem(result["code"]).get_json()["id_token"])
    assert claims["acr"] == "aal2" and claims["amr"] == ["mfa", "otp", "pwd"]  # as a two-factor sign-in says


def test_acr_aal2_without_a_second_factor_is_unmet(browser, citizen):
    browser.tokens(citizen)
    result = query_of(browser.authorize(acr_values="aal2").headers["Location"])
    assert result["error"] == "unmet_authentication_requirements"


def test_acr_aal2_with_prompt_none_is_interaction_required(client, make_oauth_client, make_staff, db_session):
    staff = make_staff("officer")
    row, _ = make_oauth_client(public=True)
    app = Browser(client, row)
    from auth.accounts.models import Account  # an aal1 session for an account that has MFA

    account = db_session.get(Account, staff.id)
    account.mfa_enabled = False
    db_session.commit()
    app.tokens(staff)
    account.mfa_enabled = True
    db_session.commit()
    result = query_of(app.authorize(acr_values="aal2", prompt="none").headers["Location"])
    assert result["error"] == "interaction_required"


def test_login_hint_prefills_and_ui_locales_choose_the_language(browser):
    location = _login_location(browser.authorize(login_hint="warga@contoh.id", ui_locales="en-US id"))
    page = browser.http.get(location)
    assert 'value="warga@contoh.id"' in page.text
    assert '<html lang="en">' in page.text and "Sign in to SatuPintu" in page.text
    indonesian = browser.http.get(_login_location(browser.authorize(ui_locales="id")))
    assert "Masuk ke SatuPintu" in indonesian.text


def test_wrong_password_stays_on_the_page_with_an_accessible_error(browser, citizen):
    response = browser.login(
        _login_location(browser.authorize()), citizen.email, "salah sekali kata sandinya"
    )
    assert response.status_code == 401
    assert 'role="alert"' in response.text and 'aria-invalid="true"' in response.text
    assert '<label for="identifier">' in response.text and '<label for="password">' in response.text


def test_login_form_without_csrf_token_is_refused(browser, citizen):
    location = _login_location(browser.authorize())
    page = browser.http.get(location)
    response = browser.http.post(
        "/oauth/login",
        data={
            "ticket": form_field(page.text, "ticket"),
            "identifier": citizen.email,
            "password": citizen.test_password,
        },
    )
    assert response.status_code == 400
    assert "__Host-satupintu_sso" not in response.headers.get("Set-Cookie", "")


def test_tampered_ticket_shows_an_error_page(browser):
    location = _login_location(browser.authorize())
    response = browser.http.get(location[:-3] + "abc")
    assert response.status_code == 400 and "<code>invalid_request</code>" in response.text


def test_pages_send_security_headers_and_secure_cookies(browser, citizen):
    page = browser.http.get(_login_location(browser.authorize()))
    csp = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    response = browser.http.post(
        "/oauth/login",
        data={
            "csrf_token": form_field(page.text, "csrf_token"),
            "ticket": form_field(page.text, "ticket"),
            "identifier": citizen.email,
            "password": citizen.test_password,
        },
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-satupintu_sso="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


def test_idle_session_expires(browser, citizen, db_session):
    from datetime import timedelta

    from auth.oidc.models import SsoSession

    browser.tokens(citizen)
    for row in db_session.query(SsoSession).filter_by(account_id=citizen.id):
        row.last_seen_at -= timedelta(minutes=31)
    db_session.commit()
    _login_location(browser.authorize())


def test_suspended_account_loses_its_sso_session(browser, citizen, db_session):
    browser.tokens(citizen)
    citizen.status = "suspended"
    db_session.commit()
    _login_location(browser.authorize())


def test_consent_page_lets_the_form_redirect_to_the_client_only(browser, citizen):
    response = browser.login(_login_location(browser.authorize()), citizen.email, citizen.test_password)
    consent_page = browser.http.get(response.headers["Location"])
    csp = consent_page.headers["Content-Security-Policy"]
    assert "form-action 'self' https://app.contoh.id;" in csp


def test_sign_in_posts_are_rate_limited_per_address(browser, citizen, override_config):
    override_config(RATELIMIT_LOGIN="2/minute")
    location = _login_location(browser.authorize())
    for _ in range(2):
        assert browser.login(location, citizen.email, "bukan kata sandinya sama sekali").status_code == 401
    limited = browser.login(location, citizen.email, citizen.test_password)
    assert limited.status_code == 429 and limited.mimetype == "text/html"
    assert "Retry-After" in limited.headers and "<code>too_many_requests</code>" in limited.text
    assert browser.http.get(location).status_code == 200  # reading the page is not limited


def test_a_nik_login_hint_is_not_carried_into_urls(browser):
    location = _login_location(browser.authorize(login_hint="3171014405920001"))
    page = browser.http.get(location)
    assert "3171014405920001" not in page.text
    from auth.oidc.flow import load_ticket

    with browser.http.application.test_request_context("/"):
        ticket = load_ticket(location.split("ticket=", 1)[1])
    assert "login_hint" not in ticket.params


def test_absolute_session_limit(browser, citizen, db_session):
    from datetime import timedelta

    from auth.oidc.models import SsoSession

    browser.tokens(citizen)
    for row in db_session.query(SsoSession).filter_by(account_id=citizen.id):
        row.created_at -= timedelta(hours=12, minutes=1)  # active all along, but too old
    db_session.commit()
    _login_location(browser.authorize())


def test_posting_the_consent_form_cannot_skip_a_step_up(client, browser, citizen, db_session):
    from urllib.parse import unquote

    import pyotp

    from auth.accounts import security

    browser.tokens(citizen)  # an aal1 session, consent given
    uri, _codes = security.enrol_totp_now(citizen)
    citizen.test_totp_secret = pyotp.parse_uri(uri).secret
    needs_mfa = browser.authorize(acr_values="aal2").headers["Location"]
    consent_page = browser.authorize(prompt="consent")  # any page, for a valid CSRF token
    forged = browser.http.post(
        "/oauth/consent",
        data={
            "csrf_token": form_field(consent_page.text, "csrf_token"),
            "ticket": unquote(needs_mfa.split("ticket=", 1)[1]),
            "approve": "1",
        },
    )
    assert forged.status_code == 302 and forged.headers["Location"].startswith("/oauth/mfa?ticket=")


def test_a_max_age_that_is_no_number_is_an_invalid_request(client, browser, citizen):
    browser.tokens(citizen)  # signed in: max_age is looked at
    for odd in ("²", "٣", "-1", "1e3"):
        answer = browser.authorize(max_age=odd)
        assert answer.status_code == 302, odd
        assert query_of(answer.headers["Location"])["error"] == "invalid_request", odd
