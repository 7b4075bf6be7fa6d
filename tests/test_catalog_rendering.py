"""Catalog entries show every field as the API documents it, listed, searched or alone, on SQLite
and PostgreSQL alike (app/catalog/queries.py reads them without the ORM)."""

import uuid

from app.catalog.models import CatalogEntry as EntryRow
from app.catalog.service import upsert_entries
from app.modules.descriptor import CatalogEntry

REGIONAL = CatalogEntry(
    code="pbb-kota", title={"id": "Pembayaran PBB Kota", "en": "City land tax payment"},
    summary={"id": "Bayar PBB \u00e9 \"kutip\".", "en": "Pay land tax \u00e9 \"quoted\"."},
    category="pajak", keywords={"id": "pbb", "en": "tax"}, regions=("82.71", "31", "82"),
    assurance="ial2", deep_link="satupintu://pajak/pbb?x=1&y=2", icon="pajak", agency="bapenda-82",
)
NATIONWIDE = CatalogEntry(
    code="ktp", title={"id": "Penerbitan KTP elektronik", "en": "Electronic ID card issuance"},
    summary={"id": "Ajukan KTP-el baru.", "en": "Apply for a new e-ID card."},
    category="kependudukan",
)


def _expected(db_session, code: str, english: bool) -> dict:
    row = db_session.query(EntryRow).filter_by(module_slug="katalogtest", code=code).one()
    agency = {"bapenda-82": ("Badan Pendapatan Daerah Provinsi Maluku Utara",
                             "North Maluku Regional Revenue Agency", "province", "82"),
              "kemendagri": ("Kementerian Dalam Negeri", "Ministry of Home Affairs", "national", None)}
    name_id, name_en, level, region = agency[row.agency_code]
    return {
        "id": str(uuid.UUID(str(row.id))), "module": "katalogtest", "code": code,
        "title": row.title_en if english else row.title_id,
        "summary": row.summary_en if english else row.summary_id,
        "category": row.category_slug,
        "agency": {"code": row.agency_code, "name": name_en if english else name_id, "level": level,
                   "region": region},
        "level": level, "regions": sorted(r.region_code for r in row.regions) if not row.nationwide else [],
        "assurance": row.assurance, "deep_link": row.deep_link, "icon": row.icon,
    }


def test_listed_searched_and_single_entries_show_every_field(client, db_session):
    upsert_entries("katalogtest", "kemendagri", [REGIONAL, NATIONWIDE])
    db_session.commit()
    for language, english in (("id", False), ("en", True)):
        headers = {"Accept-Language": language}
        expected = {code: _expected(db_session, code, english) for code in ("pbb-kota", "ktp")}
        assert expected["pbb-kota"]["regions"] == ["31", "82", "82.71"]
        listed = client.get("/api/v1/catalog", headers=headers).get_json()["items"]
        searched = client.get("/api/v1/catalog", query_string={"q": "pbb"}, headers=headers).get_json()
        assert {item["code"]: item for item in listed} == expected
        assert searched["items"] == [expected["pbb-kota"]] and searched["total"] == 1
        for code, item in expected.items():
            assert client.get(f"/api/v1/catalog/{item['id']}", headers=headers).get_json() == item, code
