"""Full-text search over the catalog, one implementation per database dialect.

The text is normalised in Python (accents stripped, case folded) both when an
entry is written and when a query is parsed, so matching is identical on SQLite
(FTS5) and PostgreSQL (tsvector + GIN). Query tokens are letters and digits only
and bound as parameters, so no search syntax can be injected.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, func, literal_column, text
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
_fts = Table("catalog_fts", MetaData(), Column("rowid", Integer))
_entry = CatalogEntry.__table__
_entry_rowid = literal_column("catalog_entry.rowid")
_entry_id = _entry.c.id
_search_vector = literal_column("catalog_entry.search_vector")


def apply_search(stmt: Select, dialect: str) -> tuple[Select, ColumnElement]:
    """Restrict `stmt` (over catalog_entry) to entries matching the bound parameter `search`
    (see `search_value`); return it and the order matches come in.

    That order is one the database can follow without first finding and sorting every
    match, so a page costs about the same however broad the query: PostgreSQL walks the
    primary key (random ids, so matches turn up evenly along it), SQLite reads the full-text
    index, which yields rows in rowid order.
    """
    if dialect == "postgresql":
        query = func.to_tsquery("simple", bindparam("search", type_=String))
        return stmt.where(_search_vector.bool_op("@@")(query)), _entry_id
    if dialect == "sqlite":
        stmt = stmt.join_from(_entry, _fts, _fts.c.rowid == _entry_rowid).where(
            text("catalog_fts MATCH :search"))
        return stmt, _fts.c.rowid
    raise NotImplementedError(f"catalog search has no implementation for {dialect}")


def search_value(words: list[str], dialect: str) -> str:
    """Every word must match, as a prefix."""
    if dialect == "postgresql":
        return " & ".join(f"{word}:*" for word in words)
    return " AND ".join(f'"{word}"*' for word in words)
