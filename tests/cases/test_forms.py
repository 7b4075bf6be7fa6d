"""Forms are checked against the service's JSON Schema on submission (per-field 422 in the
caller's language); prefill reads profile fields through the consent service."""

from __future__ import annotations

from .conftest import BILLBOARD, EVENT, ME


def test_per_field_errors_in_both_languages(client, me, file_case):
    bad = {**BILLBOARD, "jenis_reklame": "balon udara", "lebar_m": 0, "lama_bulan": 24, "warna": "merah"}
    del bad["lokasi"]
    for language, required in (("id", "Isian wajib diisi."), ("en", "This field is required.")):
        response = client.post(ME, headers={**me, "Accept-Language": language}, json={
            "module": "perizinan", "service": "izin-reklame", "form": bad, "submit": True})
        assert response.status_code == 422
        assert response.mimetype == "application/problem+json"
        errors = response.get_json()["errors"]["form"]
        assert set(errors) == {"lokasi", "jenis_reklame", "lebar_m", "lama_bulan", "warna"}
        assert errors["lokasi"] == [required]
    assert client.get(ME, headers=me).get_json()["total"] == 0  # nothing was written


def test_a_draft_may_be_incomplete_but_not_submitted(client, me, file_case):
    draft = file_case(form={"nama_kegiatan": "Pawai"}, submit=False)
    refused = client.post(f"{ME}/{draft['id']}/submit", headers=me, json={})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]["form"]) == {"tempat", "tanggal", "perkiraan_peserta"}
    patched = client.patch(f"{ME}/{draft['id']}", headers=me, json={"form": EVENT})
    assert patched.status_code == 200
    assert client.post(f"{ME}/{draft['id']}/submit", headers=me, json={}).get_json()["state"] == "in_review"
    assert client.patch(f"{ME}/{draft['id']}", headers=me, json={"form": EVENT}).status_code == 409


def test_types_and_formats(client, me, file_case):
    response = client.post(ME, headers={**me, "Accept-Language": "en"}, json={
        "module": "perizinan", "service": "izin-keramaian", "submit": True,
        "form": {**EVENT, "tanggal": "20-12-2026", "perkiraan_peserta": "banyak"}})
    errors = response.get_json()["errors"]["form"]
    assert errors["tanggal"] == ["Not a valid date."]
    assert errors["perkiraan_peserta"] == ["Must be of type integer."]


def test_unknown_service_and_strict_bodies(client, me):
    unknown = client.post(ME, headers=me, json={"module": "perizinan", "service": "izin-terbang", "form": {}})
    assert unknown.status_code == 404
    not_a_case = client.post(ME, headers=me, json={"module": "pengumuman", "service": "announcements"})
    assert not_a_case.status_code == 404
    mass = client.post(ME, headers=me, json={"module": "perizinan", "service": "izin-keramaian",
                                             "state": "approved"})
    assert mass.status_code == 422 and "state" in mass.get_json()["errors"]


def test_prefill_needs_consent_then_fills(client, me, citizen, account_headers):
    query = f"{ME}/prefill?module=perizinan&service=izin-keramaian"
    refused = client.get(query, headers=me)
    assert refused.status_code == 403
    _consent(client, account_headers, citizen)
    values = client.get(query, headers=me).get_json()["values"]
    assert values["full_name"] == citizen.full_name
    filed = client.post(ME, headers=me, json={"module": "perizinan", "service": "izin-keramaian",
                                              "form": EVENT, "prefill": True, "submit": True})
    assert filed.status_code == 201, filed.get_json()
    assert filed.get_json()["form"]["full_name"] == citizen.full_name


def _consent(client, account_headers, citizen):
    """The citizen approves the module's consent request for its declared purpose."""
    from app.db import session
    from app.registry import services

    request_id = services().get("consent").request(
        subject=citizen.id, module="perizinan", purpose="permit_application",
        items=("profile:full_name", "profile:phone"), actor="system")
    session().commit()
    headers = account_headers(citizen, "data")
    approved = client.post(f"/api/v1/me/data-sharing/requests/{request_id}/approve", headers=headers)
    assert approved.status_code in (200, 201), approved.get_json()


def test_service_definition_is_public(client):
    body = client.get("/api/v1/cases/services/perizinan/izin-reklame",
                      headers={"Accept-Language": "en"}).get_json()
    assert body["title"] == "Billboard Permit" and body["fee"] == 150_000 and body["sla_days"] == 5
    assert body["form"]["required"][0] == "nama_usaha"
    assert body["states"] == {"site_inspection": "Site inspection"}
    assert body["document_type"] == "izin_reklame" and body["prefill"] == ["full_name", "phone"]
    assert client.get("/api/v1/cases/services/perizinan/tidak-ada").status_code == 404
    assert client.get("/api/v1/cases/services/pengumuman/announcements").status_code == 404
