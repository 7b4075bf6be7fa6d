"""Appending to and verifying the audit chains (implements app.contracts.audit.Audit).

An append runs in the caller's transaction: one upsert on the chain's head row (which takes
its row lock until the caller commits, so concurrent writers queue instead of forking the
chain), one insert, one update. A rolled-back caller leaves no entry and no gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from flask import has_request_context
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.access import current_principal
from app.audit.chain import ACTION_NAME, canonical_payload, entry_hash
from app.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
from app.contracts.audit import CHAINS, DATA_ACCESS_CHAIN, ChainReport, PayloadValue
from app.db import session, utcnow

MAX_NAME = 80
_DATA_ACCESS = re.compile(rf"^{DATA_ACCESS_CHAIN}\.[a-z][a-z0-9_]{{1,30}}$")


def known_chain(chain: str) -> bool:
    return chain in CHAINS or bool(_DATA_ACCESS.match(chain))


def current_actor() -> str:
    """Who is acting: the caller's actor (delegation) or subject; "cli" outside a request."""
    if not has_request_context():
        return "cli"
    principal = current_principal()
    if principal is None:
        return "anonymous"
    return getattr(principal, "actor", None) or principal.subject


class AuditLog:
    """Implements app.contracts.audit.Audit."""

    def record(self, chain: str, action: str, *, actor: str, subject: str | None = None,
               payload: Mapping[str, PayloadValue] | None = None) -> int:
        if not known_chain(chain):
            raise ValueError(f"unknown audit chain {chain!r}")
        if not ACTION_NAME.match(action) or len(action) > MAX_NAME:
            raise ValueError(f"audit action {action!r} must be dotted lower-case words")
        if not actor or len(actor) > MAX_NAME or (subject is not None and len(subject) > MAX_NAME):
            raise ValueError("audit actor and subject are short identifiers")
        text = canonical_payload(payload)
        db = session()
        sequence, previous = _advance_head(chain)
        occurred_at = utcnow()
        digest = entry_hash(chain=chain, sequence=sequence, occurred_at=occurred_at, action=action,
                            actor=actor, subject=subject, payload=text, previous_hash=previous)
        db.execute(AuditEntry.__table__.insert().values(
            chain=chain, sequence=sequence, occurred_at=occurred_at, action=action, actor=actor,
            subject=subject, payload=text, previous_hash=previous, hash=digest))
        db.execute(update(AuditChainHead).where(AuditChainHead.chain == chain).values(hash=digest))
        return sequence

    def verify(self, chain: str | None = None) -> list[ChainReport]:
        return [verify_chain(name) for name in ([chain] if chain is not None else chain_names())]

    def entries(self, chain: str, *, after: int = 0, limit: int = 50) -> list[AuditEntry]:
        return list(session().scalars(
            select(AuditEntry).where(AuditEntry.chain == chain, AuditEntry.sequence > after)
            .order_by(AuditEntry.sequence).limit(limit)))


def _advance_head(chain: str) -> tuple[int, str]:
    """Claim the chain's next sequence number; returns it and the previous entry's hash.

    The upsert takes the head row's lock (PostgreSQL: a row lock held to commit; SQLite: the
    database write lock), so a second writer waits here and then sees the first one's entry.
    """
    table = AuditChainHead.__table__
    insert = pg_insert if session().get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(table).values(chain=chain, sequence=1, hash=GENESIS_HASH)
        .on_conflict_do_update(index_elements=["chain"], set_={"sequence": table.c.sequence + 1})
        .returning(table.c.sequence, table.c.hash)
    )
    sequence, previous = session().execute(statement).one()
    return sequence, previous


def chain_names() -> list[str]:
    db = session()
    heads = set(db.scalars(select(AuditChainHead.chain)))
    stored = set(db.scalars(select(AuditEntry.chain).distinct()))
    return sorted(heads | stored)


def _stored(chain: str) -> Iterator[AuditEntry]:
    query = (select(AuditEntry).where(AuditEntry.chain == chain).order_by(AuditEntry.sequence)
             .execution_options(yield_per=500))
    yield from session().scalars(query)


def verify_chain(chain: str) -> ChainReport:
    """Walk the chain in sequence order and report its first broken link, if any."""
    expected, previous = 1, GENESIS_HASH
    for row in _stored(chain):
        checked = expected - 1
        if row.sequence != expected:
            return ChainReport(chain, checked, expected, "missing")
        if row.previous_hash != previous:
            return ChainReport(chain, checked, row.sequence, "previous_hash")
        recomputed = entry_hash(chain=row.chain, sequence=row.sequence, occurred_at=row.occurred_at,
                                action=row.action, actor=row.actor, subject=row.subject,
                                payload=row.payload, previous_hash=row.previous_hash)
        if recomputed != row.hash:
            return ChainReport(chain, checked, row.sequence, "hash")
        previous, expected = row.hash, expected + 1
    last = expected - 1
    head = session().get(AuditChainHead, chain, populate_existing=True)
    if head is None:
        return ChainReport(chain, last) if last == 0 else ChainReport(chain, last, last, "head")
    if head.sequence > last:  # entries at the end of the chain were deleted
        return ChainReport(chain, last, last + 1, "missing")
    if head.sequence < last or head.hash != previous:
        return ChainReport(chain, last, head.sequence, "head")
    return ChainReport(chain, last)
