"""Citizen registration and phone/email verification through the API."""

import uuid
from datetime import date

import pytest

from app.db import session
from auth.accounts import service
from auth.accounts.models import Account, OneTimeCode

URL = "/api/v1/accounts/register"
NIK = "3171015708900001"  # a woman born 17 August 1990 in DKI Jakarta


def application(**changes) -> dict:
    body = {"nik": NIK, "full_name": "Siti Rahmawati", "birth_date": "1990-08-17",
            "phone": "0812-3456-7890", "email": "Siti.R@Contoh.id", "password": "pohon mangga di halaman"}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def test_registration_creates_an_ial1_citizen_and_sends_codes(client, outbox):
    response = client.post(URL, json=application())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["phone"] == "+6281234567890" and body["email"] == "siti.r@contoh.id"
    assert body["codes_sent_to"] == ["phone", "email"]
    account = session().get(Account, uuid.UUID(body["id"]))
    assert account.kind == "citizen" and account.ial == "ial1" and account.status == "active"
    assert account.sex == "F" and account.birth_date == date(1990, 8, 17)
    assert service.reveal_nik(account) == NIK
    assert account.phone_verified_at is None and account.email_verified_at is None
    assert [m.channel for m in outbox.messages()] == ["sms", "email"]
    assert NIK not in response.get_data(as_text=True)


def test_the_nik_is_encrypted_at_rest(client, app):
    client.post(URL, json=application())
    from sqlalchemy import text

    row = session().execute(text("SELECT * FROM auth_account")).mappings().one()
    stored = " ".join(str(value) for value in row.values())
    assert NIK not in stored
    assert NIK.encode() not in row["nik_ciphertext"]
    assert row["nik_key_id"] == "dev"


def test_the_nik_never_reaches_the_logs(client, caplog):
    with caplog.at_level("DEBUG"):
        client.post(URL, json=application())
        client.post(URL, json=application())  # refused as taken
    assert NIK not in caplog.text


def test_phone_alone_or_email_alone_is_enough(client):
    assert client.post(URL, json=application(email=None)).status_code == 201
    other = application(nik="3273011203850002", birth_date="1985-03-12", phone=None,
                        email="budi@contoh.id", full_name="Budi Santoso")
    assert client.post(URL, json=other).status_code == 201


def test_one_contact_is_required(client):
    response = client.post(URL, json=application(phone=None, email=None))
    assert response.status_code == 422 and "phone" in response.get_json()["errors"]


@pytest.mark.parametrize("changes, field", [
    ({"nik": "12345"}, "nik"),
    ({"nik": "9971015708900001"}, "nik"),           # no such province
    ({"birth_date": "1990-08-18"}, "nik"),          # does not match the NIK
    ({"phone": "+1 415 555 2671"}, "phone"),        # not Indonesian
    ({"phone": "0812"}, "phone"),
    ({"phone": "021-5551234"}, "phone"),            # a landline: no SMS code can reach it
    ({"phone": "0800-123-4567"}, "phone"),          # toll-free
    ({"email": "bukan-email"}, "email"),
    ({"password": "pendek"}, "password"),
    ({"password": "password123"}, "password"),
    ({"password": "aku 081234567890"}, "password"),  # contains the phone number
    ({"password": f"x{NIK}"}, "password"),           # contains the NIK
])
def test_invalid_applications_are_refused_per_field(client, changes, field):
    response = client.post(URL, json=application(**changes))
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_field_messages_are_localised(client):
    body = application(nik="12345")
    indonesian = client.post(URL, json=body, headers={"Accept-Language": "id"}).get_json()
    english = client.post(URL, json=body, headers={"Accept-Language": "en"}).get_json()
    assert indonesian["errors"]["nik"] == ["NIK harus 16 digit angka yang valid."]
    assert english["errors"]["nik"] == ["The NIK must be 16 valid digits."]


def test_unknown_and_privileged_fields_are_refused(client):
    for extra in ({"ial": "ial2"}, {"roles": ["platform_admin"]}, {"phone_verified_at": "2020-01-01"}):
        response = client.post(URL, json={**application(), **extra})
        assert response.status_code == 422, extra


def test_nik_is_unique(client):
    assert client.post(URL, json=application()).status_code == 201
    again = client.post(URL, json=application(phone="081299998888", email="lain@contoh.id"))
    assert again.status_code == 422 and "nik" in again.get_json()["errors"]


def test_verified_phone_is_unique_but_an_unverified_claim_gives_way(client, make_citizen):
    holder = make_citizen(phone="+6281234567890")
    taken = client.post(URL, json=application())
    assert taken.status_code == 422 and "phone" in taken.get_json()["errors"]
    session().get(Account, holder.id).phone_verified_at = None
    session().commit()
    assert client.post(URL, json=application()).status_code == 201
    assert session().get(Account, holder.id, populate_existing=True).phone is None


def test_phone_verification(client, outbox):
    client.post(URL, json=application())
    code = outbox.code_for("+6281234567890")
    wrong = client.post("/api/v1/accounts/verify",
                        json={"channel": "phone", "destination": "081234567890", "code": "00000000"})
    assert wrong.status_code == 422 and wrong.get_json()["type"].endswith("invalid-code")
    ok = client.post("/api/v1/accounts/verify",
                     json={"channel": "phone", "destination": "081234567890", "code": code})
    assert ok.status_code == 204
    account = service.find_account("+6281234567890")
    assert account is not None and account.phone_verified_at is not None
    reused = client.post("/api/v1/accounts/verify",
                         json={"channel": "phone", "destination": "081234567890", "code": code})
    assert reused.status_code == 422


def test_a_code_is_bound_to_its_purpose(client, outbox):
    client.post(URL, json=application())
    phone_code = outbox.code_for("+6281234567890")
    crossed = client.post("/api/v1/accounts/verify",
                          json={"channel": "email", "destination": "siti.r@contoh.id", "code": phone_code})
    assert crossed.status_code == 422


def test_resend_replaces_the_old_code_and_always_answers_202(client, outbox):
    client.post(URL, json=application())
    first = outbox.code_for("siti.r@contoh.id")
    resent = client.post("/api/v1/accounts/verify/resend",
                         json={"channel": "email", "destination": "siti.r@contoh.id"})
    assert resent.status_code == 202
    second = outbox.code_for("siti.r@contoh.id")
    assert len(outbox.messages("siti.r@contoh.id")) == 2
    assert session().query(OneTimeCode).filter_by(purpose="verify_email").count() == 1
    if first != second:
        old = client.post("/api/v1/accounts/verify",
                          json={"channel": "email", "destination": "siti.r@contoh.id", "code": first})
        assert old.status_code == 422
    ok = client.post("/api/v1/accounts/verify",
                     json={"channel": "email", "destination": "siti.r@contoh.id", "code": second})
    assert ok.status_code == 204
    nobody = client.post("/api/v1/accounts/verify/resend",
                         json={"channel": "email", "destination": "siapa@contoh.id"})
    assert nobody.status_code == 202
