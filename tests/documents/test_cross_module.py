"""Modules reading a citizen's documents and profile through consent, over the API only.

The scenario of issue 4: module B asks for a document module A issued; the citizen approves;
B reads it; the citizen's data-access log shows B, the time and the purpose; the citizen
withdraws; B's next read is 403 and is logged.
"""

import pytest
from platform_probe import assert_problem

from app import create_app
from app.db import utcnow

from .wallet_modules import KELAHIRAN, KELAHIRAN_OFFICER, SEKOLAH, SEKOLAH_OFFICER

DOCUMENT_ITEM = "document:akta_kelahiran"


@pytest.fixture(scope="session")
def modules_app(app, app_config):
    return create_app(app_config, services=[KELAHIRAN, SEKOLAH])


@pytest.fixture
def api(modules_app, db_session, oidc_signing_keys):
    return modules_app.test_client()


@pytest.fixture
def registrar(make_staff, account_headers):
    return account_headers(make_staff(KELAHIRAN_OFFICER, agency="dukcapil", full_name="Petugas Dukcapil"),
                           "openid")


@pytest.fixture
def school(make_staff, account_headers):
    return account_headers(make_staff(SEKOLAH_OFFICER, agency="kemendikdasmen", full_name="Petugas Sekolah"),
                           "openid")


@pytest.fixture
def data(citizen, account_headers):
    return account_headers(citizen, "data")


@pytest.fixture
def certificate(api, citizen, registrar, school):
    """A birth certificate `kelahiran` issued. The staff are made before this first request: a
    request's teardown replaces the scoped session, and make_staff's MFA enrolment would then
    commit a session its account is not in."""
    response = api.post(f"/api/v1/kelahiran/citizens/{citizen.id}/certificates", headers=registrar,
                        json={"child_name": "Adi Saputra", "birth_date": "2019-03-02"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def approve(api, headers, request_id) -> None:
    response = api.post(f"/api/v1/me/data-sharing/requests/{request_id}/approve", headers=headers)
    assert response.status_code == 200, response.get_json()


def ask(api, school, citizen, *items) -> str:
    response = api.post(f"/api/v1/sekolah/citizens/{citizen.id}/consent-requests", headers=school,
                        json={"items": list(items)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_a_module_reads_another_modules_document_only_while_the_citizen_consents(
        api, citizen, certificate, school, data):
    read_url = f"/api/v1/sekolah/citizens/{citizen.id}/documents/akta_kelahiran"
    body = assert_problem(api.get(read_url, headers=school), 403)
    assert body["refused"] == [DOCUMENT_ITEM]

    approve(api, data, ask(api, school, citizen, DOCUMENT_ITEM))
    before = utcnow()
    response = api.get(read_url, headers=school)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["id"] == certificate
    assert response.get_json()["data"] == {"nama_anak": "Adi Saputra", "tanggal_lahir": "2019-03-02"}

    log = api.get("/api/v1/me/data-access", headers={**data, "Accept-Language": "en"}).get_json()["items"]
    latest = log[0]
    assert latest["module"]["slug"] == "sekolah" and latest["outcome"] == "allowed"
    assert latest["purpose"]["code"] == "enrolment"
    assert latest["purpose"]["description"] == "Enrolling a child at school"
    assert latest["time"] >= before.isoformat()[:19]

    [consent] = api.get("/api/v1/me/data-sharing/consents", headers=data).get_json()
    withdrawn = api.post(f"/api/v1/me/data-sharing/consents/{consent['id']}/withdraw", headers=data)
    assert withdrawn.status_code == 200
    assert_problem(api.get(read_url, headers=school), 403)
    log = api.get("/api/v1/me/data-access", headers=data).get_json()["items"]
    assert [entry["outcome"] for entry in log] == ["refused", "allowed", "refused"]


def test_the_citizen_shares_one_document_from_the_wallet(api, citizen, certificate, school, data,
                                                         account_headers):
    wallet = account_headers(citizen, "documents")
    shared = api.post(f"/api/v1/me/documents/{certificate}/module-shares", headers=wallet,
                      json={"module": "sekolah", "purpose": "enrolment", "days": 7})
    assert shared.status_code == 201, shared.get_json()
    by_id = f"/api/v1/sekolah/citizens/{citizen.id}/documents/{certificate}"
    assert_problem(api.get(by_id, headers=school), 403)  # not until the citizen approves
    approve(api, data, shared.get_json()["consent_request_id"])
    assert api.get(by_id, headers=school).status_code == 200
    # consent to this one document does not open the type (a later certificate stays closed)
    assert_problem(api.get(f"/api/v1/sekolah/citizens/{citizen.id}/documents/akta_kelahiran",
                           headers=school), 403)


@pytest.mark.parametrize(("body", "field"), [
    ({"module": "nosuchmodule", "purpose": "enrolment"}, "module"),
    ({"module": "sekolah", "purpose": "marketing"}, "purpose"),
    ({"module": "kelahiran", "purpose": "enrolment"}, "purpose"),  # declares no data use
])
def test_a_module_share_needs_a_declared_purpose(api, citizen, certificate, account_headers, body, field):
    response = api.post(f"/api/v1/me/documents/{certificate}/module-shares",
                        headers=account_headers(citizen, "documents"), json=body)
    assert assert_problem(response, 422)["errors"].keys() == {field}


def test_a_revocation_reaches_the_reading_module(api, citizen, certificate, registrar, school, data):
    approve(api, data, ask(api, school, citizen, DOCUMENT_ITEM))
    revoked = api.post(f"/api/v1/kelahiran/certificates/{certificate}/revoke", headers=registrar)
    assert revoked.status_code == 204
    read = api.get(f"/api/v1/sekolah/citizens/{citizen.id}/documents/{certificate}", headers=school)
    assert read.get_json()["status"] == "revoked"
    # by type, only valid documents are found
    assert api.get(f"/api/v1/sekolah/citizens/{citizen.id}/documents/akta_kelahiran",
                   headers=school).status_code == 404


def test_another_citizens_document_id_is_not_found_for_the_module(api, citizen, certificate, school,
                                                                 make_citizen):
    other = make_citizen(full_name="Budi Santoso", sex="M")
    response = api.get(f"/api/v1/sekolah/citizens/{other.id}/documents/{certificate}", headers=school)
    assert response.status_code == 404


def test_prefill_returns_only_the_consented_fields(api, citizen, school, data, db_session):
    prefill = f"/api/v1/sekolah/citizens/{citizen.id}/prefill"
    fields = ["full_name", "birth_date", "address"]
    refused = assert_problem(api.post(prefill, headers=school, json={"fields": fields}), 403)
    assert refused["refused"] == [f"profile:{name}" for name in fields]
    approve(api, data, ask(api, school, citizen, "profile:full_name", "profile:birth_date"))
    response = api.post(prefill, headers=school, json={"fields": fields})
    assert response.status_code == 200
    assert response.get_json() == {"full_name": {"value": "Rina Marlina", "source": "self"},
                                   "birth_date": {"value": "1992-05-14", "source": "self"}}
    log = api.get("/api/v1/me/data-access", headers=data).get_json()["items"]
    assert log[0]["outcome"] == "partial" and log[0]["refused"] == ["profile:address"]
    assert log[1]["outcome"] == "refused"
