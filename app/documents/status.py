"""The status look-up of the public verification path, straight on the DB-API connection.

Every QR scan runs this one primary-key read, and SQLAlchemy's per-execution machinery costs
about ten times the query itself, so it is plain SQL on a pooled DB-API connection. Values are
converted the way the column types would: the id is hex text on SQLite and a uuid on PostgreSQL;
SQLite returns the validity end and the title as text.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import NamedTuple

from app import db

_COLUMNS = "status, valid_until, title, module, type"
_SQL = {
    "sqlite": f"SELECT {_COLUMNS} FROM document_document WHERE id = ?",  # noqa: S608 - constants
    "postgresql": f"SELECT {_COLUMNS} FROM document_document WHERE id = %s",  # noqa: S608
}


class StatusRow(NamedTuple):
    status: str
    valid_until: datetime | None
    title: dict
    module: str
    type: str


def status_row(document_id: uuid.UUID) -> StatusRow | None:
    bound = db.session.session_factory.kw.get("bind")  # tests bind sessions to their connection
    if bound is not None:
        return _read(bound.connection.dbapi_connection, bound.dialect.name, document_id)
    engine = db.engine()
    connection = engine.raw_connection()
    try:
        return _read(connection, engine.dialect.name, document_id)
    finally:
        connection.close()  # back to the pool, which rolls back what the read began


def _read(connection, dialect: str, document_id: uuid.UUID) -> StatusRow | None:
    cursor = connection.cursor()
    try:
        cursor.execute(_SQL[dialect], (document_id.hex if dialect == "sqlite" else document_id,))
        found = cursor.fetchone()
    finally:
        cursor.close()
    if found is None:
        return None
    status, valid_until, title, module, type_ = found
    if isinstance(valid_until, str):
        valid_until = datetime.fromisoformat(valid_until)
    if valid_until is not None and valid_until.tzinfo is None:
        valid_until = valid_until.replace(tzinfo=UTC)
    if isinstance(title, str):
        title = json.loads(title)
    return StatusRow(status, valid_until, title, module, type_)
