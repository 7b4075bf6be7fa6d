"""/api/v1/me/profile: seeding, field-level changes with ETag / If-Match, validation, history."""

from datetime import date

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.profile.models import ProfileChange, ProfileField

URL = "/api/v1/me/profile"
ADDRESS = {"province_code": "32", "regency_code": "32.73", "district_code": "32.73.05",
           "village_code": "32.73.05.1001", "street": "Jl. Braga No. 5", "rt": "004", "rw": "011",
           "postal_code": "40111"}
KK = "3273051205100007"  # Kota Bandung, issued 12-05-2010, serial 0007


@pytest.fixture
def headers(citizen, account_headers):
    return account_headers(citizen, "profile", "account")


def read(client, headers):
    response = client.get(URL, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json(), response.headers["ETag"]


def patch(client, headers, etag, body, **extra):
    return client.patch(URL, headers={**headers, "If-Match": etag, **extra}, json=body)


def test_a_new_profile_is_seeded_from_the_account(client, citizen, headers):
    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store" and response.headers["ETag"]
    body = response.get_json()
    fields = body["fields"]
    assert body["version"] == 0
    assert fields["full_name"] == {"value": "Rina Marlina", "source": "self", "verified_at": None}
    assert fields["birth_date"]["value"] == "1992-05-14" and fields["sex"]["value"] == "F"
    assert fields["phone"]["value"] == citizen.phone and fields["phone"]["verified_at"] is not None
    assert fields["email"]["value"] == citizen.email
    assert fields["address"] == {"value": None, "source": None, "verified_at": None}


def test_a_registry_confirmed_identity_seeds_verified_fields(client, make_citizen, account_headers,
                                                             db_session):
    account = make_citizen(ial="ial2")
    account.identity_verified_at = utcnow()
    db_session.commit()
    body, _ = read(client, account_headers(account, "profile"))
    assert body["fields"]["full_name"]["source"] == "registry:dukcapil"
    assert body["fields"]["birth_date"]["verified_at"] is not None


def test_reading_needs_the_profile_scope_and_writing_the_account_scope(client, citizen, account_headers):
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers=account_headers(citizen, "account")).status_code == 403
    reader = account_headers(citizen, "profile")
    _, etag = read(client, reader)
    denied = patch(client, reader, etag, {"birth_place": "Bandung"})
    assert denied.status_code == 403 and "insufficient_scope" in denied.headers["WWW-Authenticate"]


def test_staff_have_no_citizen_profile(client, officer, account_headers):
    assert client.get(URL, headers=account_headers(officer, "profile")).status_code == 404


def test_a_change_without_if_match_is_428(client, headers):
    response = client.patch(URL, headers=headers, json={"birth_place": "Bandung"})
    assert response.status_code == 428
    assert response.mimetype == "application/problem+json"
    assert patch(client, headers, "*", {"birth_place": "Bandung"}).status_code == 428


def test_a_change_against_a_stale_etag_is_412(client, headers):
    _, etag = read(client, headers)
    assert patch(client, headers, etag, {"birth_place": "Bandung"}).status_code == 200
    stale = patch(client, headers, etag, {"birth_place": "Cimahi"})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    body, _ = read(client, headers)
    assert body["fields"]["birth_place"]["value"] == "Bandung"
    assert patch(client, headers, '"not-an-etag"', {"birth_place": "Cimahi"}).status_code == 412
    assert patch(client, headers, f"W/{etag}", {"birth_place": "Cimahi"}).status_code == 412  # strong only


