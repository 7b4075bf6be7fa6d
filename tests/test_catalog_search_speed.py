"""A PostgreSQL search walks only the title lengths its words occur with (migration
0013_catalog_search_speed): the spans follow every change to the catalog, so no match is skipped."""

import pytest
from sqlalchemy import text

from app.catalog import queries, search
from app.catalog.service import CatalogFilter, upsert_entries
from app.db import read_rows
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


@pytest.fixture
def postgres(db_session):
    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("the spans exist on PostgreSQL only (SQLite searches with FTS5)")
    return db_session


def _walked(words: list[str], tier: str) -> list[str]:
    """A tier's matches as the rank-index walk finds them (whatever the size heuristic picks)."""
    shape, values = queries.shape_and_values(CatalogFilter(), words, frozenset(), english=False,
                                             dialect="postgresql")
    rows = read_rows(queries.page_statement(queries.tier_shape(shape, tier)),
                     {**values, "limit": 50, "offset": 0})
    return [row.code for row in rows]


def test_matches_are_found_after_titles_and_words_change(client, db_session):
    _catalog(db_session, *(_service(f"e{n}", "Layanan" + " panjang" * n, "zeta") for n in (1, 2, 3)))
    assert sorted(_codes(client, "zeta")) == ["e1", "e2", "e3"]
    # e3 becomes the shortest entry and gains a word no entry had
    _catalog(db_session, _service("e1", "Layanan panjang", "zeta"),
             _service("e2", "Layanan panjang panjang", "zeta"), _service("e3", "Zet", "zeta omega"))
    assert sorted(_codes(client, "zeta")) == ["e1", "e2", "e3"]
    assert _codes(client, "omega") == ["e3"]
    assert _codes(client, "ome zet") == ["e3"]


def test_the_walk_follows_changed_titles_in_rank_order(client, postgres):
    _catalog(postgres, *(_service(f"e{n}", "Layanan" + " panjang" * n, "zeta") for n in (1, 2, 3)))
    assert _walked(["zeta"], search.REST) == ["e1", "e2", "e3"]
    _catalog(postgres, _service("e1", "Layanan panjang", "zeta"),
             _service("e2", "Layanan panjang panjang zeta" + " sekali" * 20, "zeta"),
             _service("e3", "Zet", "zeta omega"))
    assert _walked(["zeta"], search.REST) == ["e3", "e1"]
    assert _walked(["zeta"], search.TITLE) == ["e2"]
    assert _walked(["omeg"], search.REST) == ["e3"]
    assert _walked(["zet", "omega"], search.REST) == ["e3"]
    assert _walked(["zeta", "nothing"], search.REST) == []
    assert _codes(client, "zeta") == ["e2", "e3", "e1"]


def test_spans_hold_every_entrys_title_length(postgres):
    _catalog(postgres, _service("a", "Izin reklame", "papan"), _service("b", "Izin", "reklame papan"))
    _catalog(postgres, _service("a", "Izin reklame papan nama toko", "papan"),
             _service("b", "Izin", "reklame papan baliho"))
    outside = postgres.execute(text(
        "SELECT count(*) FROM catalog_entry AS entry"
        " CROSS JOIN unnest(tsvector_to_array(entry.search_vector)) AS word"
        " LEFT JOIN catalog_search_span AS span ON span.lexeme = word"
        " WHERE span.lexeme IS NULL OR entry.title_length NOT BETWEEN span.shortest AND span.longest"
    )).scalar_one()
    assert outside == 0
    bounds = postgres.execute(text("SELECT * FROM catalog_search_span('papan:* & izin:*')")).one()
    assert tuple(bounds) == (len("Izin") * 2, len("Izin reklame papan nama toko") * 2)
