"""Audit tables: the entries, and one head row per chain that appends lock.

Both are append-only in practice; the database refuses UPDATE and DELETE on `audit_entry`
(triggers created by the migration), so tampering needs DDL rights and still shows in verify.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

GENESIS_HASH = "0" * 64  # the "previous hash" of a chain's first entry


class AuditChainHead(Base):
    """The last sequence number and hash of a chain; its row lock serialises appends."""

    __tablename__ = "audit_chain_head"

    chain: Mapped[str] = mapped_column(String(80), primary_key=True)
    sequence: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    chain: Mapped[str] = mapped_column(String(80), primary_key=True)
    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    occurred_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(80))
    actor: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str | None] = mapped_column(String(80))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, kept byte for byte as hashed
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