def test_field_level_change_stores_values_and_answers_the_new_etag(client, headers):
    _, etag = read(client, headers)
    response = patch(client, headers, etag, {"address": ADDRESS, "family_card_number": KK,
                                             "phone": "0812-1111-2222"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == 1 and response.headers["ETag"] != etag
    assert body["fields"]["address"]["value"] == ADDRESS
    assert body["fields"]["family_card_number"] == {"value": KK, "source": "self", "verified_at": None}
    assert body["fields"]["phone"]["value"] == "+6281211112222"  # normalised, and no longer verified
    assert body["fields"]["phone"]["verified_at"] is None
    assert body["fields"]["full_name"]["value"] == "Rina Marlina"  # untouched fields stay
    again = patch(client, headers, response.headers["ETag"], {"address": None})
    assert again.status_code == 200 and again.get_json()["fields"]["address"]["value"] is None
    assert again.get_json()["version"] == 2


def test_the_same_value_again_changes_nothing(client, headers):
    _, etag = read(client, headers)
    response = patch(client, headers, etag, {"full_name": "Rina Marlina"})
    assert response.status_code == 200
    assert response.headers["ETag"] == etag and response.get_json()["version"] == 0


def test_a_self_edit_of_a_verified_field_resets_its_verification(client, make_citizen, account_headers,
                                                                 db_session):
    account = make_citizen(ial="ial2")
    account.identity_verified_at = utcnow()
    db_session.commit()
    headers = account_headers(account, "profile", "account")
    _, etag = read(client, headers)
    kept = patch(client, headers, etag, {"full_name": "Rina Marlina", "birth_place": "Garut"})
    assert kept.get_json()["fields"]["full_name"]["source"] == "registry:dukcapil"
    changed = patch(client, headers, kept.headers["ETag"], {"full_name": "Rina Marlina Putri"})
    field = changed.get_json()["fields"]["full_name"]
    assert field == {"value": "Rina Marlina Putri", "source": "self", "verified_at": None}
    assert changed.get_json()["fields"]["birth_date"]["source"] == "registry:dukcapil"


@pytest.mark.parametrize(("body", "field"), [
    ({"family_card_number": "32730512051000"}, "family_card_number"),  # 14 digits
    ({"family_card_number": "0073051205100007"}, "family_card_number"),  # no province 00
    ({"family_card_number": "3273053102100007"}, "family_card_number"),  # 31 February
    ({"family_card_number": "3273051205100000"}, "family_card_number"),  # serial 0000
    ({"family_card_number": "9973051205100007"}, "family_card_number"),  # unknown province
    ({"address": {**ADDRESS, "district_code": "33.74.05"}}, "address"),  # not in its regency
    ({"address": {**ADDRESS, "rt": "4"}}, "address"),
    ({"address": {**ADDRESS, "rt": "004\n"}}, "address"),  # "$" alone lets a final newline in
    ({"address": {**ADDRESS, "rt": "\u0660\u0660\u0664"}}, "address"),  # Arabic-Indic digits are no RT
    ({"family_card_number": KK + "\n"}, "family_card_number"),
    ({"address": {**ADDRESS, "postal_code": "0111"}}, "address"),
    ({"address": {**ADDRESS, "province_code": "99", "regency_code": "99.01", "district_code": "99.01.01",
                  "village_code": "99.01.01.1001"}}, "address"),
    ({"address": {key: value for key, value in ADDRESS.items() if key != "street"}}, "address"),
    ({"birth_date": "2999-01-01"}, "birth_date"),
    ({"sex": "X"}, "sex"),
    ({"phone": "12345"}, "phone"),
    ({"email": "not-an-address"}, "email"),
    ({"full_name": None}, "full_name"),
    ({"household": [{"name": "Adi", "relationship": "cousin"}]}, "household"),
    ({"household": [{"name": "Adi", "relationship": "child",
                     "account_id": "7b1d0c9e-9a43-4a53-9f41-2b9f1c8e0d11"}]}, "household"),
    ({"nik": "3171015405920001"}, "nik"),  # unknown fields are refused
    ({"verified_at": "2026-01-01T00:00:00Z"}, "verified_at"),  # no mass assignment
])
def test_invalid_values_are_422_per_field(client, headers, body, field):
    _, etag = read(client, headers)
    response = patch(client, headers, etag, body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]


def test_field_messages_exist_in_both_languages(client, headers):
    _, etag = read(client, headers)
    body = {"family_card_number": "0073051205100007"}
    indonesian = patch(client, headers, etag, body, **{"Accept-Language": "id"}).get_json()
    english = patch(client, headers, etag, body, **{"Accept-Language": "en"}).get_json()
    assert indonesian["errors"]["family_card_number"] == ["Kode wilayah pada nomor KK tidak valid."]
    assert english["errors"]["family_card_number"] == ["The region code in the KK number is not valid."]


def test_household_members_link_citizen_accounts_or_stay_plain(client, headers, make_citizen):
    child = make_citizen(full_name="Adi Saputra", birth_date=date(2015, 3, 2), sex="M")
    _, etag = read(client, headers)
    members = [{"account_id": str(child.id), "name": "Adi Saputra", "relationship": "child",
                "birth_date": "2015-03-02"},
               {"name": "Siti Aminah", "relationship": "parent"}]
    response = patch(client, headers, etag, {"household": members})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["fields"]["household"]["value"] == [
        members[0], {"account_id": None, "name": "Siti Aminah", "relationship": "parent", "birth_date": None}]


def test_history_shows_the_citizen_old_and_new_values(client, headers, citizen, account_headers):
    _, etag = read(client, headers)
    first = patch(client, headers, etag, {"birth_place": "Bandung", "family_card_number": KK})
    patch(client, headers, first.headers["ETag"], {"birth_place": "Cimahi"})
    response = client.get(f"{URL}/history", headers=headers)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["total"] == 3
    newest = body["items"][0]
    assert newest["field"] == "birth_place" and newest["version"] == 2 and newest["actor"] == "self"
    assert (newest["old_value"], newest["new_value"]) == ("Bandung", "Cimahi")
    assert {item["field"] for item in body["items"][1:]} == {"birth_place", "family_card_number"}
    paged = client.get(f"{URL}/history?per_page=1&page=3", headers=headers).get_json()
    assert paged["items"][0]["version"] == 1 and paged["total"] == 3
    assert client.get(f"{URL}/history", headers=account_headers(citizen, "account")).status_code == 403


def test_one_citizen_never_sees_another_ones_profile(client, headers, make_citizen, account_headers):
    _, etag = read(client, headers)
    patch(client, headers, etag, {"family_card_number": KK})
    other = account_headers(make_citizen(full_name="Budi Santoso", sex="M"), "profile")
    body, _ = read(client, other)
    assert body["fields"]["full_name"]["value"] == "Budi Santoso"
    assert body["fields"]["family_card_number"]["value"] is None
    assert client.get(f"{URL}/history", headers=other).get_json()["total"] == 0


def test_values_are_sealed_at_rest_and_never_logged(client, headers, db_session, caplog):
    _, etag = read(client, headers)
    with caplog.at_level("DEBUG"):
        assert patch(client, headers, etag, {"family_card_number": KK}).status_code == 200
        patch(client, headers, etag, {"family_card_number": KK})  # a 412 is logged too
    assert KK not in caplog.text
    stored = db_session.scalars(select(ProfileField.sealed_value)).all()
    changes = db_session.scalars(select(ProfileChange.sealed_new)).all()
    assert stored and not any(KK.encode() in blob for blob in [*stored, *filter(None, changes)])
