"""INSERT .. ON CONFLICT DO NOTHING, built once per table, on both supported databases (run with
app.db.run in the session's transaction)."""

from __future__ import annotations

from functools import cache

from sqlalchemy.dialects import postgresql, sqlite

from app.db import run, session


@cache
def _statement(table, dialect: str, conflict_columns: tuple[str, ...]):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING, not rowcount: drivers do not all report rowcount for a skipped conflict alike
    return (insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
            .returning(table.primary_key.columns[0]))


def insert_once(model, values: dict, conflict_columns: list[str]) -> bool:
    """Insert a row unless one with the same `conflict_columns` exists; True when inserted.
    On PostgreSQL a concurrent uncommitted insert of the same key makes this wait for it."""
    dialect = session().get_bind().dialect.name
    return bool(run(_statement(model.__table__, dialect, tuple(conflict_columns)), values))
