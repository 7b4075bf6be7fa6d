"""The citizen's "who used my data" log: newest first, keyset-paginated (no OFFSET, no COUNT),
one indexed query per page whatever the log's length."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

from sqlalchemy import select, tuple_

from app.consent.models import DataAccess
from app.db import session


def encode_cursor(row: DataAccess) -> str:
    raw = f"{row.occurred_at.isoformat()}|{row.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """ValueError when the cursor is not one this API handed out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, ident = raw.partition("|")
        when = datetime.fromisoformat(moment)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError("not a cursor") from error
    if when.tzinfo is None:
        raise ValueError("not a cursor")
    return when, uuid.UUID(ident)


def page(subject: uuid.UUID, *, limit: int, module: str | None = None, since: datetime | None = None,
         until: datetime | None = None, after: tuple[datetime, uuid.UUID] | None = None,
         ) -> tuple[list[DataAccess], str | None]:
    """Up to `limit` entries older than the cursor `after`, and the cursor of the next page."""
    query = select(DataAccess).where(DataAccess.subject == subject)
    if module is not None:
        query = query.where(DataAccess.module == module)
    if since is not None:
        query = query.where(DataAccess.occurred_at >= since)
    if until is not None:
        query = query.where(DataAccess.occurred_at < until)
    if after is not None:
        query = query.where(tuple_(DataAccess.occurred_at, DataAccess.id) < tuple_(*after))
    query = query.order_by(DataAccess.occurred_at.desc(), DataAccess.id.desc()).limit(limit + 1)
    rows = list(session().scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]) if more else None


def everything(subject: uuid.UUID) -> list[DataAccess]:
    query = (select(DataAccess).where(DataAccess.subject == subject)
             .order_by(DataAccess.occurred_at.desc(), DataAccess.id.desc()))
    return list(session().scalars(query))
