"""/api/v1/me: profile basics, profile changes, phone/email changes, identity assurance."""

from datetime import date

from app.db import session
from auth.accounts.models import Account
from auth.testing.accounts import nik_for


def test_profile_shows_basics_with_the_nik_masked(client, citizen, account_headers):
    response = client.get("/api/v1/me", headers=account_headers(citizen, "profile"))
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == str(citizen.id) and body["full_name"] == citizen.full_name
    assert body["phone_verified"] and body["email_verified"] and body["ial"] == "ial1"
    nik = body["nik_masked"]
    assert nik.startswith("*" * 12) and len(nik) == 16
    assert response.headers["Cache-Control"] == "no-store"


def test_profile_needs_a_token_with_the_profile_scope(client, citizen, account_headers):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    denied = client.get("/api/v1/me", headers=account_headers(citizen, "email"))
    assert denied.status_code == 403 and "insufficient_scope" in denied.headers["WWW-Authenticate"]


def test_the_operator_token_has_no_profile(client, admin_headers):
    assert client.get("/api/v1/me/security", headers=admin_headers).status_code in (401, 403)


def test_language_and_unverified_name_can_change(client, citizen, account_headers):
    headers = account_headers(citizen, "account")
    response = client.patch("/api/v1/me", headers=headers, json={"locale": "en", "full_name": "Rina M."})
    assert response.status_code == 200
    assert response.get_json()["locale"] == "en" and response.get_json()["full_name"] == "Rina M."


def test_a_registry_confirmed_name_is_locked(client, make_citizen, account_headers):
    account = make_citizen(ial="ial2")
    response = client.patch("/api/v1/me", headers=account_headers(account, "account"),
                            json={"full_name": "Nama Lain"})
    assert response.status_code == 409


def test_privileged_fields_cannot_be_patched(client, citizen, account_headers):
    headers = account_headers(citizen, "account")
    for extra in ({"ial": "ial2"}, {"roles": ["officer"]}, {"status": "active"}, {"email": "x@y.id"}):
        assert client.patch("/api/v1/me", headers=headers, json=extra).status_code == 422


def test_changing_the_phone_reauthenticates_then_confirms_by_code(client, citizen, account_headers, outbox):
    headers = account_headers(citizen, "account")
    no_password = client.post("/api/v1/me/phone", headers=headers,
                              json={"phone": "081311112222", "password": "salah"})
    assert no_password.status_code == 403
    started = client.post("/api/v1/me/phone", headers=headers,
                          json={"phone": "081311112222", "password": citizen.test_password})
    assert started.status_code == 202
    assert session().get(Account, citizen.id, populate_existing=True).phone == citizen.phone  # not yet
    code = outbox.code_for("+6281311112222")
    done = client.post("/api/v1/me/phone/confirm", headers=headers, json={"code": code})
    assert done.status_code == 200 and done.get_json()["phone"] == "+6281311112222"
    assert done.get_json()["phone_verified"]


def test_changing_the_email_needs_the_second_factor_when_mfa_is_on(client, officer, account_headers,
                                                                    outbox):
    from auth.testing.accounts import next_totp

    headers = account_headers(officer, "account")
    password_only = client.post("/api/v1/me/email", headers=headers,
                                json={"email": "baru@instansi.go.id", "password": officer.test_password})
    assert password_only.status_code == 403
    ok = client.post("/api/v1/me/email", headers=headers,
                     json={"email": "baru@instansi.go.id", "password": officer.test_password,
                           "otp": next_totp(officer)})
    assert ok.status_code == 202
    code = outbox.code_for("baru@instansi.go.id")
    assert client.post("/api/v1/me/email/confirm", headers=headers,
                       json={"code": code}).get_json()["email"] == "baru@instansi.go.id"


def test_a_phone_verified_by_someone_else_cannot_be_taken(client, citizen, make_citizen, account_headers):
    other = make_citizen()
    response = client.post("/api/v1/me/phone", headers=account_headers(citizen, "account"),
                           json={"phone": other.phone, "password": citizen.test_password})
    assert response.status_code == 422 and "phone" in response.get_json()["errors"]


def test_failed_reauthentication_counts_toward_lockout(client, citizen, account_headers, override_config):
    override_config(LOGIN_FREE_FAILURES=2)
    headers = account_headers(citizen, "account")
    for _ in range(2):
        client.post("/api/v1/me/phone", headers=headers, json={"phone": "081311112222", "password": "salah"})
    throttled = client.post("/api/v1/me/phone", headers=headers,
                            json={"phone": "081311112222", "password": citizen.test_password})
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) >= 1


def test_identity_verification_raises_to_ial2_on_a_registry_match(client, make_citizen, account_headers):
    account = make_citizen(nik="3171015708900001", full_name="SITI  rahmawati", birth_date=date(1990, 8, 17))
    response = client.post("/api/v1/me/identity/verify", headers=account_headers(account, "account"))
    assert response.status_code == 200 and response.get_json() == {"ial": "ial2"}
    stored = session().get(Account, account.id, populate_existing=True)
    assert stored.ial == "ial2" and stored.identity_verified_at is not None


def test_identity_verification_refuses_mismatches(client, make_citizen, account_headers):
    wrong_name = make_citizen(nik="3273011203850002", full_name="Budi Santosa", birth_date=date(1985, 3, 12),
                              sex="M")
    unknown = make_citizen(nik=nik_for(date(1991, 1, 2)), birth_date=date(1991, 1, 2))
    deceased = make_citizen(nik="3374010101700004", full_name="Agus Salim Wibowo",
                            birth_date=date(1970, 1, 1), sex="M")
    for account in (wrong_name, unknown, deceased):
        response = client.post("/api/v1/me/identity/verify", headers=account_headers(account, "account"))
        assert response.status_code == 422, account.full_name
        assert session().get(Account, account.id, populate_existing=True).ial == "ial1"
