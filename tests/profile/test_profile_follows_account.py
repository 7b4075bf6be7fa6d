"""A stored profile follows later changes of the account it was seeded from, in the same
transaction: a newly verified phone or email, a corrected name, a registry-confirmed identity;
sources and verification stay right, and a value a document confirmed is never downgraded."""

from __future__ import annotations

from datetime import date

import pytest

from app.db import session
from app.profile import service

PROFILE, ME = "/api/v1/me/profile", "/api/v1/me"


@pytest.fixture
def stored(client, account_headers):
    """`stored(account)`: the account's profile stored (a first edit), its fields returned."""

    def store(account):
        headers = account_headers(account, "profile", "account")
        etag = client.get(PROFILE, headers=headers).headers["ETag"]
        assert client.patch(PROFILE, headers={**headers, "If-Match": etag},
                            json={"birth_place": "Bandung"}).status_code == 200
        return fields(client, account_headers, account)

    return store


def fields(client, account_headers, account) -> dict:
    return client.get(PROFILE, headers=account_headers(account, "profile")).get_json()["fields"]


def test_a_new_verified_phone_reaches_the_stored_profile(client, citizen, account_headers, outbox, stored):
    assert stored(citizen)["phone"]["value"] == citizen.phone
    headers = account_headers(citizen, "account")
    started = client.post(f"{ME}/phone", headers=headers,
                          json={"phone": "081311112222", "password": citizen.test_password})
    assert started.status_code == 202
    unchanged = fields(client, account_headers, citizen)["phone"]
    assert unchanged["value"] == citizen.phone  # nothing changes before the code is confirmed
    code = outbox.code_for("+6281311112222")
    assert client.post(f"{ME}/phone/confirm", headers=headers, json={"code": code}).status_code == 200
    phone = fields(client, account_headers, citizen)["phone"]
    assert phone["value"] == "+6281311112222" and phone["source"] == "self" and phone["verified_at"]
    items, _total = service.history(citizen.id, page=1, per_page=10)
    assert items[0]["field"] == "phone" and items[0]["actor"] == "account"
    assert items[0]["old_value"] == unchanged["value"] and items[0]["new_value"] == "+6281311112222"


def test_a_new_email_replaces_a_different_one_the_citizen_typed(client, citizen, account_headers, outbox,
                                                                 stored):
    stored(citizen)
    headers = account_headers(citizen, "profile", "account")
    etag = client.get(PROFILE, headers=headers).headers["ETag"]
    client.patch(PROFILE, headers={**headers, "If-Match": etag}, json={"email": "ketik@contoh.id"})
    client.post(f"{ME}/email", headers=headers, json={"email": "baru@contoh.id",
                                                      "password": citizen.test_password})
    client.post(f"{ME}/email/confirm", headers=headers, json={"code": outbox.code_for("baru@contoh.id")})
    email = fields(client, account_headers, citizen)["email"]
    assert email["value"] == "baru@contoh.id" and email["verified_at"] is not None


def test_a_corrected_name_follows_and_is_the_citizens_own_word(client, citizen, account_headers, stored):
    stored(citizen)
    response = client.patch(ME, headers=account_headers(citizen, "account"), json={"full_name": "Rina M."})
    assert response.status_code == 200
    name = fields(client, account_headers, citizen)["full_name"]
    assert name == {"value": "Rina M.", "source": "self", "verified_at": None}


def test_a_registry_confirmed_identity_verifies_the_stored_fields(client, make_citizen, account_headers,
                                                                  stored):
    account = make_citizen(nik="3171015708900001", full_name="Siti Rahmawati", birth_date=date(1990, 8, 17))
    before = stored(account)
    assert before["full_name"]["source"] == "self" and before["full_name"]["verified_at"] is None
    verified = client.post(f"{ME}/identity/verify", headers=account_headers(account, "account"))
    assert verified.status_code == 200
    after = fields(client, account_headers, account)
    for name, value in (("full_name", "Siti Rahmawati"), ("birth_date", "1990-08-17"), ("sex", "F")):
        assert after[name]["value"] == value, name
        assert after[name]["source"] == "registry:dukcapil" and after[name]["verified_at"], name
    assert after["birth_place"]["value"] == "Bandung"  # fields the account does not hold stay


def test_a_document_confirmed_value_keeps_its_verification(client, citizen, account_headers, stored):
    from app.contracts.profile import FieldValue
    from app.db import utcnow
    from app.profile.service import _apply, follow_account
    from app.profile.store import load_state

    stored(citizen)
    confirmed = FieldValue(citizen.phone, "document:00000000-0000-4000-8000-000000000001", utcnow())
    _apply(load_state(citizen.id), {"phone": confirmed}, actor="pengumuman")
    session.commit()
    follow_account(citizen, {"phone": citizen.phone})  # e.g. the same number verified again
    phone = fields(client, account_headers, citizen)["phone"]
    assert phone["source"] == confirmed.source and phone["verified_at"] is not None


def test_a_contact_someone_else_proved_theirs_leaves_the_profile(client, make_citizen, account_headers,
                                                                 outbox, stored):
    claimer = make_citizen(verified=False)
    stored(claimer)
    owner = make_citizen()
    headers = account_headers(owner, "account")
    client.post(f"{ME}/phone", headers=headers,
                json={"phone": claimer.phone, "password": owner.test_password})
    assert client.post(f"{ME}/phone/confirm", headers=headers,
                       json={"code": outbox.code_for(claimer.phone)}).status_code == 200
    assert fields(client, account_headers, claimer)["phone"]["value"] is None


def test_a_profile_never_stored_simply_reads_the_account(client, citizen, account_headers):
    client.patch(ME, headers=account_headers(citizen, "account"), json={"full_name": "Rina M."})
    assert fields(client, account_headers, citizen)["full_name"]["value"] == "Rina M."
    assert service.current(citizen.id).row is None
