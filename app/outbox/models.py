"""Outbox tables (branch "core", prefix outbox_).

A message is written in the transaction of the change that caused it and stays `pending` until
every consumer of its topic has a receipt; receipts are committed with the consumer's effect,
so a redelivered message is skipped by the consumers that already applied it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
STATUSES = (PENDING, DELIVERED, DEAD)


class OutboxMessage(IdMixin, Base):
    __tablename__ = "outbox_message"
    __table_args__ = (
        # The sweep's question ("pending and due?") reads only this small partial index.
        Index("ix_outbox_message_due", "next_attempt_at",
              postgresql_where=text("status = 'pending'"), sqlite_where=text("status = 'pending'")),
        Index("ix_outbox_message_status_created_at", "status", "created_at"),
    )

    topic: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # failed delivery attempts
    next_attempt_at: Mapped[datetime]  # the sweep (re)queues a pending message once this passes
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]


class OutboxReceipt(Base):
    """Consumer `consumer` has applied message `message_id` (written in the same transaction)."""

    __tablename__ = "outbox_receipt"

    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="CASCADE"), primary_key=True)
    consumer: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
