"""TOTP enrolment, each step accepted once, single-use recovery codes, re-authentication."""

import pyotp

from app.db import session
from auth.accounts import service
from auth.accounts.models import Account
from auth.testing.accounts import next_totp


def enrol(client, account, headers) -> tuple[str, list[str]]:
    started = client.post("/api/v1/me/mfa/totp", headers=headers, json={"password": account.test_password})
    assert started.status_code == 201, started.get_json()
    secret = started.get_json()["secret"]
    assert started.get_json()["otpauth_uri"].startswith("otpauth://totp/SatuPintu:")
    confirmed = client.post("/api/v1/me/mfa/totp/confirm", headers=headers,
                            json={"code": pyotp.TOTP(secret).now()})
    assert confirmed.status_code == 200, confirmed.get_json()
    return secret, confirmed.get_json()["recovery_codes"]


def test_enrolment_turns_mfa_on_with_ten_recovery_codes(client, citizen, account_headers):
    headers = account_headers(citizen, "account")
    _secret, recovery = enrol(client, citizen, headers)
    assert len(recovery) == 10 and len(set(recovery)) == 10
    security = client.get("/api/v1/me/security", headers=headers).get_json()
    assert security["mfa_enabled"] and security["recovery_codes_remaining"] == 10
    account = session().get(Account, citizen.id)
    assert account.mfa_secret_ciphertext is not None
    assert _secret.encode() not in account.mfa_secret_ciphertext


def test_enrolment_needs_the_password_and_a_right_code(client, citizen, account_headers):
    headers = account_headers(citizen, "account")
    assert client.post("/api/v1/me/mfa/totp", headers=headers, json={"password": "salah"}).status_code == 403
    assert client.post("/api/v1/me/mfa/totp/confirm", headers=headers,
                       json={"code": "123456"}).status_code == 409  # nothing pending
    client.post("/api/v1/me/mfa/totp", headers=headers, json={"password": citizen.test_password})
    wrong = client.post("/api/v1/me/mfa/totp/confirm", headers=headers, json={"code": "000000"})
    assert wrong.status_code == 422
    assert not session().get(Account, citizen.id, populate_existing=True).mfa_enabled


def test_a_totp_code_is_accepted_once(officer):
    code = next_totp(officer)
    assert service.verify_second_factor(officer, code)
    assert not service.verify_second_factor(officer, code)


def test_an_older_step_is_refused_after_a_newer_one(officer):
    totp = pyotp.TOTP(officer.test_totp_secret)
    import time

    now_step = totp.timecode(time.time())
    assert service.verify_second_factor(officer, totp.generate_otp(now_step))
    assert not service.verify_second_factor(officer, totp.generate_otp(now_step - 1))


def test_codes_outside_the_window_are_refused(officer):
    totp = pyotp.TOTP(officer.test_totp_secret)
    import time

    assert not service.verify_second_factor(officer, totp.at(time.time() + 300))
    assert not service.verify_second_factor(officer, totp.at(time.time() - 300))


def test_recovery_codes_are_single_use_and_forgiving_about_format(officer):
    code = officer.test_recovery_codes[0]
    assert service.verify_second_factor(officer, code.upper().replace("-", " "))
    assert not service.verify_second_factor(officer, code)
    assert service.verify_second_factor(officer, officer.test_recovery_codes[1])


def test_failed_second_factors_count_toward_lockout(officer, override_config):
    override_config(LOGIN_FREE_FAILURES=2)
    assert not service.verify_second_factor(officer, "000000")
    assert not service.verify_second_factor(officer, "zzzzz-zzzzz")
    # backing off now: even a right code is not checked
    assert not service.verify_second_factor(officer, next_totp(officer))
    assert session().get(Account, officer.id, populate_existing=True).failed_logins == 2


def test_citizens_may_turn_mfa_off_with_password_and_code(client, citizen, account_headers):
    headers = account_headers(citizen, "account")
    _secret, recovery = enrol(client, citizen, headers)
    no_code = client.post("/api/v1/me/mfa/disable", headers=headers, json={"password": citizen.test_password})
    assert no_code.status_code == 403
    off = client.post("/api/v1/me/mfa/disable", headers=headers,
                      json={"password": citizen.test_password, "otp": recovery[0]})
    assert off.status_code == 204
    assert not client.get("/api/v1/me/security", headers=headers).get_json()["mfa_enabled"]


def test_staff_may_not_turn_mfa_off(client, officer, account_headers):
    response = client.post("/api/v1/me/mfa/disable", headers=account_headers(officer, "account"),
                           json={"password": officer.test_password, "otp": next_totp(officer)})
    assert response.status_code == 409 and response.get_json()["type"].endswith("mfa-required")


def test_recovery_codes_can_be_replaced(client, officer, account_headers):
    headers = account_headers(officer, "account")
    response = client.post("/api/v1/me/mfa/recovery-codes", headers=headers,
                           json={"password": officer.test_password, "otp": next_totp(officer)})
    assert response.status_code == 200
    fresh = response.get_json()["recovery_codes"]
    assert not service.verify_second_factor(officer, officer.test_recovery_codes[2])
    assert service.verify_second_factor(officer, fresh[0])


def test_staff_mfa_required_is_reported(client, officer, account_headers):
    security = client.get("/api/v1/me/security", headers=account_headers(officer, "account")).get_json()
    assert security["mfa_required"] and security["mfa_enabled"]
