"""The citizen's "who used my data" log: newest first, keyset-paginated (no OFFSET, no COUNT),
one indexed query per page whatever the log's length.

This is the busiest citizen read of the capability, so pages are plain rows (no ORM objects
to build and track), each shape of query (which filters are given) is built once and then only
run with bound values (building a statement costs more than the database needs for a page), and
a page is read without a transaction around it (app.db.read_rows: one statement, one snapshot).
"""

from __future__ import annotations

import base64
import functools
import uuid
from datetime import datetime

from sqlalchemy import Row, Select, Text, bindparam, cast, select, tuple_

from app import db
from app.consent.models import DataAccess
from app.db import session
from app.sql_text import utc_iso_text, uuid_text

_LOG = DataAccess.__table__.c  # table columns: a Core statement, no ORM compile step
# The id and time come as the text the API writes (app.sql_text), the item lists as their JSON
# text: a log repeats a few lists many times, so present decodes each distinct text once rather
# than the driver decoding every row's.
_COLUMNS = (uuid_text(_LOG.id).label("id"), utc_iso_text(_LOG.occurred_at).label("occurred_at"),
            _LOG.module, _LOG.agency, _LOG.actor, _LOG.purpose, _LOG.basis,
            cast(_LOG.allowed, Text).label("allowed"), cast(_LOG.refused, Text).label("refused"), _LOG.reason)
_NEWEST_FIRST = (_LOG.occurred_at.desc(), _LOG.id.desc())


def encode_cursor(row: Row) -> str:
    """The cursor after `row`, one of the rows `page` gives."""
    raw = f"{row.occurred_at}|{row.id}".encode()
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


@functools.cache
def _page_statement(module: bool, since: bool, until: bool, after: bool) -> Select:
    stmt = select(*_COLUMNS).where(_LOG.subject == bindparam("subject"))
    if module:
        stmt = stmt.where(_LOG.module == bindparam("module"))
    if since:
        stmt = stmt.where(_LOG.occurred_at >= bindparam("since", type_=_LOG.occurred_at.type))
    if until:
        stmt = stmt.where(_LOG.occurred_at < bindparam("until", type_=_LOG.occurred_at.type))
    if after:
        stmt = stmt.where(tuple_(_LOG.occurred_at, _LOG.id) < tuple_(
            bindparam("after_time", type_=_LOG.occurred_at.type), bindparam("after_id", type_=_LOG.id.type)))
    return stmt.order_by(*_NEWEST_FIRST).limit(bindparam("limit"))


def page(subject: uuid.UUID, *, limit: int, module: str | None = None, since: datetime | None = None,
         until: datetime | None = None, after: tuple[datetime, uuid.UUID] | None = None,
         ) -> tuple[list[Row], str | None]:
    """Up to `limit` entries older than the cursor `after`, and the cursor of the next page."""
    values = {"subject": subject, "module": module, "since": since, "until": until, "limit": limit + 1}
    if after is not None:
        values["after_time"], values["after_id"] = after
    stmt = _page_statement(module is not None, since is not None, until is not None, after is not None)
    rows = db.read_rows(stmt, {k: v for k, v in values.items() if v is not None})
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]) if more else None


def everything(subject: uuid.UUID) -> list[Row]:
    """The whole log, newest first (rows as `page` gives them), for the data export."""
    return list(session().execute(select(*_COLUMNS).where(_LOG.subject == subject).order_by(*_NEWEST_FIRST)))
