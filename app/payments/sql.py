"""INSERT .. ON CONFLICT DO NOTHING on both supported databases, as a Core statement built once per
table and dialect (callbacks run this on every delivery: no ORM bulk machinery, a cached plan)."""

from __future__ import annotations

from functools import cache

from sqlalchemy.dialects import postgresql, sqlite

from app.db import session


@cache
def _statement(table, dialect: str, conflict_columns: tuple[str, ...]):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING, not rowcount: drivers do not all report rowcount for a skipped conflict alike
    return (insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
            .returning(table.primary_key.columns[0]))


def insert_once(model, values: dict, conflict_columns: list[str]) -> bool:
    """Insert a row unless one with the same `conflict_columns` exists; True when inserted.
    On PostgreSQL a concurrent uncommitted insert of the same key makes this wait for it."""
    connection = session().connection()
    statement = _statement(model.__table__, connection.dialect.name, tuple(conflict_columns))
    return connection.execute(statement, values).first() is not None
