"""Cases tables (branch "core", prefix cases_).

The form a citizen filled in is stored as JSON (it is what an officer decides on); attachments
live in the storage backend, their rows here carry the key, the sniffed type and a SHA-256.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, TimestampMixin, utcnow


class Case(IdMixin, TimestampMixin, Base):
    """One application: a service (module + catalog code) for a subject, handled by an agency."""

    __tablename__ = "cases_case"
    __table_args__ = (
        Index("ix_cases_case_subject_id_created_at", "subject_id", "created_at"),
        Index("ix_cases_case_agency_state_due_at", "agency", "state", "due_at"),
    )

    number: Mapped[str] = mapped_column(String(20), unique=True)
    module: Mapped[str] = mapped_column(String(32))
    service: Mapped[str] = mapped_column(String(80))
    agency: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[uuid.UUID]  # whom the case is for (accounts live on the later "auth" branch)
    actor_id: Mapped[uuid.UUID]  # who filed it: the subject or their representative
    state: Mapped[str] = mapped_column(String(32), default="draft")
    form: Mapped[dict] = mapped_column(JSON, default=dict)
    fee: Mapped[int] = mapped_column(Integer, default=0)
    invoice_id: Mapped[uuid.UUID | None]
    document_id: Mapped[uuid.UUID | None]
    assignee_id: Mapped[uuid.UUID | None]  # the officer who claimed it
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]  # SLA: end of the last working day, agency time
    escalated_at: Mapped[datetime | None]  # set once, when the overdue case was escalated
    external_attempts: Mapped[int] = mapped_column(Integer, default=0)
    external_next_try: Mapped[datetime | None]
    events: Mapped[int] = mapped_column(Integer, default=0)  # timeline entries so far (their order)


class CaseEvent(IdMixin, Base):
    """The timeline: transitions, comments, corrections, attachments, escalations."""

    __tablename__ = "cases_event"
    __table_args__ = (Index("ix_cases_event_case_id_seq", "case_id", "seq", unique=True),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases_case.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per case (timestamps may tie)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))  # transition | comment | attachment | escalation | external
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))  # account id, or "system"
    actor_role: Mapped[str] = mapped_column(String(16))  # citizen | officer | agency_admin | system
    on_behalf_of: Mapped[uuid.UUID | None]  # the subject, when a representative acted
    body: Mapped[str] = mapped_column(Text, default="")  # reason or comment
    internal: Mapped[bool] = mapped_column(default=False)  # staff-only comment


class CaseCounter(Base):
    """The last case number handed out per year (numbers are per year, without gaps)."""

    __tablename__ = "cases_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Attachment(IdMixin, Base):
    __tablename__ = "cases_attachment"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases_case.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(60))  # sniffed from the bytes, never the client's
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(120))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
