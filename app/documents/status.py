"""The status look-up of the public verification path: one primary-key read per QR scan.

It runs through app.db.read_rows: outside a transaction, straight on a pooled DB-API connection
on PostgreSQL (SQLAlchemy's per-execution machinery cost about ten times the query itself, and a
transaction two more round trips), on the session elsewhere (SQLite, tests), where the column
types convert the values.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select

from app import db


class StatusRow(NamedTuple):
    status: str
    valid_until: datetime | None
    title: dict
    module: str
    type: str


@functools.cache
def _statement():
    from app.documents.models import Document

    document = Document.__table__.c
    return select(document.status, document.valid_until, document.title, document.module,
                  document.type).where(document.id == bindparam("id"))


def status_row(document_id: uuid.UUID) -> StatusRow | None:
    rows = db.read_rows(_statement(), {"id": document_id})
    return StatusRow(*rows[0]) if rows else None
