"""Consent tables: requests a module makes, consents the citizen gave, and the citizen-visible
log of every read of their data by a module ("who used my data").

`subject` is the citizen's account id; there is no foreign key because the accounts live in
the auth branch, which is migrated after core.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"


class ConsentRequest(IdMixin, Base):
    """A module asks the citizen for data; the citizen approves or refuses it in the app."""

    __tablename__ = "consent_request"
    __table_args__ = (Index("ix_consent_request_subject_created", "subject", "created_at"),)

    subject: Mapped[uuid.UUID]
    module: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(40))
    items: Mapped[list[str]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(80))
    consent_seconds: Mapped[int]  # how long the consent lasts once approved
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]  # an unanswered request lapses then
    decided_at: Mapped[datetime | None]


class ConsentGrant(IdMixin, Base):
    """A consent the citizen gave: items, to which module, for which purpose, until when."""

    __tablename__ = "consent_grant"
    __table_args__ = (
        Index("ix_consent_grant_subject_module_purpose", "subject", "module", "purpose"),
        Index("ix_consent_grant_subject_granted", "subject", "granted_at"),
    )

    subject: Mapped[uuid.UUID]
    module: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(40))
    items: Mapped[list[str]] = mapped_column(JSON)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consent_request.id"), index=True)


class DataAccess(IdMixin, Base):
    """One read (or refused read) of a citizen's data by a module, as the citizen sees it.

    Listed newest first per citizen (optionally per module), hence the two indexes.
    """

    __tablename__ = "consent_access_log"
    __table_args__ = (
        Index("ix_consent_access_log_subject_time", "subject", "occurred_at", "id"),
        Index("ix_consent_access_log_subject_module_time", "subject", "module", "occurred_at", "id"),
    )

    subject: Mapped[uuid.UUID]
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    module: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    purpose: Mapped[str] = mapped_column(String(40))
    basis: Mapped[str] = mapped_column(String(20))  # "consent", a lawful basis, or "none" (all refused)
    allowed: Mapped[list[str]] = mapped_column(JSON)
    refused: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(20))  # why items were refused
