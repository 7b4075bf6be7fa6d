"""Payments tables (branch "core", prefix payments_).

An invoice is what a citizen owes; an attempt is one charge at a gateway (at most one active per
invoice: `active_for` is the invoice id while the attempt is live, NULL otherwise, and unique);
gateway events are the callbacks received (unique per gateway and event id, so a replay adds
nothing); the ledger is double-entry and append-only (journals of balanced entries).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from app.contracts.payments import OPEN
from app.db import Base, IdMixin, TimestampMixin, utcnow

# Attempt statuses (a charge at a gateway)
A_PENDING, A_PAID, A_FAILED, A_EXPIRED, A_REFUNDED = "pending", "paid", "failed", "expired", "refunded"


class Invoice(IdMixin, TimestampMixin, Base):
    __tablename__ = "payments_invoice"
    __table_args__ = (
        UniqueConstraint("module", "reference", name="uq_payments_invoice_module_reference"),
        Index("ix_payments_invoice_subject_id_created_at", "subject_id", "created_at"),
        Index("ix_payments_invoice_agency_created_at", "agency", "created_at"),
        Index("ix_payments_invoice_status_due_at", "status", "due_at"),
    )

    number: Mapped[str] = mapped_column(String(24), unique=True)
    subject_id: Mapped[uuid.UUID]  # the citizen who owes it
    module: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    reference: Mapped[str | None] = mapped_column(String(100))  # the module's own key (NULL: none)
    currency: Mapped[str] = mapped_column(String(3), default="IDR")
    amount: Mapped[int] = mapped_column(BigInteger)
    items: Mapped[list] = mapped_column(JSON)  # [{"description", "amount", "quantity"}]
    status: Mapped[str] = mapped_column(String(12), default=OPEN)
    due_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]  # expired, cancelled or refunded
    receipt_document_id: Mapped[uuid.UUID | None]


class Attempt(IdMixin, TimestampMixin, Base):
    """One charge at a gateway. `order_id` is what the gateway knows it by."""

    __tablename__ = "payments_attempt"

    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments_invoice.id"), index=True)
    active_for: Mapped[uuid.UUID | None] = mapped_column(unique=True)  # = invoice_id while live
    order_id: Mapped[str] = mapped_column(String(50), unique=True)
    gateway: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default=A_PENDING)
    actor_id: Mapped[uuid.UUID | None]  # a representative paying for the citizen
    gateway_ref: Mapped[str | None] = mapped_column(String(100))
    instructions: Mapped[dict] = mapped_column(JSON, default=dict)  # va_number, qr_string, pay_url
    expires_at: Mapped[datetime]


class IdempotencyKey(IdMixin, Base):
    """IETF draft-ietf-httpapi-idempotency-key-header: one row per (scope, key)."""

    __tablename__ = "payments_idempotency_key"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_payments_idempotency_key_scope_key"),)

    scope: Mapped[str] = mapped_column(String(80))  # whose key: e.g. the citizen's id
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    status: Mapped[int | None]  # NULL while the first request runs
    body: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class GatewayEvent(IdMixin, Base):
    """A callback received from a gateway (signature verified). Replays hit the unique key."""

    __tablename__ = "payments_gateway_event"
    __table_args__ = (
        UniqueConstraint("gateway", "event_id", name="uq_payments_gateway_event_gateway_event_id"),)

    gateway: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(120))
    order_id: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(12))  # pending | paid | failed | expired | refunded
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    outcome: Mapped[str] = mapped_column(String(12))  # applied | ignored | refused
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class Flag(IdMixin, Base):
    """Something an officer must look at: a refused or suspicious callback."""

    __tablename__ = "payments_flag"
    __table_args__ = (Index("ix_payments_flag_agency_created_at", "agency", "created_at"),)

    reason: Mapped[str] = mapped_column(String(30))  # amount_mismatch, currency_mismatch, unknown_order, ...
    gateway: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(120))
    order_id: Mapped[str] = mapped_column(String(50))
    invoice_id: Mapped[uuid.UUID | None]
    agency: Mapped[str | None] = mapped_column(String(40))  # NULL: only platform admins see it
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(40))


class Journal(IdMixin, Base):
    """A balanced set of ledger entries. `key` makes each posting happen once."""

    __tablename__ = "payments_journal"

    key: Mapped[str] = mapped_column(String(120), unique=True)  # e.g. "payment:<invoice id>"
    kind: Mapped[str] = mapped_column(String(12))  # invoice | payment | refund | void
    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments_invoice.id"), index=True)
    gateway: Mapped[str | None] = mapped_column(String(20))
    order_id: Mapped[str | None] = mapped_column(String(50), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LedgerEntry(IdMixin, Base):
    """One side of a journal: exactly one of debit and credit is non-zero. Never updated."""

    __tablename__ = "payments_ledger_entry"

    journal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments_journal.id"), index=True)
    account: Mapped[str] = mapped_column(String(80), index=True)  # e.g. "gateway_clearing:simulated"
    debit: Mapped[int] = mapped_column(BigInteger, default=0)
    credit: Mapped[int] = mapped_column(BigInteger, default=0)


class SimCharge(Base):
    """The simulated gateway's own books: what it was asked to charge, and its pay page token."""

    __tablename__ = "payments_sim_charge"

    order_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    method: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12))  # pending | settlement | failure | expire | refund
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


@event.listens_for(LedgerEntry, "before_update")
@event.listens_for(LedgerEntry, "before_delete")
@event.listens_for(Journal, "before_update")
@event.listens_for(Journal, "before_delete")
def _append_only(_mapper, _connection, target):
    raise RuntimeError(f"the ledger is append-only ({type(target).__name__} cannot change)")
