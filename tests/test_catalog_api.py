from app.catalog.service import upsert_entries
from app.modules.descriptor import CatalogEntry


def add_entries(db_session, *entries, module="katalogtest", agency="kemendagri"):
    upsert_entries(module, agency, entries)
    db_session.commit()


KTP = CatalogEntry(
    code="ktp",
    title={"id": "Penerbitan KTP elektronik", "en": "Electronic ID card issuance"},
    summary={"id": "Ajukan KTP-el baru.", "en": "Apply for a new e-ID card."},
    category="kependudukan",
    keywords={"id": "identitas", "en": "identity"},
)
CAFE = CatalogEntry(
    code="cafe",
    title={"id": "Izin usaha kafé", "en": "Café business permit"},
    summary={"id": "Izin untuk membuka kafé.", "en": "Permit to open a café."},
    category="perizinan",
    regions=("82.71",),
    agency="bapenda-82",
)


def test_lists_entries_in_the_callers_language(client, db_session):
    add_entries(db_session, KTP, CAFE)
    body = client.get("/api/v1/catalog", headers={"Accept-Language": "en"}).get_json()
    titles = [item["title"] for item in body["items"]]
    assert titles == ["Café business permit", "Electronic ID card issuance"]
    assert body["total"] == 2
    body = client.get("/api/v1/catalog").get_json()
    assert [item["title"] for item in body["items"]] == [
        "Izin usaha kafé", "Penerbitan KTP elektronik"]


def test_search_ignores_case_and_accents_in_both_languages(client, db_session):
    add_entries(db_session, KTP, CAFE)
    for q in ("CAFE", "kafe", "café", "IDENTITY", "ktp-el", "elektro"):
        items = client.get("/api/v1/catalog", query_string={"q": q}).get_json()["items"]
        assert len(items) == 1, q


def test_region_filter_keeps_nationwide_and_matching_entries(client, db_session):
    add_entries(db_session, KTP, CAFE)
    codes = lambda region: sorted(  # noqa: E731
        item["code"] for item in client.get(
            "/api/v1/catalog", query_string={"region": region}).get_json()["items"])
    assert codes("82.71") == ["cafe", "ktp"]
    assert codes("82") == ["cafe", "ktp"]
    assert codes("31") == ["ktp"]


def test_etag_revalidation_answers_304_without_queries(client, db_session, count_queries):
    add_entries(db_session, KTP)
    first = client.get("/api/v1/catalog")
    etag = first.headers["ETag"]
    with count_queries() as counter:
        again = client.get("/api/v1/catalog", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert counter.count == 0
    add_entries(db_session, KTP, CAFE)
    assert client.get("/api/v1/catalog", headers={"If-None-Match": etag}).status_code == 200


def test_page_size_is_capped_with_a_clear_error(client):
    response = client.get("/api/v1/catalog?per_page=5000", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"] == {"per_page": ["Must be greater than or equal to 1 and less than or equal to 100."]}


def test_unknown_query_parameter_is_refused(client):
    response = client.get("/api/v1/catalog?colour=red")
    assert response.status_code == 422
    assert "colour" in response.get_json()["errors"]
