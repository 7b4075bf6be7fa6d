"""Full-text search over the catalog, one implementation per database dialect.

The text is normalised in Python (accents stripped, case folded) both when an
entry is written and when a query is parsed, so matching is identical on SQLite
(FTS5) and PostgreSQL (tsvector + GIN). Query tokens are letters and digits only
and bound as parameters, so no search syntax can be injected.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    case,
    column,
    func,
    literal_column,
    not_,
    select,
    text,
)
from sqlalchemy.sql import ColumnElement, Select

from app.catalog.models import CatalogEntry

MAX_TOKENS = 8
_TOKEN = re.compile(r"[^\W_]+")


def normalise(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_TOKEN.findall(stripped.casefold()))


def entry_search_text(entry) -> str:
    return normalise(
        " ".join((entry.title_id, entry.title_en, entry.summary_id, entry.summary_en,
                  entry.keywords_id, entry.keywords_en))
    )


def tokens(query: str) -> list[str]:
    return normalise(query).split()[:MAX_TOKENS]


# The FTS5 table lives outside the ORM metadata: migrations own it, autogenerate ignores it.
_fts = Table("catalog_fts", MetaData(), Column("rowid", Integer), Column("rank"))
_entry = CatalogEntry.__table__
_entry_rowid = literal_column("catalog_entry.rowid")
_entry_id = _entry.c.id
# PostgreSQL columns the migrations add (0001, 0010), unmapped like the FTS table
_search_vector = literal_column("catalog_entry.search_vector")
_title_vector = literal_column("catalog_entry.title_vector")
_title_length = literal_column("catalog_entry.title_length")

TITLE, REST = "title", "rest"  # the two tiers of a PostgreSQL search: title matches come first


def _within_span(stmt: Select) -> Select:
    """Only entries whose title is as long as a match of the bound query `search` can be: the
    part of the rank index worth walking (migration 0013: catalog_search_span, called once)."""
    span = select(func.catalog_search_span(bindparam("search", type_=String)).table_valued(
        column("shortest", Integer), column("longest", Integer))).cte("span")
    return stmt.where(_title_length.between(select(span.c.shortest).scalar_subquery(),
                                            select(span.c.longest).scalar_subquery()))


def apply_search(stmt: Select, dialect: str, *, tier: str | None = None, words: int = 0,
                 walk: bool = False) -> tuple[Select, tuple[ColumnElement, ...]]:
    """Restrict `stmt` (over catalog_entry) to entries matching the bound parameter `search`
    (see `search_value`); return it and the ranking, best first (as sort keys).

    Ranking: entries whose title matches every word come first; then PostgreSQL puts the entries
    with shorter titles first (a cheap stand-in for ts_rank's length normalisation: the match is
    more of what the entry is about) and SQLite follows FTS5's bm25. PostgreSQL searches one
    `tier` at a time (TITLE or REST), each walking the index on (title_length, id) that carries
    both vectors, so a page is found without reading, ranking and sorting every match, and
    without touching the catalog rows it passes over; the caller joins the tiers by their counts.
    The walk covers only the title lengths the query's words occur with (`_within_span`).
    On SQLite every match is ranked (`words` title comparisons, bound as `title_0`...): fine for
    the development database it serves.

    `walk`: the statement is to walk the rank index (a page of many matches). Its matches are
    then tested with ts_match_vq, the function behind `@@`, which no full-text index answers:
    psycopg prepares a statement run often, and PostgreSQL's generic plan for it cannot tell a
    broad query from a narrow one, so with `@@` it read every match through the GIN indexes and
    sorted them (30 ms for a broad word instead of 1).
    """
    if dialect == "postgresql":
        query = func.to_tsquery("simple", bindparam("search", type_=String))
        if walk:  # parsed once (an InitPlan), not once per index entry the walk passes
            query = select(query).scalar_subquery()
            stmt = _within_span(stmt)

        def matches(vector):
            return func.ts_match_vq(vector, query) if walk else vector.bool_op("@@")(query)

        # Of two tests, the one that decides most entries passed comes first: the (shorter) title
        # vector for title matches, the search vector for the others.
        if tier == TITLE:
            stmt = stmt.where(matches(_title_vector), matches(_search_vector))
        elif tier == REST:
            stmt = stmt.where(matches(_search_vector), not_(matches(_title_vector)))
        else:
            stmt = stmt.where(matches(_search_vector))
        return stmt, (_title_length, _entry_id)
    if dialect == "sqlite":
        stmt = stmt.join_from(_entry, _fts, _fts.c.rowid == _entry_rowid).where(
            text("catalog_fts MATCH :search"))
        titles = " " + _entry.c.title_id + " " + _entry.c.title_en
        in_title = and_(*(titles.like(bindparam(f"title_{n}")) for n in range(words)))
        return stmt, (case((in_title, 0), else_=1), _fts.c.rank, _fts.c.rowid)
    raise NotImplementedError(f"catalog search has no implementation for {dialect}")


def title_values(words: list[str], dialect: str) -> dict[str, str]:
    """SQLite's title comparisons: each word starting a word of either title (LIKE ignores ASCII
    case; the words are letters and digits only, so they hold no LIKE wildcard)."""
    return {f"title_{n}": f"% {word}%" for n, word in enumerate(words)} if dialect == "sqlite" else {}


def search_value(words: list[str], dialect: str) -> str:
    """Every word must match, as a prefix."""
    if dialect == "postgresql":
        return " & ".join(f"{word}:*" for word in words)
    return " AND ".join(f'"{word}"*' for word in words)
