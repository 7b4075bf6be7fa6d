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
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert counter.count == 0
    add_entries(db_session, KTP, CAFE)
    assert client.get("/api/v1/catalog", headers={"If-None-Match": etag}).status_code == 200


def test_page_size_is_capped_with_a_clear_error(client):
    response = client.get("/api/v1/catalog?per_page=5000", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"] == {
        "per_page": ["Must be greater than or equal to 1 and less than or equal to 100."]}


def test_unknown_query_parameter_is_refused(client):
    response = client.get("/api/v1/catalog?colour=red")
    assert response.status_code == 422
    assert "colour" in response.get_json()["errors"]


def _permit(number: int, *regions: str) -> CatalogEntry:
    return CatalogEntry(
        code=f"izin-{number}",
        title={"id": f"Izin reklame {number:02d}", "en": f"Billboard permit {number:02d}"},
        summary={"id": "Izin memasang reklame.", "en": "Permit to put up a billboard."},
        category="perizinan",
        regions=regions,
    )


def test_bodies_carry_exactly_the_documented_fields(client, db_session):
    from app.catalog.schemas import EntryPage, EntrySchema

    add_entries(db_session, KTP, CAFE)
    body = client.get("/api/v1/catalog").get_json()
    assert EntryPage().dump(body) == body
    for item in body["items"]:
        assert set(item) == set(EntrySchema().fields)
        assert set(item["agency"]) == {"code", "name", "level", "region"}
    one = client.get(f"/api/v1/catalog/{body['items'][0]['id']}").get_json()
    assert one == body["items"][0]
    assert EntrySchema().dump(one) == one


def test_search_pages_cover_every_match_once_with_an_exact_total(client, db_session):
    add_entries(db_session, *(_permit(n, "82.71", "82") for n in range(25)), CAFE)

    def page(number: int) -> dict:
        query = {"q": "reklame", "per_page": 10, "page": number}
        return client.get("/api/v1/catalog", query_string=query).get_json()

    pages = [page(1), page(2), page(3)]
    assert [body["total"] for body in pages] == [25, 25, 25]
    codes = [item["code"] for body in pages for item in body["items"]]
    assert sorted(codes) == sorted(f"izin-{n}" for n in range(25))  # each match exactly once
    assert page(2) == pages[1]  # a stable order, so paging is consistent
    assert pages[0]["items"][0]["regions"] == ["82", "82.71"]
    beyond = page(9)
    assert beyond["items"] == [] and beyond["total"] == 25


def test_browsing_is_in_title_order(client, db_session):
    add_entries(db_session, *(_permit(n) for n in (3, 1, 2)))
    body = client.get("/api/v1/catalog", headers={"Accept-Language": "en"}).get_json()
    assert [item["title"] for item in body["items"]] == [
        "Billboard permit 01", "Billboard permit 02", "Billboard permit 03"]


def test_totals_follow_catalog_changes(client, db_session):
    add_entries(db_session, _permit(1))
    search = {"q": "billboard"}
    assert client.get("/api/v1/catalog", query_string=search).get_json()["total"] == 1
    assert client.get("/api/v1/catalog").get_json()["total"] == 1
    add_entries(db_session, _permit(1), _permit(2))
    assert client.get("/api/v1/catalog", query_string=search).get_json()["total"] == 2
    assert client.get("/api/v1/catalog").get_json()["total"] == 2


def test_unknown_entry_is_a_404_problem(client):
    response = client.get("/api/v1/catalog/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def _service(code: str, title: str, keywords: str = "") -> CatalogEntry:
    return CatalogEntry(code=code, title={"id": title, "en": title}, category="perizinan",
                        summary={"id": "Layanan.", "en": "Service."},
                        keywords={"id": keywords, "en": keywords})


def test_search_ranks_title_matches_first_across_pages(client, db_session):
    """Entries whose title holds the words come before those that only mention them, whatever
    the page size (a page may span both kinds); shorter, more specific titles lead."""
    titled = [_service("t-long", "Perpanjangan izin reklame papan nama toko keliling"),
              _service("t-short", "Izin reklame"), _service("t-mid", "Pencabutan izin reklame")]
    mentioned = [_service(f"m-{n}", f"Layanan perizinan nomor {n}", keywords="reklame") for n in range(4)]
    add_entries(db_session, *mentioned, *titled)
    codes = []
    for number in (1, 2, 3, 4):
        body = client.get("/api/v1/catalog", query_string={"q": "reklame izin", "per_page": 2,
                                                           "page": number}).get_json()
        assert body["total"] == 3  # no word of the other entries starts with "izin"
        codes += [item["code"] for item in body["items"]]
    assert codes == ["t-short", "t-mid", "t-long"]  # shortest title first: most of it is the match
    codes = []
    for number in (1, 2, 3, 4):
        body = client.get("/api/v1/catalog", query_string={"q": "reklame", "per_page": 2,
                                                           "page": number}).get_json()
        assert body["total"] == 7
        codes += [item["code"] for item in body["items"]]
    assert set(codes[:3]) == {"t-short", "t-mid", "t-long"} and len(set(codes)) == 7
    assert sorted(codes[3:]) == [f"m-{n}" for n in range(4)]
