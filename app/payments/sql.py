"""Statements built once, run in the session's transaction: INSERT .. ON CONFLICT DO NOTHING on
both supported databases, and `run` for the statements of a gateway's callback.

On PostgreSQL `run` hands the compiled SQL straight to the DB-API cursor of the session's
connection (as app.db.read_rows does for reads outside a transaction): SQLAlchemy's
per-execution layers cost more client time than the statement itself, and a callback that
settles an invoice runs six. psycopg converts the values as the column types would (uuid, aware
timestamps). Anywhere else (SQLite; tests, which bind the session to a connection and count
statements with SQLAlchemy's events) it runs through SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import psycopg
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

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
    dialect = session().get_bind().dialect.name
    return bool(run(_statement(model.__table__, dialect, tuple(conflict_columns)), values))


def run(statement, values: dict | list[dict]) -> list:
    """Execute `statement` (built once; bound values only) in the session's transaction, once or
    (a list) once per dict of values: its rows (read by position), or [] for a statement that
    returns none. An INSERT sets the columns named in the values (no Python-side column defaults)."""
    connection = session().connection()
    if not _direct(connection):
        result = connection.execute(statement, values)
        return result.all() if result.returns_rows else []
    rows = values if isinstance(values, list) else [values]
    sql, defaults, returns_rows = _compiled(statement, connection.dialect, tuple(rows[0]))
    with _as_sqlalchemy_errors(sql, values), connection.connection.driver_connection.cursor() as cursor:
        if isinstance(values, list):
            cursor.executemany(sql, [{**defaults, **row} for row in rows])
        else:
            cursor.execute(sql, {**defaults, **values})
        return cursor.fetchall() if returns_rows else []


@contextmanager
def pipelined() -> Iterator[None]:
    """For statements `run` inside that need no answer from one another (writes): on PostgreSQL
    they are sent together and their results read at the end, one round trip for them all (a
    statement returning rows still waits for its answer). An error shows at the end at the latest."""
    connection = session().connection()
    if not (_direct(connection) and psycopg.Pipeline.is_supported()):
        yield
        return
    driver = connection.connection.driver_connection
    with _as_sqlalchemy_errors("(pipelined statements)", {}), driver.pipeline():
        yield


def _direct(connection) -> bool:
    """Whether statements go straight to the psycopg connection under the session's transaction:
    on PostgreSQL, unless a test bound the session to a connection."""
    return session().bind is None and connection.dialect.name == "postgresql"


@contextmanager
def _as_sqlalchemy_errors(sql: str, values) -> Iterator[None]:
    """psycopg's errors raised as SQLAlchemy raises them (the 503 handler knows those)."""
    try:
        yield
    except psycopg.Error as error:
        raise DBAPIError.instance(sql, values, error, psycopg.Error) from error


@cache
def _compiled(statement, dialect, column_keys: tuple[str, ...]) -> tuple[str, dict, bool]:
    """(SQL, values bound in the statement itself, whether it returns rows) per statement and set
    of value names: a module builds its statements once, so this stays small."""
    compiled = statement.compile(dialect=dialect, column_keys=list(column_keys))
    return compiled.string, dict(compiled.params), bool(statement.is_select or compiled.effective_returning)

