"""app.sql_text gives, on the suite's database (SQLite, or PostgreSQL in CI), exactly the text
Python writes for a uuid and a UTC time: a page read that way says the same as one formatted
in Python."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from app.consent.models import DataAccess
from app.sql_text import utc_iso_text, uuid_text

WIT = timezone(timedelta(hours=9))
TIMES = [
    datetime(2026, 11, 28, 20, 34, 21, 123456, tzinfo=UTC),
    datetime(2026, 11, 28, 20, 34, 21, tzinfo=UTC),  # no fraction: six zeros all the same
    datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 1, 1, 8, 30, 0, 500000, tzinfo=WIT),  # given in WIT: stored and written as UTC
]
IDS = [uuid.uuid4(), uuid.UUID("00000000-0000-4000-8000-000000000000"),
       uuid.UUID("0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"), uuid.UUID(int=2**128 - 1), uuid.uuid4()]


def test_ids_and_times_read_as_text_are_what_python_writes(db_session):
    subject = uuid.uuid4()
    db_session.add_all(DataAccess(id=ident, subject=subject, occurred_at=when, module="m", agency="a",
                                  actor="system", purpose="p", basis="none", allowed=[], refused=[])
                       for ident, when in zip(IDS, TIMES, strict=True))
    db_session.flush()
    log = DataAccess.__table__.c
    as_text = (uuid_text(log.id), utc_iso_text(log.occurred_at))
    rows = db_session.execute(select(log.id, log.occurred_at, *as_text).where(log.subject == subject)).all()
    assert len(rows) == len(IDS)
    for ident, when, ident_text, when_text in rows:
        assert ident_text == str(ident)
        assert when_text == when.astimezone(UTC).isoformat(timespec="microseconds")
        assert datetime.fromisoformat(when_text) == when
    expected = {when.astimezone(UTC).isoformat(timespec="microseconds") for when in TIMES}
    assert {row[3] for row in rows} == expected
