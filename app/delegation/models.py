"""Delegation table (branch "core", prefix delegation_).

One row lets `representative_id` (the actor) act for `grantor_id` (the subject, whose data and
cases it concerns) in the listed modules until `valid_until`. Accounts live on the "auth"
branch, which comes after "core": both ids are plain columns.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, TimestampMixin

PARENT = "parent"  # a parent for a child under 17 in the same KK (claimed by the parent)
REPRESENTATIVE = "representative"  # someone the citizen authorised (accepted by them)


class Delegation(IdMixin, TimestampMixin, Base):
    __tablename__ = "delegation_delegation"
    __table_args__ = (Index("ix_delegation_delegation_grantor_id", "grantor_id"),
                      Index("ix_delegation_delegation_representative_id", "representative_id"))

    kind: Mapped[str] = mapped_column(String(16))
    grantor_id: Mapped[uuid.UUID]  # the subject
    representative_id: Mapped[uuid.UUID]  # the actor
    modules: Mapped[list[str]] = mapped_column(JSON)  # service module slugs
    valid_until: Mapped[datetime]
    accepted_at: Mapped[datetime | None]  # None: the representative has not accepted yet
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(40))  # account id of who ended it
