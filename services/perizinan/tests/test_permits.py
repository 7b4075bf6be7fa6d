"""Ternate's permits through the platform's APIs only, with the published test fixtures."""

import pytest

CASES = "/api/v1/me/cases"
QUEUE = "/api/v1/agency/cases"
EVENT = {"nama_kegiatan": "Festival Kora-Kora", "tempat": "Pantai Sulamadaha, Ternate",
         "tanggal": "2026-12-19", "perkiraan_peserta": 300}
BILLBOARD = {"nama_usaha": "Kopi Dabe", "lokasi": "Jl. Sultan Babullah No. 3, Ternate",
             "jenis_reklame": "neon_box", "lebar_m": 1.5, "tinggi_m": 1, "lama_bulan": 12}


@pytest.fixture
def applicant(citizen, account_headers):
    return account_headers(citizen, "cases", "documents")


@pytest.fixture
def dpmptsp(make_staff, account_headers):
    return account_headers(make_staff("officer", agency="dpmptsp-8271"))


def test_event_permit_end_to_end(client, applicant, dpmptsp):
    filed = client.post(CASES, headers=applicant, json={"module": "perizinan", "service": "izin-keramaian",
                                                         "form": EVENT, "submit": True})
    assert filed.status_code == 201, filed.get_json()
    case = filed.get_json()
    assert case["state"] == "in_review" and case["agency"] == "dpmptsp-8271" and case["fee"] == 0
    queue = client.get(f"{QUEUE}?service=izin-keramaian", headers=dpmptsp).get_json()
    assert [item["number"] for item in queue["items"]] == [case["number"]]
    approved = client.post(f"{QUEUE}/{case['id']}/transitions", headers=dpmptsp,
                           json={"to": "approved", "reason": "Lengkap"})
    assert approved.get_json()["state"] == "issued"
    document = client.get(f"/api/v1/me/documents/{approved.get_json()['document_id']}", headers=applicant)
    assert document.get_json()["type"] == "izin_keramaian"
    assert document.get_json()["data"]["tempat"] == EVENT["tempat"]


def test_billboard_permit_is_billed_and_inspected(client, applicant, dpmptsp):
    filed = client.post(CASES, headers=applicant, json={"module": "perizinan", "service": "izin-reklame",
                                                         "form": BILLBOARD, "submit": True}).get_json()
    assert filed["state"] == "payment_pending" and filed["fee"] == 150_000 and filed["invoice_id"]
    # not the officer's to move on before payment
    early = client.post(f"{QUEUE}/{filed['id']}/transitions", headers=dpmptsp,
                        json={"to": "site_inspection", "reason": ""})
    assert early.status_code == 409 and early.get_json()["allowed"] == []


def test_billboard_form_rules(client, applicant):
    refused = client.post(CASES, headers={**applicant, "Accept-Language": "en"}, json={
        "module": "perizinan", "service": "izin-reklame", "submit": True,
        "form": {**BILLBOARD, "jenis_reklame": "videotron", "lama_bulan": 13}})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]["form"]) == {"jenis_reklame", "lama_bulan"}


def test_permits_are_in_the_catalog_definition_api(client):
    body = client.get("/api/v1/cases/services/perizinan/izin-keramaian").get_json()
    assert body["fee"] == 0 and body["sla_days"] == 3 and body["title"] == "Izin Keramaian"
