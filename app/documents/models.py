"""Documents wallet tables (branch "core", prefix document_).

The holder's name and the document data are personal data: stored AES-GCM sealed. The signed
token is not secret (it is printed on the document as a QR code). Share-link tokens are stored
as SHA-256 hashes only.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, IdMixin, utcnow

VALID, REVOKED, SUPERSEDED = "valid", "revoked", "superseded"
STATUSES = (VALID, REVOKED, SUPERSEDED)
EXPIRED = "expired"  # not stored: a valid document past its valid_until is shown so


class Document(IdMixin, Base):
    """An issued document: who issued it to whom, its status, and its signed token."""

    __tablename__ = "document_document"
    __table_args__ = (Index("ix_document_document_subject_id_issued_at", "subject_id", "issued_at"),)

    subject_id: Mapped[uuid.UUID]  # the citizen's account id (accounts live on the later "auth" branch)
    type: Mapped[str] = mapped_column(String(60))
    module: Mapped[str] = mapped_column(String(32))  # issuing module's slug
    agency: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[dict] = mapped_column(JSON)  # {"id": ..., "en": ...}
    status: Mapped[str] = mapped_column(String(12), default=VALID)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    valid_until: Mapped[datetime | None]
    status_changed_at: Mapped[datetime | None]
    status_reason: Mapped[str | None] = mapped_column(String(200))
    superseded_by: Mapped[uuid.UUID | None]
    token: Mapped[str] = mapped_column(Text)  # compact JWS signed by the platform
    key_id: Mapped[str] = mapped_column(String(40))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # {"holder": full name, "data": {...}}


class DocumentSigningKey(Base):
    """The public key of every platform key that signed a document. Token keys leave the JWKS
    soon after they retire; these stay published so old documents can still be checked."""

    __tablename__ = "document_signing_key"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(8))
    public_jwk: Mapped[dict] = mapped_column(JSON)
    first_used_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentShare(IdMixin, Base):
    """A time-limited link through which anyone holding it may read one document."""

    __tablename__ = "document_share"

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("document_document.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    opened_count: Mapped[int] = mapped_column(Integer, default=0)
    last_opened_at: Mapped[datetime | None]
