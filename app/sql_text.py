"""Columns read as the text an API writes them in, formatted by the database.

For a page of many rows this is much cheaper than loading each value as a Python object and
formatting it again: psycopg builds a uuid.UUID and a zone-aware datetime per value, and str()
and isoformat() undo that work (together about a fifth of the CPU of a "who used my data" page).
Each construct gives exactly what Python would write, on PostgreSQL and on SQLite alike (a test
holds both to it).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class uuid_text(FunctionElement):
    """A Uuid column as `str(uuid)`: lowercase hex with dashes."""

    type = String()
    inherit_cache = True


class utc_iso_text(FunctionElement):
    """A UTC timestamp column (app.db.UTCDateTime) as
    `value.astimezone(UTC).isoformat(timespec="microseconds")`, e.g.
    2026-11-28T20:34:21.123456+00:00 (always six fraction digits)."""

    type = String()
    inherit_cache = True


def _argument(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(uuid_text, "postgresql")
def _uuid_text_postgresql(element, compiler, **kw) -> str:
    return f"CAST({_argument(element, compiler, **kw)} AS TEXT)"


@compiles(uuid_text, "sqlite")
def _uuid_text_sqlite(element, compiler, **kw) -> str:
    column = _argument(element, compiler, **kw)  # SQLAlchemy keeps a Uuid there as 32 hex digits
    groups = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
    return " || '-' || ".join(f"substr({column}, {start}, {length})" for start, length in groups)


@compiles(utc_iso_text, "postgresql")
def _utc_iso_text_postgresql(element, compiler, **kw) -> str:
    column = _argument(element, compiler, **kw)
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""


@compiles(utc_iso_text, "sqlite")
def _utc_iso_text_sqlite(element, compiler, **kw) -> str:
    # SQLAlchemy keeps a datetime there as UTC text, 'YYYY-MM-DD HH:MM:SS.ffffff'
    return f"replace({_argument(element, compiler, **kw)}, ' ', 'T') || '+00:00'"
