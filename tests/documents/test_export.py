"""The citizen's data export (GET /api/v1/me/export) has a profile and a documents section."""

from tests.documents.conftest import DATA

KK = "3273051205100007"


def test_the_export_holds_the_profile_with_history_and_the_documents(client, citizen, account_headers, issue):
    headers = account_headers(citizen, "profile", "account", "documents", "data")
    etag = client.get("/api/v1/me/profile", headers=headers).headers["ETag"]
    client.patch("/api/v1/me/profile", headers={**headers, "If-Match": etag}, json={"family_card_number": KK})
    ref = issue(citizen)
    client.post(f"/api/v1/me/documents/{ref.id}/links", headers=headers, json={"hours": 1})
    response = client.get("/api/v1/me/export", headers=headers)
    assert response.status_code == 200, response.get_json()
    sections = response.get_json()["sections"]
    profile = sections["profile"]
    assert profile["fields"]["family_card_number"]["value"] == KK and profile["version"] == 1
    assert profile["history"][0]["field"] == "family_card_number"
    [document] = sections["documents"]
    assert document["id"] == str(ref.id) and document["data"] == DATA
    assert document["title"] == {"id": "Surat Keterangan Domisili", "en": "Certificate of Domicile"}
    assert len(document["links"]) == 1 and "token_hash" not in document["links"][0]


def test_nothing_stored_means_no_sections_of_ours(client, citizen, account_headers):
    response = client.get("/api/v1/me/export", headers=account_headers(citizen, "data"))
    sections = response.get_json()["sections"]
    assert "profile" not in sections and "documents" not in sections
