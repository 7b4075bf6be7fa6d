"""INSERT .. ON CONFLICT DO NOTHING on both supported databases."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.db import session


def insert_once(model, values: dict, conflict_columns: list[str]) -> bool:
    """Insert a row unless one with the same `conflict_columns` exists; True when inserted.
    On PostgreSQL a concurrent uncommitted insert of the same key makes this wait for it."""
    db = session()
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict_columns)
                 .returning(model.__table__.primary_key.columns[0]))
    # RETURNING, not rowcount: the ORM session does not report rowcount alike on every driver
    return db.execute(statement).first() is not None
