"""The catalog search index (app/catalog/index.py): what it matches and in which order, and that
every process's index follows catalog changes."""

import uuid

from app.catalog.index import SearchIndex
from app.catalog.search import normalise
from app.catalog.service import CatalogFilter, upsert_entries
from app.modules.descriptor import CatalogEntry


def _service(code: str, title: str, keywords: str) -> CatalogEntry:
    return CatalogEntry(code=code, title={"id": title, "en": title}, category="perizinan",
                        summary={"id": "Layanan daerah.", "en": "Regional service."},
                        keywords={"id": keywords, "en": keywords})


def _catalog(db_session, *entries) -> None:
    upsert_entries("katalogtest", "kemendagri", entries)
    db_session.commit()


def _codes(client, q: str) -> list[str]:
    body = client.get("/api/v1/catalog", query_string={"q": q, "per_page": 50}).get_json()
    assert body["total"] == len(body["items"])
    return [item["code"] for item in body["items"]]


def test_matches_are_found_after_titles_and_words_change(client, db_session):
    _catalog(db_session, *(_service(f"e{n}", "Layanan" + " panjang" * n, "zeta") for n in (1, 2, 3)))
    assert _codes(client, "zeta") == ["e1", "e2", "e3"]  # shorter titles first
    # e3 becomes the shortest entry and gains a word no entry had; e2 gets "zeta" in its title
    _catalog(db_session, _service("e1", "Layanan panjang", "zeta"),
             _service("e2", "Layanan panjang panjang zeta" + " sekali" * 20, "zeta"),
             _service("e3", "Zet", "zeta omega"))
    assert _codes(client, "zeta") == ["e2", "e3", "e1"]
    assert _codes(client, "omega") == ["e3"]
    assert _codes(client, "ome zet") == ["e3"]
    assert _codes(client, "zeta nothing") == []


TITLES: dict[str, str] = {}  # every entry _entry made, by id


def _entry(title: str, words: str, *, module="m", category="c", agency="a", level="national",
           nationwide=True) -> tuple:
    entry_id = uuid.uuid4()
    TITLES[str(entry_id)] = title
    return (entry_id, normalise(f"{title} {words}"), title, title, module, category, agency,
            level, nationwide)


def _index(*entries, regions=None) -> SearchIndex:
    return SearchIndex(list(entries), regions or {})


EVERYTHING = CatalogFilter()


def _titles(index: SearchIndex, words: list[str], flt=EVERYTHING, disabled=frozenset(), *,
            offset=0, limit=50) -> list[str]:
    found = index.search(words, flt, disabled, offset=offset, limit=limit)
    return [TITLES[entry_id] for entry_id in found.ids]


def test_every_word_must_start_a_word_and_title_matches_come_first():
    index = _index(_entry("Izin reklame papan", ""), _entry("Izin", "reklame papan"),
                   _entry("Pajak kendaraan", "samsat"), _entry("Kartu keluarga", "kk reklame"))
    assert _titles(index, ["rek"]) == ["Izin reklame papan", "Izin", "Kartu keluarga"]
    assert _titles(index, ["izin", "papan"]) == ["Izin reklame papan", "Izin"]
    assert _titles(index, ["eklame"]) == []  # inside a word is not the start of one
    assert _titles(index, ["kendaraan", "samsat"]) == ["Pajak kendaraan"]
    assert _titles(index, ["zzz"]) == []


def test_pages_split_the_ranked_matches_and_the_total_counts_them_all():
    index = _index(*(_entry("Layanan" + " x" * n, "umum") for n in range(7)))
    everything = _titles(index, ["umum"])
    assert everything == ["Layanan" + " x" * n for n in range(7)]
    pages = [_titles(index, ["umum"], offset=offset, limit=3) for offset in (0, 3, 6, 9)]
    assert [title for page in pages for title in page] == everything and pages[-1] == []
    assert index.search(["umum"], CatalogFilter(), frozenset(), offset=6, limit=3).total == 7


def test_filters_and_disabled_modules_narrow_the_matches():
    index = _index(_entry("Izin A", "", module="one", category="izin", agency="x", level="province"),
                   _entry("Izin B", "", module="two", category="pajak", agency="y"),
                   _entry("Izin C", "", module="two", category="izin", agency="y", nationwide=False))
    assert sorted(_titles(index, ["izin"], CatalogFilter(category="izin"))) == ["Izin A", "Izin C"]
    assert sorted(_titles(index, ["izin"], CatalogFilter(agency="y", module="two"))) == ["Izin B", "Izin C"]
    assert _titles(index, ["izin"], CatalogFilter(level="province")) == ["Izin A"]
    assert _titles(index, ["izin"], disabled=frozenset({"two"})) == ["Izin A"]
    assert _titles(index, ["izin"], CatalogFilter(category="unknown")) == []


def test_region_filter_keeps_nationwide_entries_and_those_offered_in_around_or_inside_it():
    entries = {code: _entry(f"Izin {code}", "", nationwide=False)
               for code in ("82", "82.71", "82.71.01", "82.72", "31")}
    nationwide = _entry("Izin semua", "")
    index = _index(*entries.values(), nationwide,
                   regions={entry[0]: [code] for code, entry in entries.items()})
    assert sorted(_titles(index, ["izin"], CatalogFilter(region="82.71"))) == [
        "Izin 82", "Izin 82.71", "Izin 82.71.01", "Izin semua"]
    assert sorted(_titles(index, ["izin"], CatalogFilter(region="82"))) == [
        "Izin 82", "Izin 82.71", "Izin 82.71.01", "Izin 82.72", "Izin semua"]
    assert _titles(index, ["izin"], CatalogFilter(region="8")) == ["Izin semua"]  # "8" holds no "82"


def test_entries_shown_lately_are_not_read_again_until_the_catalog_changes(client, db_session,
                                                                            count_queries):
    _catalog(db_session, _service("a", "Izin reklame", "papan"), _service("b", "Izin usaha", "papan"))
    first = client.get("/api/v1/catalog", query_string={"q": "izin"}).get_json()
    with count_queries() as counter:
        again = client.get("/api/v1/catalog", query_string={"q": "papan"}).get_json()
    assert counter.count == 0 and again["items"] == first["items"]
    english = client.get("/api/v1/catalog", query_string={"q": "izin"},
                         headers={"Accept-Language": "en"}).get_json()
    assert [item["code"] for item in english["items"]] == ["b", "a"]  # the shorter title first
    assert {item["summary"] for item in first["items"]} == {"Layanan daerah."}
    assert {item["summary"] for item in english["items"]} == {"Regional service."}
    _catalog(db_session, _service("a", "Izin reklame baru", "papan"), _service("b", "Izin usaha", "papan"))
    changed = client.get("/api/v1/catalog", query_string={"q": "papan"}).get_json()
    assert [item["title"] for item in changed["items"]] == ["Izin usaha", "Izin reklame baru"]
