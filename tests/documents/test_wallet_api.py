"""/api/v1/me/documents: the citizen's own documents only, PDF with a QR code, scope checks."""

import io
import uuid

import pytest
import segno
from PIL import Image, ImageChops
from pypdf import PdfReader

from app.documents.rendering import verify_url
from tests.documents.conftest import DATA, ISSUER

URL = "/api/v1/me/documents"


def test_the_wallet_lists_the_citizen_documents_newest_first(client, citizen, wallet, issue):
    first = issue(citizen)
    second = issue(citizen, type="izin_keramaian")
    response = client.get(URL, headers=wallet)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["total"] == 2 and [item["id"] for item in body["items"]] == [str(second.id), str(first.id)]
    item = body["items"][1]
    assert item["title"] == "Surat Keterangan Domisili" and item["module"] == ISSUER
    assert item["agency"] == "kemendagri" and item["status"] == "valid" and "data" not in item
    english = client.get(URL, headers={**wallet, "Accept-Language": "en"}).get_json()
    assert english["items"][1]["title"] == "Certificate of Domicile"
    only = client.get(f"{URL}?type=izin_keramaian", headers=wallet).get_json()
    assert [item["id"] for item in only["items"]] == [str(second.id)]
    assert client.get(f"{URL}?status=revoked", headers=wallet).get_json()["total"] == 0
    assert client.get(f"{URL}?owner=someone", headers=wallet).status_code == 422


def test_reading_one_document_shows_its_data_and_token(client, citizen, wallet, issue):
    ref = issue(citizen)
    response = client.get(f"{URL}/{ref.id}", headers=wallet)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["data"] == DATA and body["holder_name"] == "Rina Marlina" and body["token"] == ref.token


def test_a_citizen_cannot_reach_another_ones_documents(client, citizen, issue, make_citizen, account_headers):
    ref = issue(citizen)
    other = account_headers(make_citizen(full_name="Budi Santoso", sex="M"), "documents")
    assert client.get(URL, headers=other).get_json()["total"] == 0
    for path in (f"{URL}/{ref.id}", f"{URL}/{ref.id}/pdf", f"{URL}/{ref.id}/links"):
        theirs = client.get(path, headers=other)
        random = client.get(path.replace(str(ref.id), str(uuid.uuid4())), headers=other)
        assert theirs.status_code == random.status_code == 404
        assert theirs.get_json().keys() == random.get_json().keys()
    assert client.post(f"{URL}/{ref.id}/links", headers=other, json={}).status_code == 404


@pytest.mark.parametrize("path", ["", "/{id}", "/{id}/pdf", "/{id}/links"])
def test_the_wallet_needs_the_documents_scope(client, citizen, issue, account_headers, path):
    ref = issue(citizen)
    url = URL + path.format(id=ref.id)
    assert client.get(url).status_code == 401
    denied = client.get(url, headers=account_headers(citizen, "profile"))
    assert denied.status_code == 403 and "insufficient_scope" in denied.headers["WWW-Authenticate"]


def test_the_pdf_shows_the_document_and_a_qr_code_of_its_verification_link(client, citizen, wallet, issue):
    ref = issue(citizen)
    response = client.get(f"{URL}/{ref.id}/pdf", headers={**wallet, "Accept-Language": "en"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    page = PdfReader(io.BytesIO(response.data)).pages[0]
    text = page.extract_text()
    for expected in ("Certificate of Domicile", "Rina Marlina", "Valid", "SKD/2026/0042", str(ref.id)):
        assert expected in text
    [image] = page.images
    expected_qr = io.BytesIO()
    segno.make(verify_url("http://localhost", ref.token), error="m").save(expected_qr, kind="png", scale=4,
                                                                         border=2)
    expected_qr.seek(0)
    printed, wanted = image.image.convert("L"), Image.open(expected_qr).convert("L")
    assert printed.size == wanted.size and ImageChops.difference(printed, wanted).getbbox() is None


def test_every_wallet_route_answers_another_citizen_as_for_a_random_id(app, client, citizen, issue,
                                                                     make_citizen, account_headers):
    """Generic over the route map: each method of each /me/documents/<id>... route, called by
    someone else with the holder's document id, answers exactly as for an id that does not exist."""
    ref = issue(citizen)
    link = client.post(f"{URL}/{ref.id}/links", headers=account_headers(citizen, "documents"), json={})
    other = account_headers(make_citizen(full_name="Budi Santoso", sex="M"), "documents")

    def call(rule: str, method: str, document_id):
        path = rule.replace("<uuid:document_id>", str(document_id)).replace("<uuid:link_id>",
                                                                           link.get_json()["id"])
        return client.open(path, method=method, headers=other, json={} if method == "POST" else None)

    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(f"{URL}/<uuid:document_id>"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            theirs, random = call(rule.rule, method, ref.id), call(rule.rule, method, uuid.uuid4())
            assert theirs.status_code == random.status_code and theirs.status_code in (404, 422), rule.rule
            assert theirs.get_json().keys() == random.get_json().keys()
            checked += 1
    assert checked >= 6
    assert client.get(f"{URL}/{ref.id}", headers=account_headers(citizen, "documents")).status_code == 200


def test_the_status_filter_follows_the_status_shown(client, citizen, wallet, issue, db_session):
    """A valid document past its date is shown as expired, and filtered so."""
    from datetime import timedelta

    from app.db import utcnow
    from app.documents.models import Document

    current, lapsed, endless = issue(citizen), issue(citizen), issue(citizen, valid_until=None)
    db_session.get(Document, lapsed.id).valid_until = utcnow() - timedelta(days=1)
    db_session.commit()
    listed = {status: sorted(item["id"] for item in client.get(f"{URL}?status={status}", headers=wallet)
                             .get_json()["items"]) for status in ("valid", "expired")}
    assert listed == {"valid": sorted([str(current.id), str(endless.id)]), "expired": [str(lapsed.id)]}
    shown = {item["id"]: item["status"] for item in client.get(URL, headers=wallet).get_json()["items"]}
    assert shown[str(lapsed.id)] == "expired"
